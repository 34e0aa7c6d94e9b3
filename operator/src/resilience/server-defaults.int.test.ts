import type { KubeObject } from '@batteries-included/batteries';
import { pino } from 'pino';
import { loadKubeConfig } from '../kube/client.js';
import { startOperator, type RunningOperator } from '../operator.js';
import { createPgliteSql } from '@batteries-included/sql';
import { createStore, type Store } from '../store/store.js';
import type { PassOutcome } from '../engine/pass-outcome.js';
import {
  liveManagedObjects,
  repoPath,
  resourceVersions,
  startPlatformCluster,
  until,
  untilPlatformReady,
  type PlatformCluster,
} from './harness.js';

/** Leaf paths under `spec` that the live object has and the desired one does not: what the API server filled in. */
function serverFilledPaths(desired: unknown, live: unknown, path = 'spec'): string[] {
  if (live === null || typeof live !== 'object') return desired === undefined ? [path] : [];
  if (desired === undefined) return [path];
  if (typeof desired !== 'object' || desired === null) return [];
  return Object.entries(live as Record<string, unknown>).flatMap(([key, value]) =>
    serverFilledPaths((desired as Record<string, unknown>)[key], value, `${path}.${key}`),
  );
}

/**
 * A settled platform stays untouched: the API server fills in defaults the generators never set (a
 * Deployment's strategy, a container's terminationMessagePath, a Service's sessionAffinity …), and a pass
 * must not mistake those for drift. Proven two ways: no managed object's resourceVersion moves, and the
 * store's records of those passes count every object `unchanged` and list no object rows.
 */
describe('passes over a settled platform', () => {
  let platform: PlatformCluster;
  let store: Store;
  let operator: RunningOperator;

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
    await platform.kubectl(['apply', '--server-side', '-f', repoPath('examples/platform.yaml')]);
    await untilPlatformReady(platform);
  }, 180_000);

  afterAll(async () => {
    await operator?.stop();
    await store?.close();
    await platform?.stop();
  }, 60_000);

  it('write nothing although the API server filled in defaults', async () => {
    // Settled: controllers have finished writing status (Deployments Available, claims Bound), so any
    // resourceVersion that moves from here on moved because something wrote to the object.
    let versions = new Map<string, string>();
    await until(
      'the managed objects to settle',
      async () => {
        const previous = versions;
        await new Promise((resolve) => setTimeout(resolve, 1500));
        versions = resourceVersions(await liveManagedObjects(platform));
        return previous.size > 0 && sameEntries(previous, versions);
      },
      { timeoutMs: 60_000 },
    );
    const live = await liveManagedObjects(platform);

    // The premise: the server did fill in fields we never set, in most objects with a spec.
    const inventory = await store.getInventory();
    const filled = new Map<string, string[]>();
    for (const entry of inventory) {
      const desired = (await store.getDocument(entry.documentHash))?.body as KubeObject | undefined;
      const paths = serverFilledPaths(desired?.spec, live.get(entry.ref)?.spec);
      if (paths.length > 0) filled.set(entry.ref, paths);
    }
    const grafana = [...filled].find(([ref]) => ref === 'Deployment.apps/battery-core/grafana')?.[1];
    expect(grafana).toEqual(
      expect.arrayContaining([
        'spec.revisionHistoryLimit',
        'spec.strategy',
        'spec.template.spec.containers.0.terminationMessagePath',
      ]),
    );
    expect(filled.size).toBeGreaterThanOrEqual(10);

    const outcomes: PassOutcome[] = [];
    for (let i = 0; i < 3; i++) {
      const next = operator.nextPass();
      operator.requestPass('manual');
      outcomes.push(await next);
    }

    expect(resourceVersions(await liveManagedObjects(platform))).toEqual(versions);
    expect(outcomes.map((o) => o.kind)).toEqual(['done', 'done', 'done']);
    for (const outcome of outcomes) {
      const pass = await store.getPass((outcome as { passId: number }).passId);
      expect(pass?.trigger).toContain('manual');
      expect(pass?.counts).toEqual({
        created: 0,
        updated: 0,
        unchanged: live.size,
        drifted: 0,
        pruned: 0,
        orphaned: 0,
        failed: 0,
      });
      expect(pass?.objects).toEqual([]);
    }
  }, 120_000);
});

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([key, value]) => b.get(key) === value);
}
