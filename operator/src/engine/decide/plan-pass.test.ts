import { objectKey, type KubeObject, type SnapshotBundle } from '@batteries-included/batteries';
import { formatPlan } from '../plan/index.js';
import { planPass as planWith, type PlanInput } from './plan-pass.js';
import { PLACEHOLDER_MINT } from './prepare-snapshot.js';

const planPass = (input: Omit<PlanInput, 'mint'>) => planWith({ ...input, mint: PLACEHOLDER_MINT });

const battery = (kind: string, name: string, spec: object = {}): KubeObject => ({
  apiVersion: 'batteries.batteriesincl.com/v1alpha1',
  kind,
  metadata: { name },
  spec,
});

const crd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'certificates.cert-manager.io' },
  spec: {
    group: 'cert-manager.io',
    names: { kind: 'Certificate', plural: 'certificates' },
    scope: 'Namespaced',
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
  },
};
const bundles = (entry: SnapshotBundle): Record<string, SnapshotBundle> => ({
  'cert-manager@v1.19.2': entry,
});
const batteries = [battery('CoreBattery', 'core'), battery('CertManagerBattery', 'cert-manager')];

describe('planPass with upstream bundles', () => {
  it("plans the bundle's objects, moved and labelled, when the bundle is there", () => {
    const { changeSet } = planPass({
      batteries,
      live: new Map(),
      bundles: bundles({ digest: 'd', objects: [crd] }),
    });
    const created = changeSet.changes.filter((c) => c.battery === 'cert-manager').map((c) => c.key);
    expect(created).toContain('CustomResourceDefinition.apiextensions.k8s.io/certificates.cert-manager.io');
    expect(created).toContain('ClusterIssuer.cert-manager.io/lets-encrypt');
  });

  it('keeps what a battery has in the cluster while its bundle cannot be had, and reports why', () => {
    const first = planPass({ batteries, live: new Map(), bundles: bundles({ digest: 'd', objects: [crd] }) });
    const live = new Map(first.generated.objects.map((o) => [objectKey(o), o]));
    const unavailable = planPass({
      batteries,
      live,
      bundles: bundles({
        error: 'HTTP 503 Service Unavailable (after 4 attempts)',
        url: 'https://example.com/a',
      }),
    });
    expect(unavailable.generated.batteries.find((b) => b.type === 'cert-manager')).toMatchObject({
      status: 'failed',
      reason: 'BundleUnavailable',
      message:
        'cert-manager: bundle cert-manager@v1.19.2 is unavailable from https://example.com/a: HTTP 503 Service Unavailable (after 4 attempts)',
    });
    expect(unavailable.changeSet.counts.prune).toBe(0);
    expect(formatPlan(unavailable.changeSet)).toContain('0 prune, 0 orphan');

    // Uninstalling the battery still prunes its objects: only an unavailable bundle holds them.
    const uninstalled = planPass({ batteries: [battery('CoreBattery', 'core')], live });
    expect(uninstalled.changeSet.counts.prune).toBeGreaterThan(0);
  });
});
