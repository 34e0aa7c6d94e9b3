import { canonicalJson } from './hash/canonical-json.js';
import { hmacSha256Hex } from './hash/hmac-sha256.js';
import { sha256Hex } from './hash/sha256.js';
import type { KubeObject } from './model/kube-object.js';
import { CONFIG_HASH_ANNOTATION } from './model/labels.js';
import { isReused, markReused } from './kit/reused-objects.js';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet']);
/** A Knative Service's template is a pod template too: a changed hash makes a new revision. */
const isWorkload = (object: KubeObject) =>
  WORKLOAD_KINDS.has(object.kind) ||
  (object.kind === 'Service' && object.apiVersion === 'serving.knative.dev/v1');

interface PodSpecLike {
  volumes?: Array<{
    configMap?: { name?: string };
    secret?: { secretName?: string };
    projected?: { sources?: Array<{ configMap?: { name?: string }; secret?: { name?: string } }> };
  }>;
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
}

interface ContainerLike {
  envFrom?: Array<{ configMapRef?: { name?: string }; secretRef?: { name?: string } }>;
  env?: Array<{ valueFrom?: { configMapKeyRef?: { name?: string }; secretKeyRef?: { name?: string } } }>;
}

/**
 * Stamps every generated pod template with a hash over the generated ConfigMaps and Secrets it mounts or
 * reads env from, so changing configuration rolls the pods. Objects the platform does not generate
 * (user Secrets) are not hashed: we cannot see their contents at generate time. When a Secret is among them and
 * `secretKey` (the installation's object-hash key) is given, the hash is HMAC-SHA256 under it, so the
 * annotation on the pod template reveals nothing about the Secret's values.
 */
export function addConfigHashes(objects: readonly KubeObject[], secretKey?: string): KubeObject[] {
  const configs = new Map<string, KubeObject>();
  for (const object of objects) {
    if (object.apiVersion === 'v1' && (object.kind === 'ConfigMap' || object.kind === 'Secret')) {
      configs.set(`${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`, object);
    }
  }
  return objects.map((object) => {
    if (!isWorkload(object)) return object;
    const template = (
      object.spec as { template?: { metadata?: Record<string, unknown>; spec?: PodSpecLike } }
    )?.template;
    if (!template?.spec) return object;
    const namespace = object.metadata.namespace ?? '';
    const refs = [...referencedConfigs(template.spec)].sort();
    const found = refs.map((ref) => configs.get(ref.replace('/', `/${namespace}/`)));
    // A reused workload whose configs are the very same reused objects as last pass gets last pass's result.
    const previous = stamped.get(object);
    if (
      previous &&
      previous.configs.length === found.length &&
      previous.configs.every((c, i) => c === found[i])
    )
      return previous.result;
    const contents = refs.flatMap((ref, index) => {
      const config = found[index];
      return config ? [{ ref, data: config.data ?? null, stringData: config.stringData ?? null }] : [];
    });
    if (contents.length === 0) return object;
    const annotations = {
      ...(template.metadata?.annotations as Record<string, string> | undefined),
      [CONFIG_HASH_ANNOTATION]:
        secretKey && contents.some((c) => c.ref.startsWith('Secret/'))
          ? hmacSha256Hex(secretKey, canonicalJson(contents))
          : sha256Hex(canonicalJson(contents)),
    };
    const result: KubeObject = {
      ...object,
      spec: {
        ...(object.spec as object),
        template: { ...template, metadata: { ...template.metadata, annotations } },
      },
    };
    if (isReused(object) && found.every((config) => config === undefined || isReused(config)))
      stamped.set(object, { configs: found, result: markReused(result) });
    return result;
  });
}

/** Stamped reused workloads, by workload: the configs they were stamped from, and the result. */
const stamped = new WeakMap<
  KubeObject,
  { configs: readonly (KubeObject | undefined)[]; result: KubeObject }
>();

function referencedConfigs(pod: PodSpecLike): Set<string> {
  const refs = new Set<string>();
  const add = (kind: 'ConfigMap' | 'Secret', name: string | undefined) => name && refs.add(`${kind}/${name}`);
  for (const volume of pod.volumes ?? []) {
    add('ConfigMap', volume.configMap?.name);
    add('Secret', volume.secret?.secretName);
    for (const source of volume.projected?.sources ?? []) {
      add('ConfigMap', source.configMap?.name);
      add('Secret', source.secret?.name);
    }
  }
  for (const container of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
    for (const from of container.envFrom ?? []) {
      add('ConfigMap', from.configMapRef?.name);
      add('Secret', from.secretRef?.name);
    }
    for (const env of container.env ?? []) {
      add('ConfigMap', env.valueFrom?.configMapKeyRef?.name);
      add('Secret', env.valueFrom?.secretKeyRef?.name);
    }
  }
  return refs;
}
