import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import { growableVolumeClaim } from '../../kit/volume-claims.js';
import {
  containerResources,
  httpProbe,
  podSecurityContext,
  restrictedSecurityContext,
  selectorLabels,
} from '../../kit/workload.js';
import type { BatteryChartProps } from '../../model/battery.js';
import { imageRef } from '../../schema/image.js';
import { resolveResources, scaledPresets } from '../../schema/resources.js';
import { scrapeAnnotations } from '../victoria-metrics/scrape-annotations.js';
import { LOKI_DATA_PATH, LOKI_PORTS, lokiConfigYaml } from './config.js';
import { LOKI_NAME } from './endpoints.js';
import { STORAGE_PRESETS, type LokiSpec } from './schema.js';

/** Container resources per platform size; medium is half a core and 1 GiB. */
export const RESOURCE_PRESETS = scaledPresets({ cpu: 0.5, memoryMi: 1024 });

/** The user the Loki image runs as. */
const USER_ID = 10001;

const CONFIG_PATH = '/etc/loki';
const CONFIG_KEY = 'config.yaml';

/**
 * Single-binary Loki in the core namespace: the StatefulSet `loki` (`replicas` pods, each with a growable
 * log volume), its configuration in the ConfigMap `loki-config`, the client Service `loki` (3100 `http`,
 * 9095 `grpc`, annotated for scraping) and the headless Service `loki-headless` that gives the pods stable
 * names and, with more than one pod, lets them find each other over memberlist (7946). Loki needs no
 * Kubernetes API access, so its ServiceAccount mounts no token.
 */
export class LokiChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<LokiSpec>) {
    super(scope, 'loki');
    const { spec } = props;
    const namespace = props.settings.namespaces.core;
    const labels = selectorLabels(LOKI_NAME);
    const headless = `${LOKI_NAME}-headless`;
    const clustered = spec.replicas > 1;

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: LOKI_NAME, namespace },
      automountServiceAccountToken: false,
    });

    const config = new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: `${LOKI_NAME}-config`, namespace },
      data: {
        [CONFIG_KEY]: lokiConfigYaml({
          ...spec,
          memberlistJoin: `dns+${headless}.${namespace}.svc.cluster.local:${LOKI_PORTS.memberlist}`,
        }),
      },
    });

    const apiPorts: k8s.ServicePort[] = [
      {
        name: 'http',
        port: LOKI_PORTS.http,
        targetPort: k8s.IntOrString.fromString('http'),
        protocol: 'TCP',
      },
      {
        name: 'grpc',
        port: LOKI_PORTS.grpc,
        targetPort: k8s.IntOrString.fromString('grpc'),
        protocol: 'TCP',
      },
    ];
    new k8s.KubeService(this, 'service', {
      metadata: { name: LOKI_NAME, namespace, annotations: scrapeAnnotations({ port: LOKI_PORTS.http }) },
      spec: { type: 'ClusterIP', selector: labels, ports: apiPorts },
    });
    const memberlistPort: k8s.ServicePort = {
      name: 'memberlist',
      port: LOKI_PORTS.memberlist,
      targetPort: k8s.IntOrString.fromString('memberlist'),
      protocol: 'TCP',
    };
    new k8s.KubeService(this, 'headless-service', {
      metadata: { name: headless, namespace },
      spec: {
        clusterIp: 'None',
        // Pods must find each other before they are ready: joining the ring is what makes them ready.
        publishNotReadyAddresses: true,
        selector: labels,
        ports: clustered ? [...apiPorts, memberlistPort] : apiPorts,
      },
    });

    const containerPorts: k8s.ContainerPort[] = [
      { name: 'http', containerPort: LOKI_PORTS.http, protocol: 'TCP' },
      { name: 'grpc', containerPort: LOKI_PORTS.grpc, protocol: 'TCP' },
    ];
    if (clustered)
      containerPorts.push({ name: 'memberlist', containerPort: LOKI_PORTS.memberlist, protocol: 'TCP' });

    const dataClaim = growableVolumeClaim(this, {
      claimName: 'data',
      statefulSet: LOKI_NAME,
      namespace,
      replicas: spec.replicas,
      size: spec.storageSize ?? STORAGE_PRESETS[props.settings.defaultSize],
      labels,
      live: props.live,
    });

    new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: { name: LOKI_NAME, namespace },
      spec: {
        serviceName: headless,
        replicas: spec.replicas,
        // Ring members start together rather than one by one.
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: LOKI_NAME,
            automountServiceAccountToken: false,
            securityContext: podSecurityContext(USER_ID),
            containers: [
              {
                name: 'loki',
                image: imageRef(spec.image),
                imagePullPolicy: 'IfNotPresent',
                args: [`-config.file=${CONFIG_PATH}/${CONFIG_KEY}`, '-config.expand-env=true', '-target=all'],
                env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
                ports: containerPorts,
                volumeMounts: [
                  { name: 'data', mountPath: LOKI_DATA_PATH },
                  { name: 'config', mountPath: CONFIG_PATH, readOnly: true },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
                resources: containerResources(
                  resolveResources(RESOURCE_PRESETS, props.settings.defaultSize, spec.resources),
                ),
                // /ready turns true about 15 s after start, once the ingester has joined its ring.
                readinessProbe: httpProbe('/ready', 'http', { initialDelaySeconds: 15 }),
                livenessProbe: httpProbe('/ready', 'http', { initialDelaySeconds: 60 }),
                securityContext: restrictedSecurityContext(),
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: config.name } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
            ],
          },
        },
        volumeClaimTemplates: [dataClaim],
      },
    });
  }
}
