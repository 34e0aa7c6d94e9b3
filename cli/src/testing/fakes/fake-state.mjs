// Shared state of the fake `kind` and `docker`: which clusters exist and what was called, under BI_FAKE_STATE_DIR.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function stateDir() {
  const dir = process.env.BI_FAKE_STATE_DIR;
  if (!dir) {
    process.stderr.write('fake: BI_FAKE_STATE_DIR is not set (use cli/src/testing/fake-tools.ts)\n');
    process.exit(97);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Appends one call to calls.jsonl so a test can see what bi ran. */
export function recordCall(tool, argv, extra = {}) {
  appendFileSync(join(stateDir(), 'calls.jsonl'), JSON.stringify({ tool, argv, ...extra }) + '\n');
}

export function readClusters() {
  const file = join(stateDir(), 'clusters.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
}

export function writeClusters(clusters) {
  writeFileSync(join(stateDir(), 'clusters.json'), JSON.stringify(clusters, null, 2));
}

/** The value after `--flag` or in `--flag=value`. */
export function flag(argv, name) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) return argv[i + 1];
    if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
  }
  return undefined;
}
