import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from './eventually.js';

/** What a running cluster leaves on disk so `testenv down|status` and later runs can find it. */
export interface ClusterState {
  kubeconfigPath: string;
  server: string;
  /** The process that started the cluster; when it is gone and not detached, the cluster is stale. */
  owner: number;
  pids: Array<{ name: string; pid: number }>;
  /** Started by `testenv up`: meant to outlive its owner, so never swept as stale. */
  detached: boolean;
}

const STATE_FILE = 'state.json';

export function writeState(dataDir: string, state: ClusterState): void {
  writeFileSync(join(dataDir, STATE_FILE), JSON.stringify(state, null, 2));
}

export function removeState(dataDir: string): void {
  rmSync(join(dataDir, STATE_FILE), { force: true });
}

export function readStates(runRoot: string): Array<{ dataDir: string; state: ClusterState }> {
  if (!existsSync(runRoot)) return [];
  return readdirSync(runRoot)
    .map((name) => join(runRoot, name))
    .filter((dir) => existsSync(join(dir, STATE_FILE)))
    .map((dataDir) => ({
      dataDir,
      state: JSON.parse(readFileSync(join(dataDir, STATE_FILE), 'utf8')) as ClusterState,
    }));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills a recorded cluster's processes (TERM, then KILL after 5 s) and removes its data directory. */
export async function killRecordedCluster(dataDir: string, state: ClusterState): Promise<void> {
  const alive = () => state.pids.filter((p) => isAlive(p.pid));
  for (const { pid } of alive()) process.kill(pid, 'SIGTERM');
  await eventually('the recorded processes to exit', () => alive().length === 0, {
    timeoutMs: 5000,
    intervalMs: 100,
  }).catch(() => undefined); // whatever is left gets SIGKILL
  for (const { pid } of alive()) process.kill(pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}

/** Stops clusters whose owning process died without stopping them (a crashed test run), so re-runs recover. */
export async function sweepStaleClusters(runRoot: string): Promise<number> {
  const stale = readStates(runRoot).filter(({ state }) => !state.detached && !isAlive(state.owner));
  for (const { dataDir, state } of stale) await killRecordedCluster(dataDir, state);
  return stale.length;
}
