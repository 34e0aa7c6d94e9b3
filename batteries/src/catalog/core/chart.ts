import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import type { BatteryChartProps } from '../../model/battery.js';
import type { CoreSpec } from './schema.js';
import { ACCESS_INFO, CONTROL_HOST } from './control-server.js';
import { coreSecrets, OBJECT_HASH_KEY } from './secrets.js';

/**
 * The platform's own namespaces and a ConfigMap of its settings, which the CLI and console read to learn
 * the layout without parsing Battery objects; and the Secret that keeps the installation's object-hash key.
 */
export class CoreChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<CoreSpec>) {
    super(scope, 'core');
    const { namespaces } = props.settings;
    const meshed = props.isInstalled('istio');
    const hasWaypoints = props.isInstalled('istio-gateway') && props.isInstalled('keycloak');
    for (const [role, name] of [
      ['core', namespaces.core],
      ['base', namespaces.base],
      ['data', namespaces.data],
      ['ai', namespaces.ai],
    ] as const) {
      const labels: Record<string, string> = { 'batteriesincl.com/namespace-role': role };
      // Ambient mesh enrolment follows the original: workloads namespaces join, base stays out.
      if (meshed) labels['istio.io/dataplane-mode'] = role === 'base' ? 'none' : 'ambient';
      // The waypoint the istio-gateway battery makes in core and AI when Keycloak is installed.
      if (meshed && hasWaypoints && (role === 'core' || role === 'ai'))
        labels['istio.io/use-waypoint'] = 'waypoint';
      new k8s.KubeNamespace(this, `ns-${role}`, { metadata: { name, labels } });
    }
    new k8s.KubeConfigMap(this, 'settings', {
      metadata: { name: 'platform-settings', namespace: namespaces.core },
      data: {
        clusterType: props.spec.clusterType,
        clusterName: props.spec.clusterName,
        usage: props.spec.usage,
        defaultSize: props.spec.defaultSize,
        namespaces: JSON.stringify(namespaces),
      },
    });
    const [hashKey] = coreSecrets(namespaces);
    new k8s.KubeSecret(this, 'object-hash-key', {
      metadata: { name: hashKey!.secret.name, namespace: hashKey!.secret.namespace },
      type: 'Opaque',
      stringData: { [hashKey!.secret.key]: props.secret(OBJECT_HASH_KEY) },
    });
    // As the original: where the console is by hostname, whether over TLS, and the gateway's address ('' until
    // it has one, when the CLI falls back to a port-forward).
    const { ingress } = props;
    const control = ingress.hosts.find((host) => host.name === CONTROL_HOST);
    new k8s.KubeConfigMap(this, 'access-info', {
      metadata: { name: ACCESS_INFO, namespace: namespaces.core },
      data: {
        hostname: control?.hostname ?? '',
        ssl: String(ingress.tls !== undefined && ingress.hasGateway),
        address: ingress.hasGateway && ingress.hasAddress ? ingress.address : '',
      },
    });
  }
}
