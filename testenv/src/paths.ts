import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `testenv/` folder (holds go.mod). */
export const TESTENV_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root. */
export const REPO_DIR = resolve(TESTENV_DIR, '..');

/** Where built binaries are cached between runs: `$BI_TESTENV_CACHE`, else `$XDG_CACHE_HOME` or `~/.cache`. */
export function cacheRoot(): string {
  if (process.env.BI_TESTENV_CACHE) return process.env.BI_TESTENV_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'batteries-included', 'testenv');
}

/** Where running clusters keep data and logs: `<repo>/.testenv/` (git-ignored). */
export const RUN_ROOT = join(REPO_DIR, '.testenv');
