import { INSTANCE_KIND_LABEL, INSTANCE_LABEL } from '../../model/labels.js';
import type { Instance } from '../../model/instance.js';
import type { ContainerSpec, PortSpec } from './container-schema.js';
import type { EnvVar } from './env-values.js';

/** The label grouping a service's objects by project (a plain name until Projects exist). */
export const PROJECT_LABEL = 'batteriesincl.com/project';

/** A container as the pod spec takes it. */
export interface PodContainer {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: Array<{ name: string; containerPort: number; protocol?: 'TCP' }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean; subPath?: string }>;
}

export interface PodContainersProps {
  readonly containers: readonly ContainerSpec[];
  readonly initContainers: readonly ContainerSpec[];
  /** The same variables for every container. */
  readonly env: readonly EnvVar[];
  /** Served by the first container. */
  readonly ports: readonly Pick<PortSpec, 'name' | 'number'>[];
  /** The same mounts for every container. */
  readonly mounts?: PodContainer['volumeMounts'];
}

/**
 * The containers and init containers of a service's pods: each with the service's env and mounts; the first
 * container declares the ports. Resources only as written (the namespace's LimitRange fills in the rest).
 */
export function podContainers(props: PodContainersProps): {
  containers: PodContainer[];
  initContainers: PodContainer[];
} {
  const container = (spec: ContainerSpec, withPorts: boolean): PodContainer => ({
    name: spec.name,
    image: spec.image,
    ...(spec.command ? { command: [...spec.command] } : {}),
    ...(spec.args ? { args: [...spec.args] } : {}),
    ...(props.env.length > 0 ? { env: props.env.map(copyJson) } : {}),
    ...(withPorts && props.ports.length > 0
      ? {
          ports: props.ports.map((port) => ({
            name: port.name,
            containerPort: port.number,
            protocol: 'TCP' as const,
          })),
        }
      : {}),
    ...(spec.resources ? { resources: copyJson(spec.resources) } : {}),
    ...(props.mounts && props.mounts.length > 0 ? { volumeMounts: props.mounts.map((m) => ({ ...m })) } : {}),
  });
  return {
    containers: props.containers.map((spec, index) => container(spec, index === 0)),
    initContainers: props.initContainers.map((spec) => container(spec, false)),
  };
}

/**
 * A deep copy of plain JSON, so no two objects share a nested value. Not `structuredClone`: cdk8s drops fields of
 * objects whose prototype is not this realm's `Object` (seen under Jest's VM modules).
 */
function copyJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The labels that select a service's pods: its instance kind and name (unique within the namespace). */
export function podSelector(instance: Pick<Instance, 'kind' | 'name'>): Record<string, string> {
  return { [INSTANCE_KIND_LABEL]: instance.kind, [INSTANCE_LABEL]: instance.name };
}

/** The labels of a service's pods: its selector, its app name and its project. */
export function podLabels(
  instance: Pick<Instance, 'kind' | 'name'>,
  project?: string,
): Record<string, string> {
  return {
    'app.kubernetes.io/name': instance.name,
    ...podSelector(instance),
    ...(project ? { [PROJECT_LABEL]: project } : {}),
  };
}

/**
 * The host name of a service (`<service>.<namespace>.webapp`), so its default hostname is the original's
 * `<service>.<namespace>.webapp.<ingress-address>.<baseDomain>`.
 */
export function webappHostName(instance: Pick<Instance, 'namespace' | 'name'>): string {
  return `${instance.name}.${instance.namespace}.webapp`;
}
