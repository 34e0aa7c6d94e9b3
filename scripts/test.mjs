// `npm test`: install what is missing, then lint, typecheck, the CRD staleness check, and every unit and
// integration test. Ends with how long it took (and, under .ci/run, how long CI took), then the plain
// "N passed, N failed" line CI reads, last. Extra arguments go to jest.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, must, run, say } from './lib.mjs';
import { setup } from './setup.mjs';

const started = Date.now();
const phases = [];
/** Runs a phase and keeps its duration for the summary. */
function timed(name, step) {
  const from = Date.now();
  const result = step();
  phases.push([name, Date.now() - from]);
  return result;
}
timed('setup', () => setup());

say('lint (eslint + prettier)');
timed('lint', () => must('npm', ['run', '--silent', 'lint']));
say('typecheck (tsc -b)');
timed('typecheck and build', () => must('npm', ['run', '--silent', 'build']));

say('unit and integration tests (jest)');
const summaryFile = join(ROOT, '.testenv', 'jest-summary.json');
rmSync(summaryFile, { force: true });
const code = timed('tests', () =>
  run(
    process.execPath,
    ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', ...process.argv.slice(2)],
    {
      env: { ...process.env, BI_TEST_SUMMARY_FILE: summaryFile },
    },
  ),
);
const summary = existsSync(summaryFile)
  ? JSON.parse(readFileSync(summaryFile, 'utf8'))
  : { passed: 0, failed: 1 };
const slowest = (summary.files ?? []).slice(0, 12);
if (slowest.length > 0) {
  say('slowest test files (s; the whole list is in .testenv/jest-summary.json)');
  for (const { file, seconds } of slowest) process.stderr.write(`${String(seconds).padStart(8)}  ${file}\n`);
}
const breakdown = phases.map(([name, ms]) => `${name} ${duration(ms)}`).join(', ');
say(`npm test finished in ${duration(Date.now() - started)} (${breakdown})`);
// Under .ci/run: the whole CI run, the clean install before npm test included.
const ciStarted = Number(process.env.BI_CI_STARTED_MS);
if (Number.isFinite(ciStarted) && ciStarted > 0) {
  say(
    `.ci/run finished in ${duration(Date.now() - ciStarted)} (install ${duration(started - ciStarted)}, then npm test)`,
  );
}
const failed = code !== 0 && summary.failed === 0 ? 1 : summary.failed;
process.stdout.write(
  `${summary.passed} passed, ${failed} failed${summary.skipped ? `, ${summary.skipped} skipped` : ''}\n`,
);
process.exit(code);

function duration(ms) {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
