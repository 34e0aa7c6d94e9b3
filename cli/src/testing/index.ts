// The CLI's test kit: `import { runBi, installFakeTools } from '@batteries-included/cli/testing'` — `bi` from
// source in a child process, stand-ins for kind and docker (which cannot run here) that hand back a testenv
// control plane, and the last-resort cleanup of a `--local-operator`. Used by the CLI's and Home Base's suites.
export { installFakeTools, type FakeCall, type FakeTools, type FakeToolsOptions } from './fake-tools.js';
export { runBi, type BiResult, type RunBiOptions } from './run-bi.js';
export { killLocalOperator } from './local-operator.js';
