import { generate, objectKey, type KubeObject } from '@batteries-included/batteries';
import { testSnapshot } from '@batteries-included/batteries/testing';
import type { ApplyResult } from '../vocabulary.js';
import { batteryStatus } from './battery-status.js';
import { batteryPassResult } from './summarize-pass.js';

const NOW = '2026-11-23T10:00:00Z';
const { batteries } = generate(testSnapshot({ core: {}, redis: {}, 'kube-monitoring': {} }));
const redis = batteries.find((b) => b.type === 'redis')!;
const redisObjects = redis.status === 'generated' ? redis.objects : [];
/** Redis's pass result with every object created, the first one ending `outcome`. */
const applied = (outcome: 'done' | 'failed', message?: string) =>
  batteryPassResult(
    redis,
    redisObjects.map((o, i): ApplyResult =>
      i === 0 && outcome === 'failed'
        ? { key: objectKey(o), action: 'create', outcome, reason: 'invalid', durationMs: 1, message }
        : { key: objectKey(o), action: 'create', outcome: 'done', durationMs: 1, message },
    ),
  );
const readyLive = new Map<string, KubeObject>(
  redisObjects.map((o) => [
    objectKey(o),
    o.kind === 'StatefulSet'
      ? {
          ...o,
          metadata: { ...o.metadata, generation: 1 },
          status: { observedGeneration: 1, readyReplicas: 1, updatedReplicas: 1 },
        }
      : o,
  ]),
);
const condition = (status: ReturnType<typeof batteryStatus>, type: string) =>
  status.conditions!.find((c) => c.type === type)!;

describe('batteryStatus', () => {
  it('is Ready when every object applied and is ready, with counts', () => {
    const status = batteryStatus({
      battery: applied('done'),
      live: readyLive,
      generation: 3,
      passId: 7,
      now: NOW,
    });
    expect(condition(status, 'Ready')).toMatchObject({
      status: 'True',
      reason: 'Ready',
      observedGeneration: 3,
    });
    expect(condition(status, 'Applied').status).toBe('True');
    expect(condition(status, 'DependenciesMet').status).toBe('True');
    expect(status.resources).toEqual({
      desired: redisObjects.length,
      applied: redisObjects.length,
      failed: 0,
    });
    expect(status.lastSnapshot).toBe('7');
  });

  it('names the objects that are not ready yet', () => {
    const live = new Map(readyLive);
    const set = redisObjects.find((o) => o.kind === 'StatefulSet')!;
    live.set(objectKey(set), {
      ...set,
      metadata: { ...set.metadata, generation: 1 },
      status: { observedGeneration: 1, readyReplicas: 0, updatedReplicas: 1 },
    });
    const status = batteryStatus({ battery: applied('done'), live, now: NOW });
    expect(condition(status, 'Ready')).toMatchObject({ status: 'False', reason: 'NotReady' });
    expect(condition(status, 'Ready').message).toContain(
      'StatefulSet.apps/battery-data/redis: 0/1 replicas ready',
    );
  });

  it('reports apply failures with the API message', () => {
    const status = batteryStatus({
      battery: applied('failed', 'ConfigMap/battery-data/redis-config: Invalid: bad'),
      live: readyLive,
      now: NOW,
    });
    expect(condition(status, 'Applied')).toMatchObject({ status: 'False', reason: 'ApplyFailed' });
    expect(condition(status, 'Applied').message).toContain('Invalid: bad');
    expect(status.resources!.failed).toBe(1);
  });

  it('says which dependency is missing and how to install it', () => {
    const monitoring = batteries.find((b) => b.type === 'kube-monitoring')!;
    const status = batteryStatus({ battery: batteryPassResult(monitoring, []), live: new Map(), now: NOW });
    expect(condition(status, 'DependenciesMet')).toMatchObject({
      status: 'False',
      reason: 'MissingDependencies',
      message: expect.stringContaining('bi battery install victoria-metrics'),
    });
    expect(status.resources).toEqual({ desired: 0, applied: 0, failed: 0 });
  });

  it('keeps lastTransitionTime while a condition holds, and moves it when the status flips', () => {
    const first = batteryStatus({ battery: applied('done'), live: readyLive, now: NOW });
    const same = batteryStatus({
      battery: applied('done'),
      live: readyLive,
      previous: first.conditions,
      now: '2026-11-23T11:00:00Z',
    });
    expect(condition(same, 'Ready').lastTransitionTime).toBe(NOW);
    const flipped = batteryStatus({
      battery: applied('failed', 'x'),
      live: readyLive,
      previous: first.conditions,
      now: '2026-11-23T12:00:00Z',
    });
    expect(condition(flipped, 'Ready').lastTransitionTime).toBe('2026-11-23T12:00:00Z');
  });
});
