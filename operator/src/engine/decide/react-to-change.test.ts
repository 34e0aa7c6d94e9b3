import type { KubeObject } from '@batteries-included/batteries';
import { reactToChange } from './react-to-change.js';

const battery = (generation: number, status?: object): KubeObject => ({
  apiVersion: 'batteries.batteriesincl.com/v1alpha1',
  kind: 'RedisBattery',
  metadata: { name: 'redis', generation },
  spec: {},
  status,
});
const deployment = (manager: string, generation: number, readyReplicas = 0): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'grafana',
    namespace: 'battery-core',
    generation,
    managedFields: [
      { manager: 'batteries-included', operation: 'Apply', time: '2026-11-23T10:00:00Z' },
      {
        manager: 'kube-controller-manager',
        operation: 'Update',
        subresource: 'status',
        time: '2026-11-23T10:05:00Z',
      },
      ...(manager === 'batteries-included'
        ? []
        : [{ manager, operation: 'Update', time: '2026-11-23T10:01:00Z' }]),
    ],
  },
  spec: { replicas: 1 },
  status: { readyReplicas },
});
const key = 'Deployment.apps/battery-core/grafana';

describe('reactToChange', () => {
  it('runs a pass when a Battery is added, deleted or its spec changes, but not for status updates', () => {
    expect(reactToChange({ type: 'add', key: 'k', object: battery(1) })).toEqual({
      kind: 'pass',
      reason: 'battery:redis',
    });
    expect(reactToChange({ type: 'delete', key: 'k', object: battery(1) })).toEqual({
      kind: 'pass',
      reason: 'battery:redis',
    });
    expect(reactToChange({ type: 'update', key: 'k', object: battery(2), previous: battery(1) }).kind).toBe(
      'pass',
    );
    expect(
      reactToChange({ type: 'update', key: 'k', object: battery(2, { message: 'x' }), previous: battery(2) }),
    ).toEqual({ kind: 'ignore' });
  });

  it('runs a pass when a managed object is deleted or edited by someone else', () => {
    expect(reactToChange({ type: 'delete', key, object: deployment('batteries-included', 1) })).toEqual({
      kind: 'pass',
      reason: `deleted:${key}`,
    });
    expect(
      reactToChange({
        type: 'update',
        key,
        object: deployment('kubectl-edit', 2),
        previous: deployment('batteries-included', 1),
      }),
    ).toEqual({
      kind: 'pass',
      reason: `edited:${key} by kubectl-edit`,
    });
  });

  it('only refreshes status for our own writes echoing back and for status-only updates', () => {
    expect(reactToChange({ type: 'add', key, object: deployment('batteries-included', 1) })).toEqual({
      kind: 'status',
    });
    expect(
      reactToChange({
        type: 'update',
        key,
        object: deployment('batteries-included', 2),
        previous: deployment('batteries-included', 1),
      }),
    ).toEqual({ kind: 'status' });
    expect(
      reactToChange({
        type: 'update',
        key,
        object: deployment('batteries-included', 1, 1),
        previous: deployment('batteries-included', 1, 0),
      }),
    ).toEqual({ kind: 'status' });
  });

  it("runs a pass when a Service's load-balancer address changes (hostnames follow the gateway's), not on other status", () => {
    const service = (ip?: string, ready = true): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'istio-ingressgateway', namespace: 'battery-istio', managedFields: [] },
      spec: { type: 'LoadBalancer' },
      status: { loadBalancer: ip ? { ingress: [{ ip }] } : {}, conditions: ready ? [] : undefined },
    });
    const k = 'Service/battery-istio/istio-ingressgateway';
    expect(
      reactToChange({ type: 'update', key: k, object: service('172.18.0.240'), previous: service() }),
    ).toEqual({
      kind: 'pass',
      reason: `address:${k} 172.18.0.240`,
    });
    expect(
      reactToChange({
        type: 'update',
        key: k,
        object: service('172.18.0.240', false),
        previous: service('172.18.0.240'),
      }),
    ).toEqual({ kind: 'status' });
  });
});
