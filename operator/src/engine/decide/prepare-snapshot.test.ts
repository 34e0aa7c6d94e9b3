import type { KubeObject } from '@batteries-included/batteries';
import { generate, objectKey } from '@batteries-included/batteries';
import { mintRandom } from '../mint-secret.js';
import { asStored } from '../plan/drift.js';
import { prepareSnapshot } from './prepare-snapshot.js';

const battery = (kind: string, name: string, spec: object = {}): KubeObject => ({
  apiVersion: 'batteries.batteriesincl.com/v1alpha1',
  kind,
  metadata: { name },
  spec,
});

describe('prepareSnapshot', () => {
  it('collects Battery specs by type and ignores objects whose kind does not match their name', () => {
    const { snapshot, ignored } = prepareSnapshot({
      batteries: [
        battery('CoreBattery', 'core', { usage: 'production' }),
        battery('RedisBattery', 'grafana'),
      ],
      live: new Map(),
      mint: () => 'x'.repeat(32),
    });
    expect(snapshot.batteries).toEqual({ core: { usage: 'production' } });
    expect(ignored).toEqual(['RedisBattery.batteries.batteriesincl.com/grafana']);
  });

  it('mints missing secret material once, and reads it back from the live Secret afterwards', () => {
    const batteries = [battery('CoreBattery', 'core'), battery('RedisBattery', 'redis')];
    const first = prepareSnapshot({ batteries, live: new Map(), mint: mintRandom });
    const password = first.snapshot.secretMaterial['redis/password']!;
    expect(password).toMatch(/^[A-Za-z0-9]{16,}$/);

    const secret = generate(first.snapshot).objects.find(
      (o) => o.kind === 'Secret' && o.metadata.name === 'redis-password',
    )!;
    // The API server returns what we wrote as base64 `data`.
    const stringData = secret.stringData as Record<string, string>;
    const live: KubeObject = {
      ...secret,
      stringData: undefined,
      data: Object.fromEntries(
        Object.entries(stringData).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
    };
    // Core's object-hash key was minted in the first pass too; its Secret is live as well.
    const hashKey = generate(first.snapshot).objects.find((o) => o.metadata.name === 'object-hash-key')!;
    const second = prepareSnapshot({
      batteries,
      live: new Map([
        [`Secret/${secret.metadata.namespace}/redis-password`, live],
        [objectKey(hashKey), asStored(hashKey)],
      ]),
      mint: () => {
        throw new Error('must not mint again');
      },
    });
    expect(second.snapshot.secretMaterial['redis/password']).toBe(password);
  });

  it('keeps only the live kinds generators may read, never Secrets', () => {
    const live = new Map<string, KubeObject>([
      [
        'Secret/battery-data/redis-password',
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'redis-password', namespace: 'battery-data' } },
      ],
      [
        'StatefulSet.apps/battery-data/redis',
        {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata: { name: 'redis', namespace: 'battery-data' },
        },
      ],
    ]);
    const { snapshot } = prepareSnapshot({ batteries: [], live, mint: mintRandom });
    expect(Object.keys(snapshot.live)).toEqual(['StatefulSet.apps/battery-data/redis']);
  });

  it("reads the ingress gateway's load-balancer IP into the snapshot, and leaves it out while there is none", () => {
    const gateway = (status: unknown) =>
      new Map<string, KubeObject>([
        [
          'Service/battery-istio/istio-ingressgateway',
          {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'istio-ingressgateway', namespace: 'battery-istio' },
            spec: { type: 'LoadBalancer' },
            status,
          },
        ],
      ]);
    const withIp = prepareSnapshot({
      batteries: [],
      live: gateway({ loadBalancer: { ingress: [{ ip: '172.18.0.240' }] } }),
      mint: mintRandom,
    });
    expect(withIp.snapshot.ingress).toEqual({ address: '172.18.0.240' });
    const pending = prepareSnapshot({ batteries: [], live: gateway({ loadBalancer: {} }), mint: mintRandom });
    expect(pending.snapshot.ingress).toBeUndefined();
  });
});
