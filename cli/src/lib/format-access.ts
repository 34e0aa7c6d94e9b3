import type { Access } from '@batteries-included/operator/api-types';
import { formatTable } from './output.js';

/** The URLS table (with where they point while the gateway has no address) and the platform CA, if any. */
export function formatAccess(access: Access): string[] {
  const lines: string[] = [];
  if (!access.hasGateway) lines.push('URLs: none (install istio-gateway to reach battery UIs by hostname)');
  else {
    if (!access.gatewayAddress)
      lines.push('URLs: the gateway has no load-balancer address yet; hostnames use 127.0.0.1 until it does');
    lines.push(
      formatTable(
        ['HOST', 'BATTERY', 'URL'],
        access.urls.map((u) => [u.name, u.battery, u.url]),
      ),
    );
  }
  if (access.ca)
    lines.push(
      '',
      `CA:       ${access.ca.subject} (Secret ${access.ca.secret})`,
      `          SHA-256 ${access.ca.fingerprintSha256}`,
      `          valid ${access.ca.notBefore} until ${access.ca.notAfter}`,
    );
  return lines;
}
