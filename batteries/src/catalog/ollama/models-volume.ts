import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import type { KubeObject } from '../../model/kube-object.js';
import { compareQuantities } from '../../schema/quantity.js';

/** What the models volume needs to know. */
export interface ModelsVolumeProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** The size the spec (or the platform size) asks for, a Kubernetes quantity. */
  readonly size: string;
  /** The snapshot's live objects (`BatteryChartProps.live`). */
  readonly live: (key: string) => KubeObject | undefined;
}

/**
 * The PersistentVolumeClaim holding the models. A claim can grow in place (where the StorageClass allows
 * expansion) but never shrink, so it asks for the larger of the requested size and the live claim's size:
 * lowering the platform's default size leaves an existing volume as it is.
 */
export function modelsVolume(scope: Construct, props: ModelsVolumeProps): k8s.KubePersistentVolumeClaim {
  const live = props.live(`PersistentVolumeClaim/${props.namespace}/${props.name}`);
  const liveSize = (live?.spec as { resources?: { requests?: { storage?: unknown } } } | undefined)?.resources
    ?.requests?.storage;
  const size =
    typeof liveSize === 'string' && compareQuantities(liveSize, props.size) > 0 ? liveSize : props.size;
  return new k8s.KubePersistentVolumeClaim(scope, 'models-volume', {
    metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: k8s.Quantity.fromString(size) } },
    },
  });
}
