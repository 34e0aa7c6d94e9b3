import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { MANAGED_SELECTOR } from '@batteries-included/batteries';
import {
  allPasses,
  eventually,
  inventoryProblems,
  liveManagedObjects,
  passHistoryProblems,
  repoPath,
  startPlatform,
  untilPlatformReady,
  type Platform,
} from '@batteries-included/operator/testing';
import { UNRECORDED_CREATE } from '../engine/decide/summarize-pass.js';
import type { Store } from '../store/store.js';
import type { PassSummary } from '../store/types.js';

/**
 * The operator process is killed (SIGKILL: no shutdown hook, nothing flushed) while the pass installing the
 * platform is applying, then started again on the same Postgres. The pass that died was never recorded — a
 * record is one transaction at the end of a pass — so the history holds no half of it; the restarted operator
 * finds the objects it had applied already in place (same hash, in no recorded pass: recorded as created late),
 * creates the rest, and records them all.
 */
describe('the operator killed in the middle of a pass', () => {
  let platform: Platform;
  let store: Store;

  beforeAll(async () => {
    platform = await startPlatform({ nodes: 2, operator: false, store: 'postgres' });
    // The test's own reader of the store the operator writes (migrations run here first).
    store = await platform.openStore();
  }, 120_000);

  afterAll(() => platform?.stop(), 60_000);

  // On the platform's PostgreSQL database (DATABASE_URL), without leader election.
  const startOperatorProcess = (name: string) =>
    platform.spawnOperator(name, { BI_LEADER_ELECTION: 'false' });

  it('restarts into a converged platform with no pass lost or recorded twice', async () => {
    const first = await startOperatorProcess('first operator');
    await first.waitForLog((l) => l.msg === 'pass done' && typeof l.passId === 'number', 'a recorded pass');

    // Kill the moment the install pass writes its first object (a Namespace, in the first stage).
    const watch = spawn(platform.cluster.binaries.kubectl, [
      '--kubeconfig',
      platform.cluster.kubeconfigPath,
      'get',
      'namespaces',
      '-l',
      MANAGED_SELECTOR,
      '--watch',
      '-o',
      'name',
    ]);
    const firstNamespace = new Promise<string>((resolve) =>
      createInterface({ input: watch.stdout }).once('line', resolve),
    );
    await platform.kubectl(['apply', '--server-side', '-f', repoPath('examples/platform.yaml')]);
    await firstNamespace;
    await first.kill();
    watch.kill();

    // Mid-pass indeed: objects were applied that no recorded pass knows of, and the platform is incomplete.
    const recordedBefore = await allPasses(store);
    const inventoryBefore = new Set((await store.getInventory()).map((entry) => entry.ref));
    const liveBefore = await liveManagedObjects(platform);
    const applied = [...liveBefore.keys()].filter((ref) => !inventoryBefore.has(ref));
    expect(applied.length).toBeGreaterThan(0);
    expect(recordedBefore.some((pass) => pass.trigger.includes('battery:'))).toBe(false);

    const second = await startOperatorProcess('second operator');
    await untilPlatformReady(platform, 150_000);
    // Converged: the inventory is exactly the live managed set (refs and hashes).
    let problems: string[] = [];
    await eventually(
      'the inventory to equal the live managed set',
      async () => (problems = await inventoryProblems(store, platform)).length === 0,
      { timeoutMs: 30_000, lastSeen: () => `${problems.join('; ')}\n${second.diagnostics()}` },
    );

    const passes = await allPasses(store);
    expect(passHistoryProblems(passes)).toEqual([]);
    // Nothing recorded before the kill was lost or rewritten.
    expect(passes.slice(0, recordedBefore.length).map(summary)).toEqual(recordedBefore.map(summary));
    // The restarted operator's first pass recorded the whole platform as created — what the dead pass had
    // applied too (found live with our hash, in no recorded pass), with a message saying so; nothing failed.
    const install = passes[recordedBefore.length]!;
    const live = await liveManagedObjects(platform);
    expect(install.counts).toEqual(expect.objectContaining({ created: live.size, failed: 0 }));
    const detail = await store.getPass(install.id);
    const lateCreates = detail!.objects.filter((o) => o.message === UNRECORDED_CREATE).map((o) => o.ref);
    expect(lateCreates.sort()).toEqual(applied.sort());
    // Every inventory entry points at a stored document.
    for (const entry of await store.getInventory())
      expect(await store.getDocument(entry.documentHash)).toBeDefined();

    await second.stop();
    expect(await second.exited).toBe(0);
  }, 240_000);
});

function summary(pass: PassSummary) {
  return {
    id: pass.id,
    startedAt: pass.startedAt,
    trigger: pass.trigger,
    status: pass.status,
    manifestHash: pass.manifestHash,
  };
}
