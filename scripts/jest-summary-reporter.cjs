// Records jest's aggregated counts for scripts/test.mjs, which prints the plain "N passed, N failed" line CI
// reads. Suites that failed to run (syntax errors, a failing global setup) count as failures.
const { mkdirSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    const file = process.env.BI_TEST_SUMMARY_FILE;
    if (file) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(summary));
    } else {
      process.stdout.write(`\n${summary.passed} passed, ${summary.failed} failed\n`);
    }
  }
}
module.exports = SummaryReporter;
