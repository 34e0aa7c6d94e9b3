import { BATTERY_LABEL, type KubeObject } from '@batteries-included/batteries';
import {
  allPasses,
  batteryStates,
  eventually,
  liveManagedObjects,
  resourceVersions,
  startPlatform,
  type OperatorPlatform,
} from '@batteries-included/operator/testing';

/** The waits of the old harness: a minute and a half, for a loaded 2-core machine. */
const SLOW = { timeoutMs: 90_000 };

interface BatteryCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

/**
 * A failed generation never prunes (ADR 7), on a real control plane: a running Redis whose spec stops generating
 * keeps every object exactly as it is — no prune, no update, the same resourceVersion — and its status names the
 * field; fixing the spec converges with the same password.
 *
 * The invalid spec is `maxmemory: 64Gi` with no memory limit of its own. Admission cannot refuse it: the limit it
 * exceeds is the Redis container's, which comes from the platform size in the *core* battery's spec (another
 * object), so only the redis chart can tell, and it fails with a GeneratorError naming `spec.maxmemory`. A value
 * the CRD refuses (`-1Gi`) never reaches a pass at all.
 */
describe('a battery whose generation fails, on a real cluster', () => {
  let platform: OperatorPlatform;

  const apply = (type: string, kind: string, spec: object) =>
    platform.kubectl(
      ['apply', '--server-side', '--field-manager=test', '-f', '-'],
      JSON.stringify({
        apiVersion: 'batteries.batteriesincl.com/v1alpha1',
        kind,
        metadata: { name: type },
        spec,
      }),
    );
  const patchRedis = (spec: object) =>
    platform.kubectl(['patch', 'redisbattery', 'redis', '--type=merge', '-p', JSON.stringify({ spec })]);
  const redisObjects = async () =>
    new Map(
      [...(await liveManagedObjects(platform))].filter(
        ([, object]) => object.metadata.labels?.[BATTERY_LABEL] === 'redis',
      ),
    );
  const redisBattery = () =>
    platform.getJson<KubeObject & { status?: { conditions?: BatteryCondition[]; message?: string } }>([
      'get',
      'redisbattery',
      'redis',
    ]);
  const condition = async (type: string) =>
    (await redisBattery()).status?.conditions?.find((c) => c.type === type);
  const password = async () =>
    platform.getJson<KubeObject & { data: Record<string, string> }>([
      '-n',
      'battery-data',
      'get',
      'secret',
      'redis-password',
    ]);
  let lastStates = '';
  const bothReady = async () => {
    const states = await batteryStates(platform);
    lastStates = [...states].map(([name, s]) => `${name}: Ready=${s.ready} (${s.message})`).join(' | ');
    return states.get('core')?.ready === 'True' && states.get('redis')?.ready === 'True';
  };

  beforeAll(async () => {
    platform = await startPlatform({ nodes: 2 });
  }, 120_000);

  afterAll(() => platform?.stop(), 60_000);

  it('keeps every object of a running Redis untouched while its spec fails, then converges with the same password', async () => {
    await apply('core', 'CoreBattery', {});
    await apply('redis', 'RedisBattery', {});
    await eventually('core and redis Ready', bothReady, { timeoutMs: 120_000, lastSeen: () => lastStates });
    // Settled: two reads a second apart see the same resourceVersions (controllers have stopped writing status).
    const before = await eventually(
      'the redis objects settled',
      async () => {
        const first = resourceVersions(await redisObjects());
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const second = resourceVersions(await redisObjects());
        return JSON.stringify([...first]) === JSON.stringify([...second]) ? second : undefined;
      },
      SLOW,
    );
    expect([...before.keys()]).toEqual(
      expect.arrayContaining([
        'ConfigMap/battery-data/redis-config',
        'Secret/battery-data/redis-password',
        'Service/battery-data/redis',
        'ServiceAccount/battery-data/redis',
        'StatefulSet.apps/battery-data/redis',
      ]),
    );
    const secretBefore = await password();

    // The invalid edit: admitted, but the chart refuses it.
    const editedAt = new Date();
    await patchRedis({ maxmemory: '64Gi' });
    const applied = await eventually(
      'Applied=False naming spec.maxmemory',
      async () => {
        const c = await condition('Applied');
        return c?.status === 'False' && c.message.includes('spec.maxmemory') ? c : undefined;
      },
      SLOW,
    );
    expect(applied.reason).toBe('GeneratorError');
    expect(applied.message).toContain('64Gi');
    expect(applied.message).toContain('kept as they are');
    expect((await condition('Ready'))?.status).toBe('False');

    // The pass that saw the edit is not recorded as succeeded; the runner waits for a change instead of retrying.
    const failedPass = await eventually(
      'the recorded pass of the edit',
      async () =>
        (await allPasses(platform.store)).find(
          (p) => p.startedAt >= editedAt && p.trigger.includes('battery:redis'),
        ),
      SLOW,
    );
    expect(failedPass.status).toBe('partial');
    const next = platform.operator.nextPass();
    platform.operator.requestPass('manual');
    const outcome = await next;
    expect(outcome).toMatchObject({ kind: 'terminal', reason: 'generation failed: redis (GeneratorError)' });

    // Two passes later: every object is still there with the resourceVersion it had, nothing pruned or written.
    expect(resourceVersions(await redisObjects())).toEqual(before);

    // The fix converges: the same objects updated in place, the password unchanged.
    await patchRedis({ maxmemory: '256Mi' });
    await eventually(
      'redis Ready again with Applied=True',
      async () => {
        const [ready, done] = [await condition('Ready'), await condition('Applied')];
        return (
          ready?.status === 'True' && done?.status === 'True' && done.message.endsWith('objects applied')
        );
      },
      SLOW,
    );
    const after = await redisObjects();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const config = after.get('ConfigMap/battery-data/redis-config') as KubeObject & {
      data: Record<string, string>;
    };
    expect(Object.values(config.data).join('\n')).toContain(`maxmemory ${256 * 1024 * 1024}`);
    const secretAfter = await password();
    expect(secretAfter.metadata.uid).toBe(secretBefore.metadata.uid);
    expect(secretAfter.data).toEqual(secretBefore.data);
    const passes = await allPasses(platform.store);
    expect(passes.at(-1)?.status).toBe('succeeded');
  }, 300_000);
});
