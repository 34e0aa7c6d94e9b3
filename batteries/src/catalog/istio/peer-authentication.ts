import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { PlatformNamespaces } from '../../model/settings.js';

/** The namespaces the core battery enrols in the ambient mesh (base stays out, as in the original). */
export function meshedNamespaces(namespaces: PlatformNamespaces): string[] {
  return [namespaces.core, namespaces.data, namespaces.ai];
}

/**
 * `PeerAuthentication` `default` with mTLS `STRICT` in every meshed namespace: with the platform CA installed, pods
 * there accept only mutually authenticated traffic, whose certificates chain to battery-ca (through istio-csr).
 */
export class StrictMtls extends Construct {
  constructor(scope: Construct, id: string, namespaces: readonly string[]) {
    super(scope, id);
    for (const namespace of namespaces)
      new ApiObject(this, namespace, {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'default', namespace },
        spec: { mtls: { mode: 'STRICT' } },
      });
  }
}
