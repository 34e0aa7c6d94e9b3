import { execFileSync } from 'node:child_process';
import {
  CATALOG,
  HASH_ANNOTATION,
  generate,
  isKubernetesObject,
  objectKey,
  refOf,
  type KubeObject,
} from '@batteries-included/batteries';
import { testSnapshot } from '@batteries-included/batteries/testing';
import { waitForEstablished } from '@batteries-included/testenv';
import { findDrift } from './drift.js';
import { formatPlan } from './format-plan.js';
import { APPLY_STAGES, stageIndexOf } from './kind-order.js';
import type { InventoryRef } from './inventory.js';
import { planChanges } from './plan-changes.js';
import { catalogCustomResourceCrds } from '../../bundles/testing/upstream-bundles.js';

// The proof that the normalizations match a real API server: what the server stores for our own
// server-side applies is never drift, and what kubectl does to it out of band is. kubectl does the applies and
// reads, as the reference client that sends and returns objects as plain JSON.
function kubectl(args: string[], input?: string): string {
  return execFileSync(process.env.BI_TEST_KUBECTL ?? 'kubectl', args, {
    env: { ...process.env, KUBECONFIG: process.env.BI_TEST_KUBECONFIG },
    encoding: 'utf8',
    input,
    maxBuffer: 64 * 1024 * 1024,
  });
}

const asList = (objects: readonly KubeObject[]) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });

/** Server-side applies stage by stage as our field manager, waiting for CRDs to be Established. */
function applyInStages(objects: readonly KubeObject[]): void {
  for (let stage = 0; stage < APPLY_STAGES.length; stage++) {
    const inStage = objects.filter((object) => stageIndexOf(refOf(object)) === stage);
    if (inStage.length === 0) continue;
    kubectl(
      ['apply', '--server-side', '--field-manager=batteries-included', '--force-conflicts', '-f', '-'],
      asList(inStage),
    );
    const crds = inStage.filter((object) => object.kind === 'CustomResourceDefinition');
    for (const crd of crds) {
      kubectl(['wait', '--for=condition=Established', '--timeout=60s', `crd/${crd.metadata.name}`]);
    }
  }
}

/** The live objects as JSON, by canonical ref string, as the engine's watch cache holds them. */
function readLive(objects: readonly KubeObject[]): Map<string, KubeObject> {
  const list = JSON.parse(kubectl(['get', '-f', '-', '-o', 'json'], asList(objects))) as {
    items: KubeObject[];
  };
  return new Map(list.items.map((live) => [objectKey(live), live]));
}

function inventoryOf(objects: readonly KubeObject[]): Map<string, InventoryRef> {
  return new Map(
    objects.map((o) => [
      objectKey(o),
      {
        hash: o.metadata.annotations![HASH_ANNOTATION]!,
        apiVersion: o.apiVersion,
        kind: o.kind,
        namespace: o.metadata.namespace,
        name: o.metadata.name,
      },
    ]),
  );
}

