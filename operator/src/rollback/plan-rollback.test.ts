import type { KubeObject } from '@batteries-included/batteries';
import { planRollback } from './plan-rollback.js';
import { batteryObject } from './rollback-client.js';

const live = (type: string, spec?: unknown, metadata: Record<string, unknown> = {}): KubeObject => {
  const object = batteryObject(type);
  return {
    ...object,
    metadata: { ...object.metadata, ...metadata },
    ...(spec === undefined ? {} : { spec }),
  };
};

describe('planRollback', () => {
  it('restores changed specs with their fields, installs what was there, uninstalls what was not', () => {
    const plan = planRollback({
      recorded: { core: {}, redis: { maxmemoryPolicy: 'noeviction' }, loki: { retentionPeriod: '7d' } },
      current: [live('core', {}), live('redis', { maxmemoryPolicy: 'allkeys-lru' }), live('grafana', {})],
    });
    expect(plan.batteries.map((b) => [b.type, b.action])).toEqual([
      ['core', 'unchanged'],
      ['grafana', 'uninstall'],
      ['loki', 'install'],
      ['redis', 'restore-spec'],
    ]);
    expect(plan.batteries.find((b) => b.type === 'redis')!.fields).toEqual([
      { path: 'spec.maxmemoryPolicy', before: 'allkeys-lru', after: 'noeviction' },
    ]);
    expect(plan.batteries.find((b) => b.type === 'loki')!.fields).toEqual([
      { path: 'spec.retentionPeriod', after: '7d' },
    ]);
    expect(plan.batteries.find((b) => b.type === 'grafana')!.notes).toEqual([
      'its objects will be pruned; its volumes (PersistentVolumeClaims, Namespaces) are kept',
    ]);
    expect(plan.target).toEqual({
      core: {},
      redis: { maxmemoryPolicy: 'noeviction' },
      loki: { retentionPeriod: '7d' },
    });
    expect(plan.problems).toEqual([]);
  });

  it('treats a Battery without a spec like the empty spec Prepare records for it', () => {
    const plan = planRollback({ recorded: { core: {} }, current: [live('core')] });
    expect(plan.batteries).toEqual([{ type: 'core', action: 'unchanged', fields: [], notes: [] }]);
  });

  it('ignores objects that are not Battery objects of their own type', () => {
    const stray = { ...live('core', {}), kind: 'RedisBattery' };
    const plan = planRollback({ recorded: {}, current: [stray, { ...live('redis', {}), apiVersion: 'v1' }] });
    expect(plan.batteries).toEqual([]);
  });

  it('notes that a reinstalled battery with secrets gets new secret material', () => {
    const plan = planRollback({ recorded: { core: {}, redis: {} }, current: [live('core', {})] });
    expect(plan.batteries.find((b) => b.type === 'redis')!.notes).toEqual([
      'new secret material is minted (the store never keeps secret values)',
    ]);
  });

  it('limits the rollback to the batteries asked for; the others keep their spec', () => {
    const plan = planRollback({
      recorded: { core: { defaultSize: 'small' }, redis: { maxmemoryPolicy: 'noeviction' } },
      current: [live('core', { defaultSize: 'large' }), live('redis', {})],
      batteries: ['redis'],
    });
    expect(plan.batteries.map((b) => [b.type, b.action])).toEqual([['redis', 'restore-spec']]);
    expect(plan.target).toEqual({ core: { defaultSize: 'large' }, redis: { maxmemoryPolicy: 'noeviction' } });
  });

  it('rejects a battery asked for that is installed neither then nor now', () => {
    expect(() => planRollback({ recorded: { core: {} }, current: [], batteries: ['redis'] })).toThrow(
      'batteries: "redis" is installed neither in the recorded pass nor now',
    );
  });

  it('refuses an uninstall that breaks a battery that stays, naming it', () => {
    const plan = planRollback({
      recorded: { core: {} },
      current: [live('core', {}), live('victoria-metrics', {}), live('kube-monitoring', {})],
      batteries: ['victoria-metrics'],
    });
    expect(plan.problems).toEqual([
      {
        battery: 'victoria-metrics',
        kind: 'breaks-dependent',
        message:
          'victoria-metrics: cannot be uninstalled: kube-monitoring stays installed and depends on it ' +
          '(roll kube-monitoring back too, or pass cascade to uninstall it as well)',
      },
    ]);
  });

  it('with cascade, uninstalls the dependents too, transitively', () => {
    const plan = planRollback({
      recorded: { core: {} },
      current: [live('core', {}), live('victoria-metrics', {}), live('kube-monitoring', {})],
      batteries: ['victoria-metrics'],
      cascade: true,
    });
    expect(plan.problems).toEqual([]);
    expect(plan.batteries.map((b) => [b.type, b.action])).toEqual([
      ['victoria-metrics', 'uninstall'],
      ['kube-monitoring', 'uninstall'],
    ]);
    expect(plan.batteries[1]!.notes[0]).toMatch(
      /^cascade: depends on victoria-metrics; its objects will be pruned/,
    );
    expect(plan.target).toEqual({ core: {} });
  });

  it('refuses when a recorded battery with an unmet dependency would lose it now', () => {
    // Pass had kube-monitoring without victoria-metrics (DependenciesMet=False then); now both are installed.
    const plan = planRollback({
      recorded: { core: {}, 'kube-monitoring': {} },
      current: [live('core', {}), live('victoria-metrics', {}), live('kube-monitoring', {})],
    });
    expect(plan.problems.map((p) => p.battery)).toEqual(['victoria-metrics']);
    expect(plan.batteries.find((b) => b.type === 'kube-monitoring')!.notes).toEqual([
      'needs victoria-metrics, which will not be installed: it will report DependenciesMet=False',
    ]);
  });

  it('does not install a cascaded battery the rollback was to install', () => {
    const plan = planRollback({
      recorded: { core: {}, 'kube-monitoring': {} },
      current: [live('core', {}), live('victoria-metrics', {})],
      cascade: true,
    });
    expect(plan.batteries.map((b) => [b.type, b.action])).toEqual([
      ['core', 'unchanged'],
      ['kube-monitoring', 'unchanged'],
      ['victoria-metrics', 'uninstall'],
    ]);
    expect(plan.batteries[1]!.notes).toEqual(['not installed: cascade: depends on victoria-metrics']);
  });

  it('refuses to install a battery whose Battery object is still being deleted', () => {
    const plan = planRollback({
      recorded: { core: {}, redis: {} },
      current: [live('core', {}), live('redis', {}, { deletionTimestamp: '2026-11-23T10:00:00Z' })],
    });
    expect(plan.problems).toEqual([
      {
        battery: 'redis',
        kind: 'being-deleted',
        message: 'redis: its Battery object is being deleted; restore it once the deletion has finished',
      },
    ]);
  });

  it('leaves a battery absent then and being deleted now alone', () => {
    const plan = planRollback({
      recorded: { core: {} },
      current: [live('core', {}), live('redis', {}, { deletionTimestamp: '2026-11-23T10:00:00Z' })],
    });
    expect(plan.batteries.find((b) => b.type === 'redis')).toEqual({
      type: 'redis',
      action: 'unchanged',
      fields: [],
      notes: ['already being deleted'],
    });
    expect(plan.target).toEqual({ core: {} });
  });
});
