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
import { STORAGE_PRESETS, type NotebooksSpec } from './schema.js';
import { tokenSecret } from './secrets.js';

/** Container resources per platform size; medium is half a core and 2 GiB (limit 4 GiB). */
export const RESOURCE_PRESETS = scaledPresets({ cpu: 0.5, memoryMi: 2048 });

/** Jupyter Docker Stacks run as `jovyan` (uid 1000) in the `users` group (gid 100). */
const USER_ID = 1000;
const GROUP_ID = 100;
const PORT = 8888;
const NAME = 'jupyterlab';
const WORK_DIR = '/home/jovyan/work';

/**
 * One JupyterLab server in the AI namespace: the StatefulSet `jupyterlab` (one replica) with a growable
 * volume at `/home/jovyan/work`, the Service `jupyterlab` (port 8888, `http`), and the login token in the
 * Secret `jupyterlab-token` (key `token`), passed to the server as `JUPYTER_TOKEN`.
 *
 * The root filesystem stays writable: Jupyter writes runtime files, settings and installed packages
 * under the home directory. The ServiceAccount mounts no API token.
 */
export class NotebooksChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<NotebooksSpec>) {
    super(scope, 'notebooks');
    const { spec, settings } = props;
    const namespace = settings.namespaces.ai;
    const labels = selectorLabels(NAME);
    const secretRef = tokenSecret(namespace);

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: NAME, namespace },
      automountServiceAccountToken: false,
    });
    new k8s.KubeSecret(this, 'token', {
      metadata: { name: secretRef.name, namespace },
      type: 'Opaque',
      stringData: { [secretRef.key]: props.secret('token') },
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

    const replicas = 1;
    const workClaim = growableVolumeClaim(this, {
      claimName: 'work',
      statefulSet: NAME,
      namespace,
      replicas,
      size: spec.storageSize ?? STORAGE_PRESETS[settings.defaultSize],
      labels,
      live: props.live,
    });

    new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: { name: NAME, namespace },
      spec: {
        serviceName: NAME,
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: NAME,
            automountServiceAccountToken: false,
            securityContext: podSecurityContext(USER_ID, GROUP_ID),
            containers: [
              {
                name: 'jupyterlab',
                image: imageRef(spec.image),
                imagePullPolicy: 'IfNotPresent',
                // The image's entrypoint and command (start-notebook.py) start JupyterLab on port 8888.
                env: [
                  {
                    name: 'JUPYTER_TOKEN',
                    valueFrom: { secretKeyRef: { name: secretRef.name, key: secretRef.key } },
                  },
                  ...spec.env.map(({ name, value }) => ({ name, value })),
                ],
                ports: [{ name: 'http', containerPort: PORT, protocol: 'TCP' }],
                volumeMounts: [{ name: 'work', mountPath: WORK_DIR }],
                resources: containerResources(
                  resolveResources(RESOURCE_PRESETS, settings.defaultSize, spec.resources),
                ),
                // /api answers without the token: it only reports the server's version.
                readinessProbe: httpProbe('/api', 'http'),
                livenessProbe: httpProbe('/api', 'http', { initialDelaySeconds: 30 }),
                securityContext: restrictedSecurityContext({ readOnlyRootFilesystem: false }),
              },
            ],
          },
        },
        volumeClaimTemplates: [workClaim],
      },
    });
  }
}
