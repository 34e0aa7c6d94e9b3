import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWK } from 'jose';
import type { UsageReport } from '@batteries-included/batteries';

/** A usage report token as an installation signs it (C4), with overridable claims for negative tests. */
export async function signReportToken(
  privateJwk: JWK,
  installationId: string,
  report: UsageReport,
  claims: { iss?: string; sub?: string; jti?: string; iat?: number; exp?: number } = {},
): Promise<string> {
  const iat = claims.iat ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ report })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(claims.iss ?? installationId)
    .setSubject(claims.sub ?? installationId)
    .setJti(claims.jti ?? randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(claims.exp ?? iat + 300)
    .sign(await importJWK(privateJwk, 'ES256'));
}
