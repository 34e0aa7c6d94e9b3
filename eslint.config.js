import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The pure core (batteries/ and operator/src/engine/plan) may not reach the world: no node:* modules,
// no Kubernetes client, no database drivers, no store. Everything it needs arrives as values.
const impure = [
  { group: ['node:*'], message: 'The pure core may not use Node built-ins; take values as arguments.' },
  {
    group: ['@kubernetes/client-node', 'pg', '@electric-sql/*', 'hono', '@hono/*'],
    message: 'The pure core may not do I/O.',
  },
  {
    group: ['**/store/**', '**/kube/**', '**/engine/apply/**'],
    message: 'The pure core may not import the I/O shell.',
  },
];
const builtins = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'process', 'url'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/build/**', '**/node_modules/**', '.testenv/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['batteries/src/**/*.ts', 'operator/src/engine/plan/**/*.ts'],
    ignores: ['**/*.test.ts', 'batteries/src/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: builtins, patterns: impure }],
      'no-restricted-globals': ['error', 'process', 'Date', 'setTimeout', 'setInterval', 'fetch'],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Randomness is minted in Prepare.' },
      ],
    },
  },
  {
    // The console talks to the operator over HTTP. From the other workspaces it takes the API's types (erased at
    // build time) and one pure module, the quantity parser; nothing else (docs/adr/0007).
    files: ['console/src/**/*.ts', 'console/src/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@batteries-included/operator/api-types',
              allowTypeImports: true,
              message:
                'Import the API types with `import type`: the console bundle must carry no server code.',
            },
          ],
          patterns: [
            {
              regex: '^@batteries-included/(?!batteries/quantity$|operator/api-types$)',
              message:
                'The console may import only @batteries-included/operator/api-types (types) and ' +
                '@batteries-included/batteries/quantity from other workspaces.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { Buffer: 'readonly', performance: 'readonly', globalThis: 'readonly' } },
  },
);
