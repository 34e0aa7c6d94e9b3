import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import type { KubeObject } from '../model/kube-object.js';
import { compareQuantities } from '../schema/quantity.js';

/** What `growableVolumeClaim` needs to know about the StatefulSet and its data volume. */
export interface GrowableVolumeClaimProps {
  /** The claim template's name, e.g. `data`; pods mount the volume under this name. */
  readonly claimName: string;
  /** The StatefulSet's name; claims are named `<claimName>-<statefulSet>-<ordinal>`. */
  readonly statefulSet: string;
  readonly namespace: string;
  /** How many replicas the StatefulSet runs (one claim each). */
  readonly replicas: number;
  /** The size the spec asks for, a Kubernetes quantity such as `10Gi`. */
  readonly size: string;
  /** Labels for explicit claims; use the pod selector labels, which the StatefulSet controller also sets. */
  readonly labels: Record<string, string>;
  /** The snapshot's live objects (`BatteryChartProps.live`). */
  readonly live: (key: string) => KubeObject | undefined;
}

/**
 * A StatefulSet data volume that can grow after creation.
 *
 * `volumeClaimTemplates` are immutable once the StatefulSet exists, so the template keeps the live
 * StatefulSet's size (or the requested size on first install). When a larger size is requested, this
 * also emits one PersistentVolumeClaim per replica, named as the StatefulSet controller names them,
 * with the larger size: applying them expands the volumes (where the StorageClass allows expansion).
 * Never asks for less than a live claim or the live template already has, so a smaller resolved size
 * (for example after lowering the platform's default size) leaves the volumes as they are.
 *
 * @returns the claim template to put in `volumeClaimTemplates`.
 */
export function growableVolumeClaim(
  scope: Construct,
  props: GrowableVolumeClaimProps,
): k8s.KubePersistentVolumeClaimProps {
  const { claimName, statefulSet, namespace } = props;
  const liveSet = props.live(`StatefulSet.apps/${namespace}/${statefulSet}`);
  const templateSize = liveSet ? (liveTemplateSize(liveSet, claimName) ?? props.size) : props.size;

  for (let ordinal = 0; ordinal < props.replicas; ordinal++) {
    const name = `${claimName}-${statefulSet}-${ordinal}`;
    const liveClaim = props.live(`PersistentVolumeClaim/${namespace}/${name}`);
    const size = largest([props.size, templateSize, liveClaim ? liveClaimSize(liveClaim) : undefined]);
    if (compareQuantities(size, templateSize) <= 0) continue;
    new k8s.KubePersistentVolumeClaim(scope, `claim-${name}`, {
      metadata: { name, namespace, labels: props.labels },
      spec: claimSpec(size),
    });
  }
  return { metadata: { name: claimName }, spec: claimSpec(templateSize) };
}

function claimSpec(size: string): k8s.PersistentVolumeClaimSpec {
  return {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: k8s.Quantity.fromString(size) } },
  };
}

function largest(sizes: ReadonlyArray<string | undefined>): string {
  const defined = sizes.filter((size): size is string => size !== undefined);
  return defined.reduce((a, b) => (compareQuantities(b, a) > 0 ? b : a));
}

interface ClaimLike {
  metadata?: { name?: string };
  spec?: { resources?: { requests?: { storage?: unknown } } };
}

function storageOf(claim: ClaimLike | undefined): string | undefined {
  const storage = claim?.spec?.resources?.requests?.storage;
  return typeof storage === 'string' ? storage : undefined;
}

function liveTemplateSize(statefulSet: KubeObject, claimName: string): string | undefined {
  const templates = (statefulSet.spec as { volumeClaimTemplates?: ClaimLike[] } | undefined)
    ?.volumeClaimTemplates;
  return storageOf(templates?.find((template) => template.metadata?.name === claimName));
}

function liveClaimSize(claim: KubeObject): string | undefined {
  return storageOf(claim as ClaimLike);
}
