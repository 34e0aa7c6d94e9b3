import { defaultHostname } from '../../kit/ingress/gateway.js';
import type { PlatformIngress } from '../../model/host.js';

/** The first label of the domain Knative services get by default, as in the original. */
export const WEBAPP_LABEL = 'webapp';

/**
 * The domain Knative publishes services under (`<service>.<namespace>.<domain>`): the battery's `domain`, else the
 * original's `webapp.<address-with-dashes>.<baseDomain>`.
 * @example knativeDomain(undefined, { address: '172.18.0.240', baseDomain: 'sslip.io' }) // 'webapp.172-18-0-240.sslip.io'
 */
export function knativeDomain(
  domain: string | undefined,
  ingress: Pick<PlatformIngress, 'address' | 'baseDomain'>,
): string {
  return domain ?? defaultHostname(WEBAPP_LABEL, ingress.address, ingress.baseDomain);
}
