import { formatRef, type ObjectRef } from '@batteries-included/batteries';
import { APPLY_STAGES, compareForApply, compareForPrune, stageOf } from './kind-order.js';

const ref = (apiVersion: string, kind: string, name: string, namespace?: string): ObjectRef => {
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  return namespace ? { group, version, kind, namespace, name } : { group, version, kind, name };
};

// Deliberately shuffled: webhooks and custom resources first, Namespaces and CRDs last.
const MIXED: ObjectRef[] = [
  ref('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'cert-manager-webhook'),
  ref('redis.redis.opstreelabs.in/v1beta2', 'Redis', 'cache', 'battery-data'),
  ref('serving.knative.dev/v1', 'Service', 'hello', 'battery-knative'),
  ref('apps/v1', 'StatefulSet', 'redis', 'battery-data'),
  ref('v1', 'Service', 'redis', 'battery-data'),
  ref('policy/v1', 'PodDisruptionBudget', 'redis', 'battery-data'),
  ref('v1', 'PersistentVolumeClaim', 'notebooks-home', 'battery-ai'),
  ref('v1', 'Secret', 'redis-password', 'battery-data'),
  ref('apiregistration.k8s.io/v1', 'APIService', 'v1beta1.metrics.k8s.io'),
  ref('rbac.authorization.k8s.io/v1', 'RoleBinding', 'redis', 'battery-data'),
  ref('v1', 'ServiceAccount', 'redis', 'battery-data'),
  ref('batch/v1', 'Job', 'migrate', 'battery-core'),
  ref('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'redis.redis.opstreelabs.in'),
  ref('v1', 'ConfigMap', 'redis-config', 'battery-data'),
  ref('rbac.authorization.k8s.io/v1', 'ClusterRole', 'redis-operator'),
  ref('v1', 'Namespace', 'battery-data'),
  ref('apps/v1', 'Deployment', 'redis-operator', 'battery-data'),
  ref('autoscaling/v2', 'HorizontalPodAutoscaler', 'grafana', 'battery-core'),
  ref('v1', 'Namespace', 'battery-ai'),
];

const print = (refs: ObjectRef[]) =>
  refs.map((r) => `${stageOf(r).name.padEnd(26)} ${formatRef(r)}`).join('\n');

describe('apply order', () => {
  it('applies by stage, then by canonical ref', () => {
    expect(print([...MIXED].sort(compareForApply))).toBe(
      `
namespaces-and-crds        CustomResourceDefinition.apiextensions.k8s.io/redis.redis.opstreelabs.in
namespaces-and-crds        Namespace/battery-ai
namespaces-and-crds        Namespace/battery-data
identity-and-rbac          ClusterRole.rbac.authorization.k8s.io/redis-operator
identity-and-rbac          RoleBinding.rbac.authorization.k8s.io/battery-data/redis
identity-and-rbac          ServiceAccount/battery-data/redis
config-and-storage         ConfigMap/battery-data/redis-config
config-and-storage         PersistentVolumeClaim/battery-ai/notebooks-home
config-and-storage         Secret/battery-data/redis-password
services                   Service/battery-data/redis
workloads                  Deployment.apps/battery-data/redis-operator
workloads                  HorizontalPodAutoscaler.autoscaling/battery-core/grafana
workloads                  Job.batch/battery-core/migrate
workloads                  PodDisruptionBudget.policy/battery-data/redis
workloads                  StatefulSet.apps/battery-data/redis
custom-resources           Redis.redis.redis.opstreelabs.in/battery-data/cache
custom-resources           Service.serving.knative.dev/battery-knative/hello
webhooks-and-api-services  APIService.apiregistration.k8s.io/v1beta1.metrics.k8s.io
webhooks-and-api-services  ValidatingWebhookConfiguration.admissionregistration.k8s.io/cert-manager-webhook
`.trim(),
    );
  });

  it('prunes in the exact reverse of apply order', () => {
    const applied = [...MIXED].sort(compareForApply);
    expect([...MIXED].sort(compareForPrune)).toEqual([...applied].reverse());
  });

  it('ignores the version: the same kind in another version is in the same place', () => {
    const v1 = ref('autoscaling/v1', 'HorizontalPodAutoscaler', 'grafana', 'battery-core');
    const v2 = ref('autoscaling/v2', 'HorizontalPodAutoscaler', 'grafana', 'battery-core');
    expect(compareForApply(v1, v2)).toBe(0);
  });

  it('puts a kind in the custom-resources stage by group and kind, never by kind alone', () => {
    expect(stageOf(ref('v1', 'Service', 'redis', 'battery-data')).name).toBe('services');
    expect(stageOf(ref('serving.knative.dev/v1', 'Service', 'hello', 'x')).name).toBe('custom-resources');
    expect(stageOf(ref('example.com/v1', 'Deployment', 'd', 'x')).name).toBe('custom-resources');
  });

  it('lists every kind in exactly one stage and has exactly one stage for unlisted kinds', () => {
    const kinds = APPLY_STAGES.flatMap((stage) => stage.kinds);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(APPLY_STAGES.filter((stage) => stage.unlistedKinds)).toHaveLength(1);
    expect(APPLY_STAGES[0]!.waitFor).toBe('CustomResourceDefinitions Established');
  });
});
