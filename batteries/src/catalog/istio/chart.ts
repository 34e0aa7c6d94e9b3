import { ApiObject, Chart } from 'cdk8s';
import { ClusterRoleForAccount } from '../../kit/rbac.js';
import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import { includeBundle } from '../../kit/bundle-objects.js';
import type { BatteryChartProps } from '../../model/battery.js';
import { ISTIO_BUNDLE } from './bundle.js';
import { Istiod } from './istiod.js';
import { NodeAgents } from './node-agents.js';
import { StrictMtls, meshedNamespaces } from './peer-authentication.js';
import type { IstioSpec } from './schema.js';

const READER = 'istio-reader-service-account';

/**
 * Istio in ambient mode in the istio namespace (which this battery owns): the upstream CRDs from the release, and
 * the control plane generated here — istiod, the CNI node agent, ztunnel, the read-only `istio-reader` account
 * multi-cluster tooling and Kiali use, and the mesh-wide `Telemetry` that turns on Prometheus metrics. Namespaces
 * join the mesh by label (`istio.io/dataplane-mode: ambient`, set by the core battery when istio is installed).
 * With the platform CA (battery-ca) installed, the meshed namespaces require mutual TLS (`PeerAuthentication` STRICT).
 */
export class IstioChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<IstioSpec>) {
    super(scope, 'istio');
    const { settings } = props;
    const namespace = settings.namespaces.istio;
    const hasExternalCa = props.isInstalled('istio-csr');

    new k8s.KubeNamespace(this, 'namespace', {
      metadata: { name: namespace, labels: { 'batteriesincl.com/namespace-role': 'istio' } },
    });
    includeBundle(this, props.bundle(ISTIO_BUNDLE.name));
    new Istiod(this, 'istiod', { spec: props.spec, settings, hasExternalCa });
    new NodeAgents(this, 'node-agents', { spec: props.spec, settings, hasExternalCa });

    new k8s.KubeServiceAccount(this, 'reader', { metadata: { name: READER, namespace } });
    // A fixed name: the operator's RBAC names the ClusterRoles it may grant, whatever the namespaces are called.
    const readerRole = 'istio-reader';
    new ClusterRoleForAccount(this, 'reader-role', {
      name: readerRole,
      account: READER,
      namespace: namespace,
      rules: [
        {
          apiGroups: [
            'config.istio.io',
            'security.istio.io',
            'networking.istio.io',
            'telemetry.istio.io',
            'extensions.istio.io',
            'gateway.networking.k8s.io',
          ],
          resources: ['*'],
          verbs: ['get', 'list', 'watch'],
        },
        {
          apiGroups: [''],
          resources: [
            'endpoints',
            'pods',
            'services',
            'nodes',
            'replicationcontrollers',
            'namespaces',
            'secrets',
          ],
          verbs: ['get', 'list', 'watch'],
        },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
        { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
      ],
    });

    if (props.isInstalled('battery-ca'))
      new StrictMtls(this, 'strict-mtls', meshedNamespaces(settings.namespaces));

    new ApiObject(this, 'telemetry', {
      apiVersion: 'telemetry.istio.io/v1',
      kind: 'Telemetry',
      metadata: { name: 'mesh-default', namespace },
      spec: { metrics: [{ providers: [{ name: 'prometheus' }] }] },
    });
  }
}
