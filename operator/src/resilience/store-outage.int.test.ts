import { BATTERY_LABEL, HASH_ANNOTATION } from '@batteries-included/batteries';
import {
  allPasses,
  eventually,
  inventoryProblems,
  liveManagedObjects,
  passHistoryProblems,
  repoPath,
  startPlatform,
  untilPlatformReady,
  type OperatorPlatform,
  type TestPostgres,
} from '@batteries-included/operator/testing';
import type { OperatorEvent } from '../engine/event-bus.js';
import type { RunningOperator } from '../operator.js';
import type { Store } from '../store/store.js';

type PassFinished = Extract<OperatorEvent, { type: 'pass-finished' }>;

/**
 * Postgres goes away while the platform runs. The cluster work must not wait for it: a Battery edit is applied
 * during the outage. The passes that ran meanwhile are kept in memory (`PassDependencies.unrecorded`), the
 * runner retries with backoff, and once Postgres is back each of them is recorded, oldest first and under its
 * own start time and trigger, before the pass that flushed them — so the history has no gap.
 */
describe('a Postgres outage', () => {
  let platform: OperatorPlatform;
  let postgres: TestPostgres;
  let store: Store;
  let operator: RunningOperator;
  const finished: PassFinished[] = [];

  beforeAll(async () => {
    platform = await startPlatform({ nodes: 2, store: 'private-postgres' });
    ({ store, operator } = platform);
    postgres = platform.postgres!;
    operator.bus.subscribe((event) => event.type === 'pass-finished' && finished.push(event));
    await platform.kubectl(['apply', '--server-side', '-f', repoPath('examples/platform.yaml')]);
    await untilPlatformReady(platform);
  }, 180_000);

  afterAll(() => platform?.stop(), 60_000);

  it('does not stop passes from applying, and records every pass of the gap when Postgres returns', async () => {
    const lastBefore = (await allPasses(store)).at(-1)!;
    const lokiHashes = async () =>
      new Map(
        [...(await liveManagedObjects(platform))]
          .filter(([, o]) => o.metadata.labels?.[BATTERY_LABEL] === 'loki')
          .map(([ref, o]) => [ref, o.metadata.annotations?.[HASH_ANNOTATION]]),
      );
    const before = await lokiHashes();

    await postgres.pause();
    const pausedAt = new Date();
    await expect(store.listPasses()).rejects.toThrow();
    const seen = finished.length;
    await platform.kubectl([
      'patch',
      'lokibattery',
      'loki',
      '--type=merge',
      '-p',
      '{"spec":{"retentionPeriod":"30d"}}',
    ]);

    // Applied while the store is down: the loki objects carry new hashes.
    const changed = await eventually(
      'the loki edit applied during the outage',
      async () => {
        const now = await lokiHashes();
        const refs = [...now].filter(([ref, hash]) => before.get(ref) !== hash).map(([ref]) => ref);
        return refs.length > 0 ? refs.sort() : undefined;
      },
      { timeoutMs: 30_000, lastSeen: () => JSON.stringify(finished.slice(seen)) },
    );
    // … and the runner keeps retrying: at least one more pass runs, also unrecorded.
    await eventually('a retry during the outage', async () => finished.length - seen >= 2, {
      timeoutMs: 30_000,
    });
    const unrecorded = finished.slice(seen).filter((event) => event.passId === undefined);
    expect(unrecorded.length).toBe(finished.length - seen);

    await postgres.resume();
    const resumedAt = new Date();
    const flushing = await eventually(
      'a recorded pass after Postgres returns',
      async () => finished.slice(seen).find((event) => event.passId !== undefined),
      { timeoutMs: 90_000, lastSeen: () => JSON.stringify(finished.slice(seen)) },
    );

    const gap = finished.slice(seen, finished.indexOf(flushing));
    const recorded = (await allPasses(store)).filter((pass) => pass.id > lastBefore.id);
    expect(passHistoryProblems(recorded)).toEqual([]);
    // Exactly the passes that ran unrecorded, in the order they ran, then the pass that flushed them.
    expect(recorded.map((pass) => pass.id).at(-1)).toBe(flushing.passId);
    expect(recorded.length).toBe(gap.length + 1);
    const outagePasses = recorded.slice(0, gap.length);
    for (const pass of outagePasses) {
      expect(pass.startedAt.getTime()).toBeGreaterThanOrEqual(pausedAt.getTime());
      expect(pass.finishedAt.getTime()).toBeLessThanOrEqual(resumedAt.getTime());
      expect(pass.status).toBe('succeeded');
    }
    expect(outagePasses.map((pass) => pass.status)).toEqual(gap.map((event) => event.status));

    // The first of them applied the edit: its trigger names the battery, its rows the objects it updated.
    const edit = await store.getPass(outagePasses[0]!.id);
    expect(edit?.trigger).toContain('battery:loki');
    expect(edit?.objects.map((o) => [o.ref, o.action])).toEqual(changed.map((ref) => [ref, 'update']));
    // The spec change is attributed to that pass, not to the pass that flushed it.
    expect((await store.batteryHistory('loki'))[0]?.passId).toBe(edit?.id);
    // The retries found nothing left to do.
    for (const pass of outagePasses.slice(1)) {
      expect(pass.trigger).toContain('retry');
      expect(pass.counts.updated + pass.counts.created + pass.counts.failed).toBe(0);
    }

    expect(await inventoryProblems(store, platform)).toEqual([]);
    await untilPlatformReady(platform);
  }, 180_000);
});
