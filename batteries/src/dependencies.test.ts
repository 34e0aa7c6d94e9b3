import { CATALOG } from './catalog/index.js';
import {
  DependencyCycleError,
  installOrder,
  reverseDependents,
  uninstallOrder,
  UnknownBatteryError,
} from './dependencies.js';
import { generate } from './generate.js';
import type { BatteryDefinition } from './model/battery.js';
import { testSnapshot } from './testing/snapshot.js';
import { OBJECT_HASH_KEY_MATERIAL } from './catalog/core/secrets.js';

describe('battery dependencies', () => {
  it('the catalog has no cycle: every battery has an install order ending with itself', () => {
    for (const battery of CATALOG) {
      const order = installOrder([battery.type]);
      expect(order.at(-1)).toBe(battery.type);
      expect(new Set(order).size).toBe(order.length);
    }
  });

  it('every hard dependency names a battery in the catalog', () => {
    const types = new Set(CATALOG.map((b) => b.type));
    for (const battery of CATALOG) {
      for (const dep of battery.dependencies)
        expect(`${battery.type} → ${dep}: ${types.has(dep)}`).toBe(`${battery.type} → ${dep}: true`);
    }
  });

  it('orders dependencies before dependents, each once', () => {
    const order = installOrder(['kube-monitoring', 'grafana']);
    expect(order).toEqual(['core', 'victoria-metrics', 'kube-monitoring', 'grafana']);
    expect(uninstallOrder(['core', 'victoria-metrics', 'kube-monitoring'])).toEqual([
      'kube-monitoring',
      'victoria-metrics',
      'core',
    ]);
  });

  it('finds installed dependents transitively, and only installed ones', () => {
    const installed = ['core', 'victoria-metrics', 'kube-monitoring', 'grafana'];
    expect(reverseDependents('victoria-metrics', installed)).toEqual(['kube-monitoring']);
    expect(reverseDependents('core', installed)).toEqual(['grafana', 'kube-monitoring', 'victoria-metrics']);
    expect(reverseDependents('loki', installed)).toEqual([]);
  });

  it('names an unknown battery and lists the known ones', () => {
    expect(() => installOrder(['postgress'])).toThrow(UnknownBatteryError);
    expect(() => installOrder(['postgress'])).toThrow(
      /unknown battery "postgress"; known batteries: (\S+, )*core, /,
    );
  });

  it('reports a cycle with its path', () => {
    const fake = (type: string, dependencies: string[]) =>
      ({ ...CATALOG[0]!, type, dependencies }) as BatteryDefinition;
    const catalog = [fake('a', ['b']), fake('b', ['c']), fake('c', ['a'])];
    expect(() => installOrder(['a'], catalog)).toThrow(
      new DependencyCycleError(['a', 'b', 'c', 'a']).message,
    );
  });
});

describe('generate() with missing dependencies and bad specs', () => {
  it('generates nothing for a battery whose dependency is absent, naming it and the install command', () => {
    const { batteries, objects } = generate(testSnapshot({ core: {}, 'kube-monitoring': {} }));
    expect(batteries.find((b) => b.type === 'kube-monitoring')).toEqual({
      type: 'kube-monitoring',
      status: 'dependencies-unmet',
      missing: ['victoria-metrics'],
      message:
        'requires victoria-metrics, which is not installed; install with: bi battery install victoria-metrics',
    });
    expect(objects.some((o) => o.metadata.labels?.['batteriesincl.com/battery'] === 'kube-monitoring')).toBe(
      false,
    );
  });

  it('fails only the battery with an invalid spec, naming the field and the value', () => {
    const { batteries } = generate(testSnapshot({ core: { defaultSize: 'gigantic' }, redis: {} }));
    const core = batteries.find((b) => b.type === 'core')!;
    expect(core.status).toBe('failed');
    expect(core.status === 'failed' && core.message).toMatch(
      /spec\.defaultSize: Invalid option: .* \(got "gigantic"\)/,
    );
    expect(batteries.find((b) => b.type === 'redis')?.status).toBe('generated');
  });

  it('fails only the battery whose generator throws', () => {
    const { batteries } = generate({
      batteries: { core: {}, redis: {} },
      live: {},
      secretMaterial: { [OBJECT_HASH_KEY_MATERIAL]: '0'.repeat(64) },
    });
    // Only core's material was minted: redis cannot render its password Secret, core is unaffected.
    expect(batteries.find((b) => b.type === 'redis')).toMatchObject({
      status: 'failed',
      reason: 'GeneratorError',
    });
    expect(batteries.find((b) => b.type === 'core')?.status).toBe('generated');
  });

  it('reports an unknown battery type without failing the others', () => {
    const { batteries } = generate(testSnapshot({ core: {}, postgress: {} }));
    expect(batteries.find((b) => b.type === 'postgress')).toMatchObject({
      status: 'failed',
      reason: 'UnknownBattery',
    });
    expect(batteries.find((b) => b.type === 'core')?.status).toBe('generated');
  });
});
