import {
  BATTERY_CA,
  INGRESS_GATEWAY,
  hostUrl,
  loadBalancerIp,
  planIngress,
  platformSettings,
  type Snapshot,
} from '@batteries-included/batteries';
import { Hono } from 'hono';
import type { z } from 'zod';
import { batterySpecs } from '../engine/decide/prepare-snapshot.js';
import type { ApiOptions } from './api-options.js';
import { readCaCertificate } from './ca-certificate.js';
import type { accessResponse } from './schemas.js';

/**
 * `GET /access`: how the platform is reached, computed exactly as the pass does (`planIngress` over the cache's
 * Battery specs and the gateway Service's load-balancer IP): every battery UI's URL, whether TLS is on, the gateway's
 * address, and — with battery-ca installed — the CA certificate's subject, fingerprint and expiry, read from its
 * Secret so the chain can be audited.
 */
export function accessRoutes({ view, config }: Pick<ApiOptions, 'view' | 'config'>): Hono {
  const app = new Hono();
  app.get('/access', async (c) => {
    const { specs } = batterySpecs(view.batteries());
    const snapshot: Snapshot = { batteries: specs, live: {}, secretMaterial: {} };
    const settings = platformSettings(snapshot);
    const address = loadBalancerIp(
      view.live().get(`Service/${settings.namespaces.istio}/${INGRESS_GATEWAY}`),
    );
    if (address) snapshot.ingress = { address };
    const { ingress } = planIngress(snapshot, settings);
    const ca = Object.hasOwn(specs, 'battery-ca')
      ? await readCaCertificate(config, settings.namespaces.base, BATTERY_CA.secret)
      : undefined;
    const body: z.input<typeof accessResponse> = {
      hasGateway: ingress.hasGateway,
      ...(address ? { gatewayAddress: address } : {}),
      ssl: ingress.hasGateway && ingress.tls !== undefined,
      urls: ingress.hosts.map((host) => ({
        name: host.name,
        battery: host.battery,
        url: hostUrl(ingress, host),
      })),
      ...(ca ? { ca } : {}),
    };
    return c.json(body);
  });
  return app;
}
