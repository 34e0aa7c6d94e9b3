// One jest run, two projects: pure unit tests, and integration tests that share one real control
// plane (testenv) and one throwaway Postgres database started in the integration global setup.
const transform = {
  '^.+\\.tsx?$': [
    '@swc/jest',
    {
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', tsx: true },
        transform: { react: { runtime: 'automatic' } },
      },
      module: { type: 'es6' },
      sourceMaps: 'inline',
    },
  ],
};

const shared = {
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  moduleNameMapper: {
    '^@batteries-included/([a-z-]+)$': '<rootDir>/$1/src/index.ts',
    '^@batteries-included/operator/vocabulary$': '<rootDir>/operator/src/engine/vocabulary.ts',
    // The test kits: `@batteries-included/operator/testing`, `@batteries-included/batteries/testing`, …
    '^@batteries-included/([a-z-]+)/testing$': '<rootDir>/$1/src/testing/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform,
  testEnvironment: 'node',
  // Subpath exports of the workspaces (`@batteries-included/batteries/quantity`) resolve to their TypeScript, as
  // with `node --conditions=source`.
  testEnvironmentOptions: { customExportConditions: ['source', 'node', 'node-addons'] },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/', '<rootDir>/.testenv/'],
};

/** @type {import('jest').Config} */
export default {
  // Two files at a time, whatever the core count (BI_TEST_WORKERS overrides): integration suites spend most of
  // their time waiting on real servers, so two overlap well on 2 cores (four operator suites: 102 s in one
  // worker, 78 s in two). Suites sharing the global-setup cluster keep apart by namespace, and take turns with
  // `lockSharedCluster` where they touch cluster-wide objects.
  maxWorkers: Number(process.env.BI_TEST_WORKERS ?? 2),
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.cjs'],
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/*/src/**/*.test.ts', '<rootDir>/*/test/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.int\\.test\\.ts$', '/node_modules/'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/*/src/**/*.int.test.ts', '<rootDir>/*/test/**/*.int.test.ts'],
      globalSetup: '<rootDir>/testenv/jest/global-setup.mjs',
      globalTeardown: '<rootDir>/testenv/jest/global-teardown.mjs',
      slowTestThreshold: 60,
      // Real servers on a 2-core machine: a hook or test that talks to them gets a minute unless it says more
      // (set in a setup file: `testTimeout` is a global option that a project's config cannot carry).
      setupFilesAfterEnv: ['<rootDir>/testenv/jest/integration-timeout.mjs'],
    },
  ],
};
