import type { KubeObject } from '@batteries-included/batteries';
import { readinessOf } from './readiness.js';

const object = (kind: string, spec: object, status: object, generation = 2): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name: 'x', generation },
  spec,
  status,
});

describe('readinessOf', () => {
  it('waits for a Deployment until its generation is observed and every replica is updated and ready', () => {
    expect(
      readinessOf(
        object(
          'Deployment',
          { replicas: 2 },
          { observedGeneration: 1, readyReplicas: 2, updatedReplicas: 2 },
        ),
      ),
    ).toEqual({
      isReady: false,
      reason: 'generation 2 not yet observed',
    });
    expect(
      readinessOf(
        object(
          'Deployment',
          { replicas: 2 },
          { observedGeneration: 2, readyReplicas: 1, updatedReplicas: 2 },
        ),
      ),
    ).toEqual({
      isReady: false,
      reason: '1/2 replicas ready',
    });
    expect(
      readinessOf(
        object(
          'Deployment',
          { replicas: 2 },
          { observedGeneration: 2, readyReplicas: 2, updatedReplicas: 2, replicas: 2 },
        ),
      ),
    ).toEqual({
      isReady: true,
    });
  });

  it('counts a DaemonSet ready when every scheduled pod is updated and ready', () => {
    const ds = (ready: number) =>
      readinessOf(
        object(
          'DaemonSet',
          {},
          { observedGeneration: 2, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberReady: ready },
        ),
      );
    expect(ds(2)).toEqual({ isReady: false, reason: '2/3 pods ready' });
    expect(ds(3)).toEqual({ isReady: true });
  });

  it('needs PVCs Bound, LoadBalancers addressed, CRDs Established and Jobs complete', () => {
    expect(readinessOf(object('PersistentVolumeClaim', {}, { phase: 'Pending' }))).toEqual({
      isReady: false,
      reason: 'claim is Pending',
    });
    expect(readinessOf(object('PersistentVolumeClaim', {}, { phase: 'Bound' })).isReady).toBe(true);
    expect(readinessOf(object('Service', { type: 'LoadBalancer' }, {})).isReady).toBe(false);
    expect(
      readinessOf(
        object('Service', { type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ ip: '172.18.0.240' }] } }),
      ).isReady,
    ).toBe(true);
    expect(readinessOf(object('Service', { type: 'ClusterIP' }, {})).isReady).toBe(true);
    expect(
      readinessOf(
        object('CustomResourceDefinition', {}, { conditions: [{ type: 'Established', status: 'False' }] }),
      ).isReady,
    ).toBe(false);
    expect(
      readinessOf(
        object(
          'Job',
          {},
          { conditions: [{ type: 'Failed', status: 'True', message: 'BackoffLimitExceeded' }] },
        ),
      ),
    ).toEqual({
      isReady: false,
      reason: 'job failed: BackoffLimitExceeded',
    });
  });

  it('reads Ready, then Available, conditions on custom resources, and treats condition-less objects as ready', () => {
    expect(
      readinessOf(
        object('Certificate', {}, { conditions: [{ type: 'Ready', status: 'False', message: 'issuing' }] }),
      ),
    ).toEqual({
      isReady: false,
      reason: 'Ready=False: issuing',
    });
    expect(
      readinessOf(object('Cluster', {}, { conditions: [{ type: 'Available', status: 'True' }] })).isReady,
    ).toBe(true);
    expect(readinessOf(object('ConfigMap', {}, {})).isReady).toBe(true);
  });
});
