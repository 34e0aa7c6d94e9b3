import { formatRef, type ObjectRef } from '@batteries-included/batteries';

/** One step of the apply order: the kinds applied together, and what apply waits for before the next step. */
export interface ApplyStage {
  /** A short kebab-case name used in logs and the console. */
  readonly name: string;
  /**
   * Kinds in the stage, spelled `Kind.group` like the kind part of a canonical ref (`Deployment.apps`,
   * core kinds bare: `Service`), so a Knative `Service.serving.knative.dev` is never taken for a core Service.
   */
  readonly kinds: readonly string[];
  /** Whether every kind not listed in any stage (custom resources) belongs here. Exactly one stage has it. */
  readonly unlistedKinds?: boolean;
  /** What apply waits for after this stage, before the next one starts. */
  readonly waitFor?: string;
}

/**
 * The apply order as data (the model is fluxcd/pkg `ssa/sort.go` and kapp's built-in change rules):
 * a kind's stage is applied only after every earlier stage; prune runs the exact reverse.
 */
export const APPLY_STAGES: readonly ApplyStage[] = [
  {
    name: 'namespaces-and-crds',
    kinds: ['Namespace', 'CustomResourceDefinition.apiextensions.k8s.io'],
    waitFor: 'CustomResourceDefinitions Established',
  },
  {
    name: 'identity-and-rbac',
    kinds: [
      'ServiceAccount',
      'ClusterRole.rbac.authorization.k8s.io',
      'ClusterRoleBinding.rbac.authorization.k8s.io',
      'Role.rbac.authorization.k8s.io',
      'RoleBinding.rbac.authorization.k8s.io',
    ],
  },
  {
    // Keycloak (another target, ADR keycloak-target): a realm before what lives in it, and all of it before the
    // Secrets that carry its clients' credentials (they wait for their client: `WAITS_FOR_ANNOTATION`).
    name: 'keycloak-realms',
    kinds: ['KeycloakRealm.keycloak.batteriesincl.com'],
  },
  {
    name: 'keycloak-groups-and-clients',
    kinds: [
      'KeycloakGroup.keycloak.batteriesincl.com',
      'KeycloakClient.keycloak.batteriesincl.com',
      'KeycloakRequiredAction.keycloak.batteriesincl.com',
    ],
  },
  {
    name: 'config-and-storage',
    kinds: [
      'ConfigMap',
      'Secret',
      'ResourceQuota',
      'LimitRange',
      'NetworkPolicy.networking.k8s.io',
      'StorageClass.storage.k8s.io',
      'PersistentVolumeClaim',
      // Pods naming a PriorityClass that does not exist yet are rejected at admission.
      'PriorityClass.scheduling.k8s.io',
    ],
  },
  {
    name: 'services',
    // Ingresses route to Services, and an IngressClass must exist before the Ingresses that name it.
    kinds: ['Service', 'IngressClass.networking.k8s.io', 'Ingress.networking.k8s.io'],
  },
  {
    name: 'workloads',
    kinds: [
      'Deployment.apps',
      'StatefulSet.apps',
      'DaemonSet.apps',
      'Job.batch',
      'CronJob.batch',
      'HorizontalPodAutoscaler.autoscaling',
      'PodDisruptionBudget.policy',
    ],
  },
  { name: 'custom-resources', kinds: [], unlistedKinds: true },
  {
    // Last, so a webhook never intercepts the objects of its own battery before its server is running.
    name: 'webhooks-and-api-services',
    kinds: [
      'MutatingWebhookConfiguration.admissionregistration.k8s.io',
      'ValidatingWebhookConfiguration.admissionregistration.k8s.io',
      'APIService.apiregistration.k8s.io',
    ],
  },
];

const stageByKind = new Map<string, number>();
APPLY_STAGES.forEach((stage, index) => stage.kinds.forEach((kind) => stageByKind.set(kind, index)));
const UNLISTED_STAGE = APPLY_STAGES.findIndex((stage) => stage.unlistedKinds);

/** The kind part of the canonical ref: `Deployment.apps`, or the bare kind in the core group (`Service`). */
export function groupKind(ref: Pick<ObjectRef, 'group' | 'kind'>): string {
  return ref.group ? `${ref.kind}.${ref.group}` : ref.kind;
}

/** The index in `APPLY_STAGES` of the stage the object is applied in. */
export function stageIndexOf(ref: Pick<ObjectRef, 'group' | 'kind'>): number {
  return stageByKind.get(groupKind(ref)) ?? UNLISTED_STAGE;
}

/** The stage the object is applied in; unlisted kinds (custom resources) are in `custom-resources`. */
export function stageOf(ref: Pick<ObjectRef, 'group' | 'kind'>): ApplyStage {
  return APPLY_STAGES[stageIndexOf(ref)]!;
}

/**
 * Apply order: by stage, then by canonical ref string (code-unit order, never locale order, so every
 * machine sorts alike). Negative when `a` is applied first.
 */
export function compareForApply(a: ObjectRef, b: ObjectRef): number {
  const byStage = stageIndexOf(a) - stageIndexOf(b);
  if (byStage !== 0) return byStage;
  const keyA = formatRef(a);
  const keyB = formatRef(b);
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
}

/** Prune order: the exact reverse of apply order (webhooks first, Namespaces and CRDs last). */
export function compareForPrune(a: ObjectRef, b: ObjectRef): number {
  return compareForApply(b, a);
}