describe('planning against a real API server', () => {
  it('plans every Kubernetes object of the whole catalog as unchanged right after applying it', async () => {
    const everyBattery = Object.fromEntries(CATALOG.map((battery) => [battery.type, {}]));
    // Keycloak's objects go to Keycloak, not to the API server (keycloak-target.int.test.ts plans those).
    const objects = generate(testSnapshot(everyBattery)).objects.filter(isKubernetesObject);
    // The upstream CRDs of the custom resources the charts generate (at run time they come from bundles).
    for (const crd of await catalogCustomResourceCrds()) {
      kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify(crd.object));
      // Polls: `kubectl wait` errors instead of waiting while the new CRD has no status yet.
      await waitForEstablished(crd.name);
    }
    // The operator's own namespace, which it creates on start (ensureApiTokens) and deploy/base declares.
    kubectl(
      ['apply', '--server-side', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'batteries-included-system' },
      }),
    );
    applyInStages(objects);
    const plan = planChanges(objects, readLive(objects), inventoryOf(objects));
    expect(formatPlan(plan)).toBe(
      `Plan: 0 create, 0 update, 0 drifted, 0 prune, 0 orphan (${objects.length} unchanged)`,
    );
  }, 120_000);

  it('does not report the API server’s rewriting of zero values, empty maps, quantities and ports', () => {
    const namespace = `plan-normalize-${process.pid}`;
    const labels = {
      'app.kubernetes.io/managed-by': 'batteries-included',
      'batteriesincl.com/battery': 'test',
    };
    const meta = (name: string) => ({ name, namespace, labels, annotations: { [HASH_ANNOTATION]: name } });
    const objects: KubeObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: {}, annotations: {} } },
      { apiVersion: 'v1', kind: 'Secret', metadata: meta('token'), stringData: { token: 'ünï\n' }, data: {} },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta('web'),
        spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }], externalIPs: [] },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: meta('web'),
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
          template: {
            metadata: { labels: { app: 'web' }, annotations: {} },
            spec: {
              hostNetwork: false,
              nodeSelector: {},
              containers: [
                {
                  name: 'web',
                  image: 'nginx:1.27',
                  stdin: false,
                  workingDir: '',
                  ports: [{ containerPort: 8080, hostPort: 0 }],
                  env: [],
                  readinessProbe: { httpGet: { path: '/', port: 8080 }, initialDelaySeconds: 0 },
                  resources: {
                    limits: { cpu: '1000m', memory: '1024Mi', 'ephemeral-storage': '1G' },
                    requests: { cpu: 0.5, memory: 268435456 },
                  },
                  volumeMounts: [{ name: 'scratch', mountPath: '/scratch', readOnly: false, subPath: '' }],
                },
              ],
              volumes: [{ name: 'scratch', emptyDir: { sizeLimit: '2048Mi' } }],
            },
          },
        },
      },
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: meta('web'),
        spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } },
      },
    ];
    applyInStages(objects);
    const live = readLive(objects);
    const drift = objects.map((object) => [
      objectKey(object),
      findDrift(object, live.get(objectKey(object))!),
    ]);
    expect(drift).toEqual(objects.map((object) => [objectKey(object), []]));
    kubectl(['delete', 'namespace', namespace, '--wait=false']);
  }, 120_000);

  it('reports kubectl scale, set image and label edits as drift at the fields we set', () => {
    // A namespace of its own, so no other test re-applies these objects while they are edited.
    const namespace = `plan-drift-${process.pid}`;
    const { objects } = generate(testSnapshot({ core: {}, redis: {} }));
    const redis = objects
      .filter((o) => o.metadata.namespace === 'battery-data')
      .map((o) => ({ ...o, metadata: { ...o.metadata, namespace } }));
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } };
    applyInStages([ns, ...redis]);
    const statefulSet = redis.find((o) => o.kind === 'StatefulSet')!;
    expect(findDrift(statefulSet, readLive([statefulSet]).get(objectKey(statefulSet))!)).toEqual([]);

    kubectl(['-n', namespace, 'scale', 'statefulset/redis', '--replicas=3']);
    kubectl(['-n', namespace, 'set', 'image', 'statefulset/redis', 'redis=redis:7.4']);
    kubectl([
      '-n',
      namespace,
      'label',
      'statefulset/redis',
      'batteriesincl.com/battery=someone-else',
      '--overwrite',
    ]);
    kubectl([
      '-n',
      namespace,
      'annotate',
      'statefulset/redis',
      'example.com/note=extra annotations are not drift',
    ]);

    const plan = planChanges(redis, readLive(redis), inventoryOf(redis));
    expect(formatPlan(plan)).toBe(
      `
Namespace${' '.repeat(namespace.length - 8)} Name   Kind              Battery  Op       Drift/Note
${namespace}  redis  StatefulSet.apps  redis    drifted  metadata.labels["batteriesincl.com/battery"], spec.replicas, spec.template.spec.containers[name=redis].image

Plan: 0 create, 0 update, 1 drifted, 0 prune, 0 orphan (${redis.length - 1} unchanged)`.trim(),
    );
    kubectl(['delete', 'namespace', namespace, '--wait=false']);
  }, 120_000);
});
