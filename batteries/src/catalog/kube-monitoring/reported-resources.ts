import type { k8s } from 'cdk8s-plus-33';

/**
 * The resources kube-state-metrics reports (its `--resources` names are the API's plural resource names),
 * with their API groups. kube-state-metrics' default set, except: Secrets are left out (listing every Secret
 * in the cluster is too much privilege for `kube_secret_*` metrics), and EndpointSlices replace the
 * deprecated Endpoints.
 */
export const REPORTED_RESOURCES: ReadonlyArray<{ readonly resource: string; readonly apiGroup: string }> = [
  { resource: 'certificatesigningrequests', apiGroup: 'certificates.k8s.io' },
  { resource: 'configmaps', apiGroup: '' },
  { resource: 'cronjobs', apiGroup: 'batch' },
  { resource: 'daemonsets', apiGroup: 'apps' },
  { resource: 'deployments', apiGroup: 'apps' },
  { resource: 'endpointslices', apiGroup: 'discovery.k8s.io' },
  { resource: 'horizontalpodautoscalers', apiGroup: 'autoscaling' },
  { resource: 'ingresses', apiGroup: 'networking.k8s.io' },
  { resource: 'jobs', apiGroup: 'batch' },
  { resource: 'leases', apiGroup: 'coordination.k8s.io' },
  { resource: 'limitranges', apiGroup: '' },
  { resource: 'mutatingwebhookconfigurations', apiGroup: 'admissionregistration.k8s.io' },
  { resource: 'namespaces', apiGroup: '' },
  { resource: 'networkpolicies', apiGroup: 'networking.k8s.io' },
  { resource: 'nodes', apiGroup: '' },
  { resource: 'persistentvolumeclaims', apiGroup: '' },
  { resource: 'persistentvolumes', apiGroup: '' },
  { resource: 'poddisruptionbudgets', apiGroup: 'policy' },
  { resource: 'pods', apiGroup: '' },
  { resource: 'replicasets', apiGroup: 'apps' },
  { resource: 'replicationcontrollers', apiGroup: '' },
  { resource: 'resourcequotas', apiGroup: '' },
  { resource: 'services', apiGroup: '' },
  { resource: 'statefulsets', apiGroup: 'apps' },
  { resource: 'storageclasses', apiGroup: 'storage.k8s.io' },
  { resource: 'validatingwebhookconfigurations', apiGroup: 'admissionregistration.k8s.io' },
  { resource: 'volumeattachments', apiGroup: 'storage.k8s.io' },
];

/** One `list`/`watch` rule per API group over exactly the reported resources, groups sorted. */
export function reportedResourceRules(): k8s.PolicyRule[] {
  const byGroup = new Map<string, string[]>();
  for (const { resource, apiGroup } of REPORTED_RESOURCES) {
    byGroup.set(apiGroup, [...(byGroup.get(apiGroup) ?? []), resource]);
  }
  return [...byGroup.keys()].sort().map((apiGroup) => ({
    apiGroups: [apiGroup],
    resources: byGroup.get(apiGroup)!,
    verbs: ['list', 'watch'],
  }));
}
