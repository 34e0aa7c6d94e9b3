import { X509Certificate } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import type { z } from 'zod';
import { toKubeApiError } from '../kube/errors.js';
import { requestJson } from '../kube/json-request.js';
import type { caCertificate } from './schemas.js';

export type CaCertificate = z.input<typeof caCertificate>;

/**
 * What an auditor checks of a CA certificate (PEM): subject, issuer, SHA-256 fingerprint, serial and validity.
 * Reads the first certificate of the PEM; throws on anything that is not one.
 * @example describeCaCertificate(pem, 'battery-base/battery-ca').notAfter // '2036-12-05T21:00:00.000Z'
 */
export function describeCaCertificate(pem: string, secret: string): CaCertificate {
  const certificate = new X509Certificate(pem);
  return {
    subject: distinguishedName(certificate.subject),
    issuer: distinguishedName(certificate.issuer),
    fingerprintSha256: certificate.fingerprint256,
    serialNumber: certificate.serialNumber,
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
    secret,
  };
}

/** Node prints names one attribute per line; one line, comma-separated, reads like `openssl x509 -subject`. */
function distinguishedName(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

/**
 * The platform CA's certificate from its Secret's `ca.crt` (cert-manager writes it), described; undefined while the
 * Secret or the key is missing. Only the certificate is read out of the Secret's data; the key never leaves it.
 */
export async function readCaCertificate(
  config: KubeConfig,
  namespace: string,
  name: string,
): Promise<CaCertificate | undefined> {
  const ref = `Secret/${namespace}/${name}`;
  let secret: { data?: Record<string, string> };
  try {
    secret = await requestJson(config, {
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`,
    });
  } catch (error) {
    const apiError = toKubeApiError(ref, error);
    if (apiError.status === 404) return undefined;
    throw apiError;
  }
  const encoded = secret.data?.['ca.crt'];
  if (!encoded) return undefined;
  return describeCaCertificate(Buffer.from(encoded, 'base64').toString('utf8'), `${namespace}/${name}`);
}
