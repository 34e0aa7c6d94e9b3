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

  it("takes an APIService as ready once it exists: its Deployment gates, not the API server's network probe", () => {
    const apiService: KubeObject = {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1beta1.metrics.k8s.io' },
      status: { conditions: [{ type: 'Available', status: 'False', reason: 'FailedDiscoveryCheck' }] },
    };
    expect(readinessOf(apiService)).toEqual({ isReady: true });
  });

  describe('upstream custom resources read from their status conditions', () => {
    const custom = (apiVersion: string, kind: string, status?: object, generation = 1): KubeObject => ({
      apiVersion,
      kind,
      metadata: { name: 'x', generation },
      spec: {},
      ...(status ? { status } : {}),
    });

    it('waits for a CNPG Cluster until CloudNativePG reports Ready, with its message', () => {
      expect(readinessOf(custom('postgresql.cnpg.io/v1', 'Cluster'))).toEqual({
        isReady: false,
        reason: 'no Ready condition yet',
      });
      const setting = {
        phase: 'Setting up primary',
        conditions: [
          { type: 'Ready', status: 'False', reason: 'ClusterIsNotReady', message: 'Cluster Is Not Ready' },
        ],
      };
      expect(readinessOf(custom('postgresql.cnpg.io/v1', 'Cluster', setting))).toEqual({
        isReady: false,
        reason: 'Ready=False: Cluster Is Not Ready',
      });
      const healthy = {
        phase: 'Cluster in healthy state',
        readyInstances: 1,
        conditions: [
          { type: 'Ready', status: 'True', reason: 'ClusterIsReady', message: 'Cluster is Ready' },
          { type: 'ContinuousArchiving', status: 'False', reason: 'ContinuousArchivingFailing' },
        ],
      };
      expect(readinessOf(custom('postgresql.cnpg.io/v1', 'Cluster', healthy)).isReady).toBe(true);
    });

    it('reads cert-manager Certificates, Issuers and ClusterIssuers, ignoring a condition about an older generation', () => {
      const ready = (generation: number) => ({
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Ready',
            message: 'Certificate is up to date and has not expired',
            observedGeneration: generation,
          },
        ],
      });
      expect(readinessOf(custom('cert-manager.io/v1', 'Certificate', ready(2), 2)).isReady).toBe(true);
      expect(readinessOf(custom('cert-manager.io/v1', 'Certificate', ready(1), 2))).toEqual({
        isReady: false,
        reason: 'generation 2 not yet observed',
      });
      expect(readinessOf(custom('cert-manager.io/v1', 'ClusterIssuer'))).toEqual({
        isReady: false,
        reason: 'no Ready condition yet',
      });
      const failing = {
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'ErrGetKeyPair',
            message: 'Error getting keypair for CA issuer: secrets "battery-ca" not found',
            observedGeneration: 1,
          },
        ],
      };
      expect(readinessOf(custom('cert-manager.io/v1', 'Issuer', failing))).toEqual({
        isReady: false,
        reason: 'Ready=False: Error getting keypair for CA issuer: secrets "battery-ca" not found',
      });
    });

    it('does not take a Knative Service for a core Service', () => {
      const knative = custom('serving.knative.dev/v1', 'Service', {
        observedGeneration: 1,
        conditions: [
          { type: 'ConfigurationsReady', status: 'True' },
          {
            type: 'Ready',
            status: 'Unknown',
            reason: 'RevisionMissing',
            message: 'Configuration "hello" is waiting for a Revision to become ready.',
          },
          { type: 'RoutesReady', status: 'Unknown' },
        ],
      });
      expect(readinessOf(knative)).toEqual({
        isReady: false,
        reason: 'Ready=Unknown: Configuration "hello" is waiting for a Revision to become ready.',
      });
      expect(readinessOf(custom('serving.knative.dev/v1', 'Service'))).toEqual({
        isReady: false,
        reason: 'no Ready condition yet',
      });
      expect(readinessOf(custom('v1', 'Service')).isReady).toBe(true);
    });
  });
});
