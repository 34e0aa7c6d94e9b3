import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

// The pure core (batteries/, operator/src/engine/plan, operator/src/engine/decide and the outcome vocabulary) may
// not reach the world: no node:* modules, no Kubernetes client, no database drivers, no store. Everything it needs
// arrives as values.
const impure = [
  { group: ['node:*'], message: 'The pure core may not use Node built-ins; take values as arguments.' },
  {
    group: ['@kubernetes/client-node', 'pg', '@electric-sql/*', 'hono', '@hono/*'],
    message: 'The pure core may not do I/O.',
  },
  {
    group: [
      '**/store/**',
      '**/kube/**',
      '**/engine/apply/**',
      '**/observe/**',
      '**/api/**',
      '**/rollback/**',
    ],
    message: 'The pure core may not import the I/O shell.',
  },
];
// Flat config keeps only the last `no-restricted-imports` that matches a file, so each file group below lists every
// pattern that applies to it.
const WORKSPACES = [
  'testenv',
  'design',
  'sql',
  'batteries',
  'crds',
  'operator',
  'cli',
  'homebase',
  'console',
  'site',
  'deploy',
];
/** No reaching into another workspace's files: `@batteries-included/<name>` (and its subpaths such as `/testing`). */
const deepImports = {
  group: WORKSPACES.flatMap((w) => [`**/${w}/src/**`, `**/${w}/test/**`, `@batteries-included/${w}/src/**`]),
  message:
    "Import another workspace through its package entry (@batteries-included/<name>, or a subpath it exports such as '/testing'), never its files.",
};
const drivers = {
  group: ['pg', '@electric-sql/*'],
  message: 'Use @batteries-included/sql (its adapters, migrations and row helpers), not a driver.',
};
const sqlOwnOnly = {
  group: ['@batteries-included/*', '../../**'],
  message: '@batteries-included/sql may import only pg, @electric-sql/pglite and Node built-ins.',
};
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
    // The SQL workspace imports only its drivers (and Node): it knows nothing of its users.
    files: ['sql/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [sqlOwnOnly] }] },
  },
  {
    // Everyone else: other workspaces only through their public entries, Postgres only through @batteries-included/sql.
    files: [`{${WORKSPACES.filter((w) => w !== 'sql').join(',')},scripts}/**/*.{ts,tsx,mjs}`],
    rules: { 'no-restricted-imports': ['error', { patterns: [deepImports, drivers] }] },
  },
  {
    files: [
      'batteries/src/**/*.ts',
      'operator/src/engine/plan/**/*.ts',
      'operator/src/engine/decide/**/*.ts',
      'operator/src/engine/vocabulary.ts',
    ],
    ignores: ['**/*.test.ts', 'batteries/src/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: builtins, patterns: [deepImports, ...impure] }],
      'no-restricted-globals': ['error', 'process', 'Date', 'setTimeout', 'setInterval', 'fetch'],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Randomness is minted in Prepare.' },
      ],
    },
  },
  // Tests: nothing focused, skipped or commented out lands; every expect is a real assertion, and none hides
  // behind a condition (a test that can skip its own assertion can pass without proving anything).
  {
    files: ['**/*.test.ts', '**/*.test.tsx', '**/*.contract.ts'],
    plugins: { jest },
    languageOptions: { globals: jest.environments.globals.globals },
    rules: {
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/no-commented-out-tests': 'error',
      'jest/valid-expect': 'error',
      'jest/no-conditional-expect': 'error',
      'jest/no-standalone-expect': ['error', { additionalTestBlockFunctions: ['afterEach'] }],
      'jest/valid-title': 'error',
      'jest/no-identical-title': 'error',
    },
  },
  {
    // The console talks to the operator over HTTP. From the other workspaces it takes the API's types (erased at
    // build time), two pure modules without imports (the quantity parser and the outcome vocabulary) and the design
    // tokens' CSS; nothing else (docs/adr/0010).
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
              regex:
                '^@batteries-included/(?!batteries/quantity$|operator/api-types$|operator/vocabulary$|design/tokens\\.css$)',
              message:
                'The console may import only @batteries-included/operator/api-types (types), ' +
                '@batteries-included/operator/vocabulary, @batteries-included/batteries/quantity and ' +
                '@batteries-included/design/tokens.css from other workspaces.',
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
