import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { HostRoute } from '../../../kit/ingress/host-route.js';
import { hostUrl } from '../../../kit/ingress/gateway.js';
import type { EnvVar } from '../../../kit/service/env-values.js';
import { podContainers, podLabels, podSelector, PROJECT_LABEL } from '../../../kit/service/pod-template.js';
import type { PlatformHost, PlatformIngress } from '../../../model/host.js';
import type { Instance } from '../../../model/instance.js';
import type { TraditionalServiceSpec, VolumeSpec } from './schema.js';

export interface TraditionalServiceProps {
  readonly instance: Instance<TraditionalServiceSpec>;
  readonly env: readonly EnvVar[];
  /** The service's hosts the platform accepted; routed when `isExposed`. */
  readonly hosts: readonly PlatformHost[];
  readonly ingress: PlatformIngress;
  /** Routed from outside: not kubeInternal, SSO fine, a gateway installed. */
  readonly isExposed: boolean;
}

/** The PersistentVolumeClaim of a persistent volume: `<service>-<volume>`. */
export function claimName(service: string, volume: string): string {
  return `${service}-${volume}`;
}

const APP_PROTOCOL = { http: 'http', http2: 'kubernetes.io/h2c', tcp: undefined } as const;

/**
 * A traditional service's objects, all named after it in its namespace: the ServiceAccount (no API token), the
 * Deployment or StatefulSet (replicas from `instances`, or left to the HorizontalPodAutoscaler), a
 * PersistentVolumeClaim per persistent volume, the ClusterIP Service over its ports and, when exposed, one
 * HTTPRoute per host to the first port. Pure.
 */
export function renderTraditionalService(scope: Construct, props: TraditionalServiceProps): void {
  const { instance } = props;
  const { name, namespace, spec } = instance;
  const labels = spec.project ? { [PROJECT_LABEL]: spec.project } : undefined;
  const metadata = (objectName = name) => ({ name: objectName, namespace, ...(labels ? { labels } : {}) });

  new ApiObject(scope, 'service-account', {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: metadata(),
    automountServiceAccountToken: false,
  });

  for (const volume of spec.volumes.filter((v) => v.type === 'persistent'))
    new ApiObject(scope, `claim-${volume.name}`, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: metadata(claimName(name, volume.name)),
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: volume.size } },
        ...(volume.storageClass ? { storageClassName: volume.storageClass } : {}),
      },
    });

  const { containers, initContainers } = podContainers({
    containers: spec.containers,
    initContainers: spec.initContainers,
    env: props.env,
    ports: spec.ports,
    mounts: spec.mounts.map((mount) => ({
      name: mount.volume,
      mountPath: mount.mountPath,
      ...(mount.readOnly !== undefined ? { readOnly: mount.readOnly } : {}),
      ...(mount.subPath !== undefined ? { subPath: mount.subPath } : {}),
    })),
  });
  const isStateful = spec.deploymentType === 'statefulset';
  new ApiObject(scope, 'workload', {
    apiVersion: 'apps/v1',
    kind: isStateful ? 'StatefulSet' : 'Deployment',
    metadata: metadata(),
    spec: {
      // The autoscaler owns the replica count when there is one; applying ours would fight it every pass.
      ...(spec.autoscaling ? {} : { replicas: spec.instances }),
      ...(isStateful ? { serviceName: name } : {}),
      selector: { matchLabels: podSelector(instance) },
      template: {
        metadata: { labels: podLabels(instance, spec.project) },
        spec: {
          serviceAccountName: name,
          automountServiceAccountToken: false,
          ...(initContainers.length > 0 ? { initContainers } : {}),
          containers,
          ...(spec.volumes.length > 0 ? { volumes: spec.volumes.map((v) => podVolume(name, v)) } : {}),
        },
      },
    },
  });

  if (spec.autoscaling)
    new ApiObject(scope, 'autoscaler', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: metadata(),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: isStateful ? 'StatefulSet' : 'Deployment', name },
        minReplicas: spec.autoscaling.minInstances,
        maxReplicas: spec.autoscaling.maxInstances,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: spec.autoscaling.cpuTargetPercent },
            },
          },
        ],
      },
    });

  if (spec.ports.length === 0) return;
  new ApiObject(scope, 'service', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(),
    spec: {
      type: 'ClusterIP',
      selector: podSelector(instance),
      ports: spec.ports.map((port) => ({
        name: port.name,
        port: port.number,
        targetPort: port.number,
        protocol: 'TCP',
        ...(APP_PROTOCOL[port.protocol] ? { appProtocol: APP_PROTOCOL[port.protocol] } : {}),
      })),
    },
  });
  if (!props.isExposed) return;
  for (const host of props.hosts)
    new HostRoute(scope, `route-${host.name}`, { host, ingress: props.ingress });
}

/** Where the service is reached: its first host over the gateway, else inside the cluster. */
export function serviceUrl(
  props: Pick<TraditionalServiceProps, 'instance' | 'hosts' | 'ingress' | 'isExposed'>,
): string {
  const { instance } = props;
  const [host] = props.hosts;
  if (props.isExposed && host) return hostUrl(props.ingress, host);
  const port = instance.spec.ports[0];
  return `http://${instance.name}.${instance.namespace}.svc${port ? `:${port.number}` : ''}`;
}

function podVolume(service: string, volume: VolumeSpec): Record<string, unknown> {
  const optional = volume.optional !== undefined ? { optional: volume.optional } : {};
  switch (volume.type) {
    case 'configMap':
      return { name: volume.name, configMap: { name: volume.sourceName ?? volume.name, ...optional } };
    case 'secret':
      return { name: volume.name, secret: { secretName: volume.sourceName ?? volume.name, ...optional } };
    case 'emptyDir':
      return {
        name: volume.name,
        emptyDir: {
          ...(volume.medium ? { medium: volume.medium } : {}),
          ...(volume.sizeLimit ? { sizeLimit: volume.sizeLimit } : {}),
        },
      };
    case 'persistent':
      return { name: volume.name, persistentVolumeClaim: { claimName: claimName(service, volume.name) } };
  }
}
