import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import {
  containerResources,
  httpProbe,
  podSecurityContext,
  restrictedSecurityContext,
  selectorLabels,
} from '../../kit/workload.js';
import type { BatteryChartProps } from '../../model/battery.js';
import { imageRef } from '../../schema/image.js';
import { resolveResources, scaledPresets, type Resources } from '../../schema/resources.js';
import { modelsVolume } from './models-volume.js';
import { pullModelsScript } from './pull-models.js';
import { STORAGE_PRESETS, type OllamaSpec } from './schema.js';

/** Server resources per platform size; medium is one core and 4 GiB (limit 8 GiB), enough for small models on CPU. */
export const RESOURCE_PRESETS = scaledPresets({ cpu: 1, memoryMi: 4096 });
/** The puller only streams progress from the server; the server does the download. */
const PULLER_RESOURCES: Resources = { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '128Mi' } };

/** Ollama needs no particular user; it runs as this non-root uid with its home on the models volume. */
const USER_ID = 1000;
const PORT = 11434;
const NAME = 'ollama';
/** The models volume's mount: `HOME` (Ollama keeps its key in `~/.ollama`) and the models below it. */
const DATA_DIR = '/ollama';
const GPU_RESOURCE = 'nvidia.com/gpu';

/**
 * Ollama in the AI namespace: the Deployment `ollama` (one replica, `Recreate`, as the models volume is
 * ReadWriteOnce), the PersistentVolumeClaim `ollama-models` (grows, never shrinks), the Service `ollama`
 * (port 11434, `http`) and a ServiceAccount without an API token.
 *
 * Models listed in the spec are pulled by the `pull-models` sidecar through the server's API after the
 * server answers; it has no readiness probe, so the pod is Ready as soon as the server is, and models
 * appear as they finish downloading (see `pullModelsScript`). With `gpuCount` > 0 the server reserves
 * that many `nvidia.com/gpu` and tolerates the `nvidia.com/gpu` taint GPU nodes usually carry.
 */
export class OllamaChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<OllamaSpec>) {
    super(scope, 'ollama');
    const { spec, settings } = props;
    const namespace = settings.namespaces.ai;
    const labels = selectorLabels(NAME);
    const models = [...new Set(spec.models)];

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: NAME, namespace },
      automountServiceAccountToken: false,
    });
    const volume = modelsVolume(this, {
      name: `${NAME}-models`,
      namespace,
      labels,
      size: spec.storageSize ?? STORAGE_PRESETS[settings.defaultSize],
      live: props.live,
    });
    new k8s.KubeService(this, 'service', {
      metadata: { name: NAME, namespace },
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [
          {
            name: 'http',
            port: PORT,
            targetPort: k8s.IntOrString.fromString('http'),
            protocol: 'TCP',
            appProtocol: 'http',
          },
        ],
      },
    });

    const resources = containerResources(
      resolveResources(RESOURCE_PRESETS, settings.defaultSize, spec.resources),
    );
    const gpuLimits: Record<string, k8s.Quantity> =
      spec.gpuCount > 0 ? { [GPU_RESOURCE]: k8s.Quantity.fromString(String(spec.gpuCount)) } : {};
    const serverResources: k8s.ResourceRequirements = {
      ...resources,
      limits: { ...resources.limits, ...gpuLimits },
    };
    const containers: k8s.Container[] = [
      {
        name: 'ollama',
        image: imageRef(spec.image),
        imagePullPolicy: 'IfNotPresent',
        args: ['serve'],
        env: [
          { name: 'HOME', value: DATA_DIR },
          { name: 'OLLAMA_HOST', value: `0.0.0.0:${PORT}` },
          { name: 'OLLAMA_MODELS', value: `${DATA_DIR}/models` },
          { name: 'OLLAMA_KEEP_ALIVE', value: spec.keepAlive },
          { name: 'OLLAMA_NUM_PARALLEL', value: String(spec.numParallel) },
        ],
        ports: [{ name: 'http', containerPort: PORT, protocol: 'TCP' }],
        volumeMounts: [
          { name: 'models', mountPath: DATA_DIR },
          { name: 'tmp', mountPath: '/tmp' },
        ],
        resources: serverResources,
        readinessProbe: httpProbe('/api/version', 'http'),
        livenessProbe: httpProbe('/api/version', 'http', { initialDelaySeconds: 30 }),
        securityContext: restrictedSecurityContext(),
      },
    ];
    if (models.length > 0) {
      containers.push({
        name: 'pull-models',
        image: imageRef(spec.image),
        imagePullPolicy: 'IfNotPresent',
        command: ['sh', '-c', pullModelsScript(), 'pull-models', ...models],
        env: [
          { name: 'HOME', value: '/tmp' },
          { name: 'OLLAMA_HOST', value: `127.0.0.1:${PORT}` },
        ],
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
        resources: containerResources(PULLER_RESOURCES),
        // No probes: a helper that only pulls and then sleeps; readiness is the server's.
        securityContext: restrictedSecurityContext(),
      });
    }

    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: NAME, namespace },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: NAME,
            automountServiceAccountToken: false,
            securityContext: podSecurityContext(USER_ID),
            tolerations:
              spec.gpuCount > 0
                ? [{ key: GPU_RESOURCE, operator: 'Exists', effect: 'NoSchedule' }]
                : undefined,
            containers,
            volumes: [
              { name: 'models', persistentVolumeClaim: { claimName: volume.name } },
              { name: 'tmp', emptyDir: {} },
            ],
          },
        },
      },
    });
  }
}
