import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BATTERY_LABEL, HASH_ANNOTATION } from '@batteries-included/batteries';
import {
  allPasses,
  eventually,
  inventoryProblems,
  liveManagedObjects,
  repoPath,
  startPlatform,
  untilPlatformReady,
  type LogLine,
  type OperatorProcess,
  type Platform,
} from '@batteries-included/operator/testing';
import { LEASE_NAME } from '../kube/lease.js';
import { openStore } from '../store/open-store.js';

const NAMESPACE = 'bi-operator-system';

/**
 * Two operator processes with leader election contend for one Lease. Both use the field manager
 * `batteries-included`, so managedFields cannot tell their writes apart; instead each has its own store
 * (DATA_DIR) and JSON log: only the Lease holder runs and records passes, the other's store stays empty.
 * Killed without a chance to release the Lease, the leader is replaced once the Lease expires (15 s without
 * renewal), and the successor converges the platform, including an edit made while nobody led.
 */
describe('two operator processes', () => {
  let platform: Platform;
  const dataDirs = { a: '', b: '' };

  beforeAll(async () => {
    platform = await startPlatform({ nodes: 2, operator: false });
    await platform.kubectl(['create', 'namespace', NAMESPACE]);
    dataDirs.a = mkdtempSync(join(tmpdir(), 'operator-a-'));
    dataDirs.b = mkdtempSync(join(tmpdir(), 'operator-b-'));
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    for (const dir of Object.values(dataDirs)) if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const startReplica = async (podName: 'operator-a' | 'operator-b') => {
    return platform.spawnOperator(podName, {
      DATA_DIR: podName === 'operator-a' ? dataDirs.a : dataDirs.b,
      BI_NAMESPACE: NAMESPACE,
      POD_NAME: podName,
      LOG_LEVEL: 'debug',
    });
  };
  const leaseHolder = async () =>
    (await platform.getJson(['-n', NAMESPACE, 'get', 'lease', LEASE_NAME])).spec as {
      holderIdentity?: string;
      leaseTransitions?: number;
    };
  const passesDone = (operator: OperatorProcess) =>
    operator.logs.filter((line: LogLine) => line.msg === 'pass done');
  const storeOf = (dataDir: string) => openStore({ dataDir, env: {} });

  it('lets only the Lease holder run passes, and the other take over when the holder is killed', async () => {
    const a = await startReplica('operator-a');
    await a.waitForLog((l) => l.msg === 'became leader', 'leadership');
    let b = await startReplica('operator-b');
    // B is up, its cache synced, and it decided against a pass: it is not the leader.
    await b.waitForLog((l) => l.msg === 'pass skipped', 'a skipped pass');

    await platform.kubectl(['apply', '--server-side', '-f', repoPath('examples/platform.yaml')]);
    await untilPlatformReady(platform);
    expect((await leaseHolder()).holderIdentity).toBe('operator-a');
    expect(passesDone(a).length).toBeGreaterThan(0);
    expect(passesDone(b)).toEqual([]);
    expect(b.logs.filter((l) => l.msg === 'became leader')).toEqual([]);

    // B's own store holds no pass (a PGlite directory opens in one process at a time: stop B to read it).
    await b.stop();
    const followerStore = await storeOf(dataDirs.b);
    expect(await allPasses(followerStore)).toEqual([]);
    expect(await followerStore.getInventory()).toEqual([]);
    await followerStore.close();
    b = await startReplica('operator-b');
    await b.waitForLog((l) => l.msg === 'pass skipped', 'a skipped pass after its restart');

    // A dies without releasing the Lease; a Battery edit made meanwhile waits for the next leader.
    const transitions = (await leaseHolder()).leaseTransitions ?? 0;
    await a.kill();
    const lokiHashes = async () =>
      new Map(
        [...(await liveManagedObjects(platform))]
          .filter(([, o]) => o.metadata.labels?.[BATTERY_LABEL] === 'loki')
          .map(([ref, o]) => [ref, o.metadata.annotations?.[HASH_ANNOTATION]]),
      );
    const before = await lokiHashes();
    await platform.kubectl([
      'patch',
      'lokibattery',
      'loki',
      '--type=merge',
      '-p',
      '{"spec":{"retentionPeriod":"30d"}}',
    ]);

    // Generous: the Lease expires 15 s after A's last renewal; B looks every 5 s.
    await b.waitForLog((l) => l.msg === 'became leader', 'leadership after the leader was killed', 45_000);
    expect(await leaseHolder()).toEqual(
      expect.objectContaining({ holderIdentity: 'operator-b', leaseTransitions: transitions + 1 }),
    );
    await eventually(
      'the loki edit applied by the new leader',
      async () => [...(await lokiHashes())].some(([ref, hash]) => before.get(ref) !== hash),
      { timeoutMs: 30_000, lastSeen: () => b.diagnostics() },
    );
    await untilPlatformReady(platform);
    const takeover = b.logs.findIndex((l) => l.msg === 'became leader');
    expect(passesDone(b).every((line) => b.logs.indexOf(line) > takeover)).toBe(true);
    const lastPass = await b.waitForLog(
      (l) => l.msg === 'pass done' && typeof l.passId === 'number',
      'a recorded pass',
    );
    expect(lastPass.passId).toBeGreaterThan(0);

    // B's store now has the platform: its passes, and an inventory equal to the live managed set.
    await b.stop();
    expect(await b.exited).toBe(0);
    const leaderStore = await storeOf(dataDirs.b);
    try {
      expect((await allPasses(leaderStore)).length).toBeGreaterThan(0);
      expect(await inventoryProblems(leaderStore, platform)).toEqual([]);
    } finally {
      await leaderStore.close();
    }
  }, 240_000);
});
