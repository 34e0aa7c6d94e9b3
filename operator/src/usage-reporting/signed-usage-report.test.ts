import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { pino } from 'pino';
import { signUsageReport } from './signed-usage-report.js';
import { usageReporterFromEnv } from './usage-reporter.js';
import { KubeConfig } from '@kubernetes/client-node';

const report = { version: '0.1.0', batteries: ['core'], nodes: 2, pods: 3, podsByNode: { a: 3 } };

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateJwk: privateKey.export({ format: 'jwk' }), publicKey };
}

describe('signUsageReport', () => {
  it('makes a compact ES256 JWS over the report claims that verifies with the public key', () => {
    const { privateJwk, publicKey } = keyPair();
    const now = new Date('2026-11-23T12:00:00Z');
    const jws = signUsageReport(privateJwk, 'inst-1', report, now);
    const [header, payload, signature] = jws.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'ES256' });
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(claims).toEqual({
      iss: 'inst-1',
      sub: 'inst-1',
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      iat: now.getTime() / 1000,
      exp: now.getTime() / 1000 + 300,
      report,
    });
    const ok = verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      { key: publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature!, 'base64url'),
    );
    expect(ok).toBe(true);
    const other = createPublicKey(keyPair().publicKey.export({ format: 'pem', type: 'spki' }));
    expect(
      verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        { key: other, dsaEncoding: 'ieee-p1363' },
        Buffer.from(signature!, 'base64url'),
      ),
    ).toBe(false);
  });

  it('uses a new jti for every report', () => {
    const { privateJwk } = keyPair();
    const jti = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).jti;
    expect(jti(signUsageReport(privateJwk, 'i', report))).not.toBe(
      jti(signUsageReport(privateJwk, 'i', report)),
    );
  });
});

describe('usageReporterFromEnv', () => {
  const logger = pino({ level: 'silent' });
  it('stays off unless the URL, id and a private key are all given', () => {
    const kubeConfig = new KubeConfig();
    expect(usageReporterFromEnv({}, { config: kubeConfig, logger })).toBeUndefined();
    expect(
      usageReporterFromEnv(
        { BI_HOME_BASE_URL: 'http://x', BI_INSTALLATION_ID: 'i' },
        { config: kubeConfig, logger },
      ),
    ).toBeUndefined();
    const publicOnly = JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' });
    expect(
      usageReporterFromEnv(
        { BI_HOME_BASE_URL: 'http://x', BI_INSTALLATION_ID: 'i', BI_INSTALLATION_KEY: publicOnly },
        { config: kubeConfig, logger },
      ),
    ).toBeUndefined();
    expect(
      usageReporterFromEnv(
        { BI_HOME_BASE_URL: 'http://x', BI_INSTALLATION_ID: 'i', BI_INSTALLATION_KEY: 'not json' },
        { config: kubeConfig, logger },
      ),
    ).toBeUndefined();
  });
});
