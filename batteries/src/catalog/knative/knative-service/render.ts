import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { hostUrl } from '../../../kit/ingress/gateway.js';
import type { EnvVar } from '../../../kit/service/env-values.js';
import { podContainers, podLabels, PROJECT_LABEL } from '../../../kit/service/pod-template.js';
import type { PlatformHost, PlatformIngress } from '../../../model/host.js';
import type { Instance } from '../../../model/instance.js';
import type { KubeObject } from '../../../model/kube-object.js';
import type { KnativeServiceSpec } from './schema.js';

export const KNATIVE_SERVING_API = 'serving.knative.dev/v1';

export interface KnativeServiceProps {
  readonly instance: Instance<KnativeServiceSpec>;
  readonly env: readonly EnvVar[];
  /** Published outside the cluster (else `cluster-local`). */
  readonly isExposed: boolean;
}

/**
 * The `serving.knative.dev/v1` Service `<name>` in the instance's namespace: the containers with the env values,
 * the port named for its protocol (`h2c` or `http1`, as Knative wants), the autoscaling annotations on the
 * revision template (min-scale, max-scale, target concurrency) and the rollout duration on the Service. Changing
 * the template (an image, a variable) makes a new revision. Pure.
 */
export function renderKnativeService(scope: Construct, props: KnativeServiceProps): void {
  const { name, namespace, spec } = props.instance;
  const { containers, initContainers } = podContainers({
    containers: spec.containers,
    initContainers: spec.initContainers,
    env: props.env,
    ports: [],
  });
  const port = spec.ports[0];
  if (port)
    containers[0]!.ports = [
      { name: port.protocol === 'http2' ? 'h2c' : 'http1', containerPort: port.number },
    ];
  const labels: Record<string, string> = {
    ...(spec.project ? { [PROJECT_LABEL]: spec.project } : {}),
    ...(props.isExposed ? {} : { 'networking.knative.dev/visibility': 'cluster-local' }),
  };
  const minScale = spec.scaleToZero ? spec.minScale : Math.max(1, spec.minScale);
  new ApiObject(scope, 'service', {
    apiVersion: KNATIVE_SERVING_API,
    kind: 'Service',
    metadata: {
      name,
      namespace,
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      annotations: { 'serving.knative.dev/rollout-duration': spec.rolloutDuration },
    },
    spec: {
      template: {
        metadata: {
          labels: podLabels(props.instance, spec.project),
          annotations: {
            'autoscaling.knative.dev/min-scale': String(minScale),
            ...(spec.maxScale > 0 ? { 'autoscaling.knative.dev/max-scale': String(spec.maxScale) } : {}),
            'autoscaling.knative.dev/target': String(spec.targetConcurrency),
          },
        },
        spec: {
          ...(initContainers.length > 0 ? { initContainers } : {}),
          containers,
        },
      },
    },
  });
}

/**
 * Where the service is reached: the URL Knative reports once it has one (live status), else the one its domain
 * gives it, else (cluster-local) its in-cluster name.
 */
export function knativeServiceUrl(
  instance: Pick<Instance, 'name' | 'namespace'>,
  live: KubeObject | undefined,
  host: PlatformHost | undefined,
  ingress: PlatformIngress,
): string {
  const reported = (live?.status as { url?: unknown } | undefined)?.url;
  if (typeof reported === 'string' && reported.length > 0) return reported;
  if (host) return hostUrl(ingress, host);
  return `http://${instance.name}.${instance.namespace}.svc.cluster.local`;
}
