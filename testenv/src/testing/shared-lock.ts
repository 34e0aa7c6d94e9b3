import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../eventually.js';
import { RUN_ROOT } from '../paths.js';
import { isAlive } from '../state.js';

/**
 * Holds a named lock on the integration run's shared cluster until the returned release is called, so suites
 * in parallel jest workers that touch the same cluster-scoped objects (Battery objects are one per type) take
 * turns. A lock whose holder died is taken over. Waits at most `timeoutMs` (default 50 s, within a hook's 60 s).
 * @example
 * let release: () => void;
 * beforeAll(async () => (release = await lockSharedCluster('battery-objects')));
 * afterAll(() => release?.());
 */
export async function lockSharedCluster(name: string, timeoutMs = 50_000): Promise<() => void> {
  const dir = join(RUN_ROOT, 'locks', name);
  mkdirSync(join(RUN_ROOT, 'locks'), { recursive: true });
  let holder = '';
  await eventually(
    `the shared-cluster lock ${name}`,
    () => {
      try {
        mkdirSync(dir);
        writeFileSync(join(dir, 'owner'), String(process.pid));
        return true;
      } catch {
        holder = readOwner(dir);
        if (holder && !isAlive(Number(holder))) rmSync(dir, { recursive: true, force: true });
        return false;
      }
    },
    { timeoutMs, intervalMs: 200, lastSeen: () => `held by process ${holder || '(unknown)'}` },
  );
  return () => rmSync(dir, { recursive: true, force: true });
}

function readOwner(dir: string): string {
  try {
    return readFileSync(join(dir, 'owner'), 'utf8').trim();
  } catch {
    return '';
  }
}
