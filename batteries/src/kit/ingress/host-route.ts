import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { PlatformHost, PlatformIngress } from '../../model/host.js';
import { INGRESS_GATEWAY, listenerFor } from './gateway.js';

export interface HostRouteProps {
  readonly host: PlatformHost;
  readonly ingress: PlatformIngress;
}

/**
 * The HTTPRoute `<host name>` in the namespace of the host's Service (so no ReferenceGrant is needed): the host's
 * hostname on the ingress Gateway's listener for it (HTTPS when TLS is on, else HTTP) to the Service's port.
 * Batteries get one per declared host from Generate; instance kinds create their own with their hosts.
 */
export class HostRoute extends Construct {
  readonly route: ApiObject;

  constructor(scope: Construct, id: string, props: HostRouteProps) {
    super(scope, id);
    const { host, ingress } = props;
    this.route = new ApiObject(this, 'route', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: host.name, namespace: host.service.namespace },
      spec: {
        parentRefs: [
          {
            group: 'gateway.networking.k8s.io',
            kind: 'Gateway',
            name: INGRESS_GATEWAY,
            namespace: ingress.gatewayNamespace,
            sectionName: listenerFor(ingress, host),
          },
        ],
        hostnames: [host.hostname],
        rules: [{ backendRefs: [{ name: host.service.name, port: host.service.port }] }],
      },
    });
  }
}
