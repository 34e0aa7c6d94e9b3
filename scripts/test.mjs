// `npm test`: install what is missing, then lint, typecheck, the CRD staleness check, and every unit and
// integration test. Ends with the plain "N passed, N failed" line CI reads. Extra arguments go to jest.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, must, run, say } from './lib.mjs';
import { setup } from './setup.mjs';

const started = Date.now();
setup();

say('lint (eslint + prettier)');
must('npm', ['run', '--silent', 'lint']);
say('typecheck (tsc -b)');
must('npm', ['run', '--silent', 'build']);

say('unit and integration tests (jest)');
const summaryFile = join(ROOT, '.testenv', 'jest-summary.json');
rmSync(summaryFile, { force: true });
const code = run(
  process.execPath,
  ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', ...process.argv.slice(2)],
  {
    env: { ...process.env, BI_TEST_SUMMARY_FILE: summaryFile },
  },
);
const summary = existsSync(summaryFile)
  ? JSON.parse(readFileSync(summaryFile, 'utf8'))
  : { passed: 0, failed: 1 };
const slowest = (summary.files ?? []).slice(0, 12);
if (slowest.length > 0) {
  say('slowest test files (s; the whole list is in .testenv/jest-summary.json)');
  for (const { file, seconds } of slowest) process.stderr.write(`${String(seconds).padStart(8)}  ${file}\n`);
}
say(`finished in ${Math.round((Date.now() - started) / 1000)} s`);
const failed = code !== 0 && summary.failed === 0 ? 1 : summary.failed;
process.stdout.write(
  `${summary.passed} passed, ${failed} failed${summary.skipped ? `, ${summary.skipped} skipped` : ''}\n`,
);
process.exit(code);
