import { CATALOG, installOrder } from '@batteries-included/batteries';
import { defaultBatteryTypes, defaultInstallSpec } from './default-spec.js';

const catalogOf = (types: string[]) => CATALOG.filter((b) => types.includes(b.type));

describe('defaultBatteryTypes', () => {
  it('chooses, for kind + development, the standard set plus MetalLB and the Gateway API — those the catalog has', () => {
    const types = defaultBatteryTypes('kind', 'development');
    expect(types[0]).toBe('core');
    for (const type of types) expect(CATALOG.some((b) => b.type === type)).toBe(true);
    const wanted = [
      'core',
      'cloudnative-pg',
      'istio',
      'istio-gateway',
      'stale-resource-cleaner',
      'gateway-api',
      'metallb',
    ];
    expect(types.sort()).toEqual(wanted.filter((t) => CATALOG.some((b) => b.type === t)).sort());
  });

  it('reads the catalog it is given instead of assuming what exists', () => {
    expect(defaultBatteryTypes('kind', 'development', catalogOf(['core', 'redis']))).toEqual(['core']);
    expect(defaultBatteryTypes('kind', 'development', catalogOf(['core', 'metallb', 'redis']))).toEqual([
      'core',
      'metallb',
    ]);
  });

  it('adds monitoring for production, in install order with dependencies', () => {
    const types = defaultBatteryTypes(
      'provided',
      'production',
      catalogOf(['core', 'victoria-metrics', 'grafana', 'kube-monitoring', 'metallb']),
    );
    expect(types).toEqual(
      installOrder(
        ['core', 'kube-monitoring', 'victoria-metrics', 'grafana'],
        catalogOf(['core', 'victoria-metrics', 'grafana', 'kube-monitoring']),
      ),
    );
    expect(types).not.toContain('metallb');
  });

  it('installs every battery for kitchen_sink, without MetalLB on AWS', () => {
    expect(defaultBatteryTypes('kind', 'kitchen_sink').sort()).toEqual(CATALOG.map((b) => b.type).sort());
    expect(defaultBatteryTypes('aws', 'kitchen_sink')).not.toContain('metallb');
  });

  it('makes a valid install spec named after the slug', () => {
    expect(defaultInstallSpec({ slug: 'bi-local', provider: 'kind', usage: 'development' })).toMatchObject({
      apiVersion: 'batteriesincl.com/install-spec/v1',
      slug: 'bi-local',
      kubeCluster: { provider: 'kind' },
    });
  });
});
