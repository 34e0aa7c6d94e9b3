// Records jest's aggregated counts for scripts/test.mjs, which prints the plain "N passed, N failed" line CI
// reads, and each test file's duration (slowest first) so a run says where its time went. Suites that failed to
// run (syntax errors, a failing global setup) count as failures.
const { mkdirSync, writeFileSync } = require('node:fs');
const { dirname, relative } = require('node:path');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const files = results.testResults
      .map((file) => ({
        file: relative(process.cwd(), file.testFilePath),
        seconds: Math.round((file.perfStats.end - file.perfStats.start) / 100) / 10,
        tests: file.numPassingTests + file.numFailingTests,
      }))
      .sort((a, b) => b.seconds - a.seconds);
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      files,
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
