// Entry point of `npm run synth` (`node --import tsx crds/src/synth.ts [--check]`).
//
// The batteries must be loaded from source: without the `source` export condition Node resolves
// @batteries-included/batteries to its compiled dist/, which may be missing or, worse, stale, and a stale
// catalog would synthesize stale CRDs. So this file imports nothing from the workspace itself; it checks
// the resolution and, when needed, runs itself again with --conditions=source.
import { spawnSync } from 'node:child_process';

const resolved = import.meta.resolve('@batteries-included/batteries');
if (resolved.endsWith('/src/index.ts')) {
  const { runSynth } = await import('./synth-command.js');
  process.exitCode = runSynth(process.argv.slice(2));
} else {
  const child = spawnSync(
    process.execPath,
    ['--conditions=source', ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
    },
  );
  process.exitCode = child.status ?? 1;
}
