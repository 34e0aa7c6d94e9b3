/**
 * The resource (plural) of each built-in kind the operator may manage, keyed `group/Kind` (`/Kind` for the core
 * group). RBAC rules name resources, generated objects name kinds; this table is the bridge. It is deliberately
 * small: a kind that a battery starts to generate and that is missing here stops the RBAC synth with an
 * UnknownKindError, so whoever adds the kind also decides that the operator may manage it.
 */
export const BUILT_IN_RESOURCES: ReadonlyMap<string, string> = new Map([
  ['/ConfigMap', 'configmaps'],
  ['/Endpoints', 'endpoints'],
  ['/LimitRange', 'limitranges'],
  ['/Namespace', 'namespaces'],
  ['/PersistentVolumeClaim', 'persistentvolumeclaims'],
  ['/Pod', 'pods'],
  ['/ResourceQuota', 'resourcequotas'],
  ['/Secret', 'secrets'],
  ['/Service', 'services'],
  ['/ServiceAccount', 'serviceaccounts'],
  ['admissionregistration.k8s.io/MutatingWebhookConfiguration', 'mutatingwebhookconfigurations'],
  ['admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'validatingwebhookconfigurations'],
  ['apiextensions.k8s.io/CustomResourceDefinition', 'customresourcedefinitions'],
  ['apps/DaemonSet', 'daemonsets'],
  ['apps/Deployment', 'deployments'],
  ['apps/StatefulSet', 'statefulsets'],
  ['autoscaling/HorizontalPodAutoscaler', 'horizontalpodautoscalers'],
  ['batch/CronJob', 'cronjobs'],
  // Custom resources the bundle batteries generate (their CRDs come from the upstream bundles).
  ['cert-manager.io/Certificate', 'certificates'],
  ['cert-manager.io/ClusterIssuer', 'clusterissuers'],
  ['cert-manager.io/Issuer', 'issuers'],
  ['gateway.networking.k8s.io/Gateway', 'gateways'],
  ['gateway.networking.k8s.io/HTTPRoute', 'httproutes'],
  ['security.istio.io/PeerAuthentication', 'peerauthentications'],
  ['telemetry.istio.io/Telemetry', 'telemetries'],
  ['trust.cert-manager.io/Bundle', 'bundles'],
  ['metallb.io/IPAddressPool', 'ipaddresspools'],
  ['metallb.io/L2Advertisement', 'l2advertisements'],
  ['postgresql.cnpg.io/Cluster', 'clusters'],
  ['serving.knative.dev/Service', 'services'],
  ['apiregistration.k8s.io/APIService', 'apiservices'],
  ['batch/Job', 'jobs'],
  ['networking.k8s.io/Ingress', 'ingresses'],
  ['networking.k8s.io/NetworkPolicy', 'networkpolicies'],
  ['policy/PodDisruptionBudget', 'poddisruptionbudgets'],
  ['rbac.authorization.k8s.io/ClusterRole', 'clusterroles'],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', 'clusterrolebindings'],
  ['rbac.authorization.k8s.io/Role', 'roles'],
  ['rbac.authorization.k8s.io/RoleBinding', 'rolebindings'],
  ['scheduling.k8s.io/PriorityClass', 'priorityclasses'],
  ['storage.k8s.io/StorageClass', 'storageclasses'],
]);

/** A generated kind that BUILT_IN_RESOURCES does not know. */
export class UnknownKindError extends Error {
  constructor(
    readonly group: string,
    readonly kind: string,
  ) {
    const groupKind = group ? `${kind}.${group}` : kind;
    super(
      `${groupKind}: the catalog generates this kind but deploy/scripts/built-in-resources.ts has no resource ` +
        `for it; add '${group}/${kind}' with its plural (kubectl api-resources shows it) and run the RBAC synth again`,
    );
    this.name = 'UnknownKindError';
  }
}

/**
 * The resource of a kind in a group.
 * @example resourceFor('apps', 'Deployment') // → 'deployments'
 * @throws UnknownKindError when the kind is not in BUILT_IN_RESOURCES
 */
export function resourceFor(group: string, kind: string): string {
  const resource = BUILT_IN_RESOURCES.get(`${group}/${kind}`);
  if (!resource) throw new UnknownKindError(group, kind);
  return resource;
}
