import { pino } from 'pino';
import type { OperatorEvent } from '../engine/event-bus.js';
import { loadKubeConfig } from '../kube/client.js';
import { startOperator, type RunningOperator } from '../operator.js';
import { createPgliteSql } from '@batteries-included/sql';
import { createStore, type Store } from '../store/store.js';
import {
  allPasses,
  inventoryProblems,
  liveManagedObjects,
  passHistoryProblems,
  repoPath,
  startPlatformCluster,
  untilPlatformReady,
  type PlatformCluster,
} from './harness.js';

/**
 * The API server goes away in the middle of the pass that installs the platform — requests in flight fail,
 * watches break — and comes back on the same address. The operator needs no restart: its informers re-list,
 * the runner retries the failed pass with backoff, and the platform converges.
 */
describe('an API server restart in the middle of a pass', () => {
  let platform: PlatformCluster;
  let store: Store;
  let operator: RunningOperator;
  const events: OperatorEvent[] = [];

  beforeAll(async () => {
    platform = await startPlatformCluster();
    store = await createStore(await createPgliteSql());
    operator = await startOperator({
      config: loadKubeConfig(platform.cluster.kubeconfigPath),
      store,
      logger: pino({ level: 'silent' }),
      withoutLeaderElection: true,
      debounceMs: 100,
    });
  }, 120_000);

  afterAll(async () => {
    await operator?.stop();
    await store?.close();
    await platform?.stop();
  }, 60_000);

  it('converges once the API server is back, with every object applied and recorded', async () => {
    const installing = new Promise<void>((resolve) =>
      operator.bus.subscribe((event) => {
        events.push(event);
        if (event.type === 'pass-started' && event.triggers.some((t) => t.startsWith('battery:'))) resolve();
      }),
    );
    await platform.kubectl(['apply', '--server-side', '-f', repoPath('examples/platform.yaml')]);
    await installing;

    // The install pass is applying (it started; nothing has finished since) when the API server stops.
    const install = events.findIndex(
      (e) => e.type === 'pass-started' && e.triggers.some((t) => t.startsWith('battery:')),
    );
    expect(events.slice(install).filter((e) => e.type === 'pass-finished')).toEqual([]);
    await platform.cluster.restartComponent('kube-apiserver');

    await untilPlatformReady(platform, 150_000);
    // Converged: a further pass finds every object as desired and nothing failing.
    const next = operator.nextPass();
    operator.requestPass('manual');
    const outcome = await next;
    expect(outcome.kind).toBe('done');
    const pass = await store.getPass((outcome as { passId: number }).passId);
    const live = await liveManagedObjects(platform);
    expect(pass?.counts).toEqual(expect.objectContaining({ unchanged: live.size, failed: 0, created: 0 }));

    const passes = await allPasses(store);
    expect(passHistoryProblems(passes)).toEqual([]);
    // The restart did cut into a pass: requests refused while it was down are recorded as failures.
    expect(passes.some((p) => p.counts.failed > 0)).toBe(true);
    expect(await inventoryProblems(store, platform)).toEqual([]);
  }, 240_000);
});
