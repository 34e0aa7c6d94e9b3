import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '@batteries-included/batteries';
import { createPgliteSql } from '@batteries-included/sql';
import { EventBus } from '../engine/event-bus.js';
import { createStore, type Store } from '../store/store.js';
import { createApiApp } from './app.js';
import { describeCaCertificate } from './ca-certificate.js';

const battery = (kind: string, name: string, spec: object = {}): KubeObject => ({
  apiVersion: 'batteries.batteriesincl.com/v1alpha1',
  kind,
  metadata: { name },
  spec,
});
const gatewayService = (ip?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'istio-ingressgateway', namespace: 'battery-istio' },
  spec: { type: 'LoadBalancer' },
  status: { loadBalancer: ip ? { ingress: [{ ip }] } : {} },
});

describe('GET /api/v1/access', () => {
  const TOKEN = 'test-token-0123456789';
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'nowhere', server: 'http://127.0.0.1:9', skipTLSVerify: true }],
    users: [{ name: 'nobody' }],
    contexts: [{ name: 'nowhere', cluster: 'nowhere', user: 'nobody' }],
    currentContext: 'nowhere',
  });
  let store: Store;
  beforeAll(async () => {
    store = await createStore(await createPgliteSql());
  });
  const app = (batteries: KubeObject[], live: KubeObject[]) =>
    createApiApp({
      store,
      config,
      view: {
        batteries: () => batteries,
        live: () => new Map(live.map((o) => [`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`, o])),
      },
      bus: new EventBus(),
      requestPass: () => {},
      token: () => TOKEN,
    });
  const platform = [
    battery('CoreBattery', 'core'),
    battery('GatewayApiBattery', 'gateway-api'),
    battery('IstioBattery', 'istio'),
    battery('IstioGatewayBattery', 'istio-gateway'),
    battery('GrafanaBattery', 'grafana'),
  ];

  it("lists every battery UI's URL by the gateway's address once it has one", async () => {
    const response = await app(platform, [gatewayService('172.18.0.240')]).request('/api/v1/access', {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      hasGateway: true,
      gatewayAddress: '172.18.0.240',
      ssl: false,
      urls: [
        { name: 'control', battery: 'core', url: 'http://control.172-18-0-240.sslip.io' },
        { name: 'grafana', battery: 'grafana', url: 'http://grafana.172-18-0-240.sslip.io' },
      ],
    });
  });

  it('falls back to 127.0.0.1 hostnames while the gateway has no address', async () => {
    const response = await app(platform, [gatewayService()]).request('/api/v1/access', {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const body = (await response.json()) as { gatewayAddress?: string; urls: Array<{ url: string }> };
    expect(body.gatewayAddress).toBeUndefined();
    expect(body.urls[0]!.url).toBe('http://control.127-0-0-1.sslip.io');
  });

  it('answers 401 without the token', async () => {
    const response = await app(platform, []).request('/api/v1/access');
    expect(response.status).toBe(401);
  });
});

describe('describeCaCertificate', () => {
  it('gives the subject, SHA-256 fingerprint and expiry openssl reports for the certificate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-'));
    try {
      const cert = join(dir, 'ca.crt');
      execFileSync('openssl', [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        join(dir, 'ca.key'),
        '-out',
        cert,
        '-days',
        '3650',
        '-subj',
        '/CN=Batteries Included CA',
      ]);
      const pem = readFileSync(cert, 'utf8');
      const described = describeCaCertificate(pem, 'battery-base/battery-ca');
      const fingerprint = execFileSync(
        'openssl',
        ['x509', '-in', cert, '-noout', '-fingerprint', '-sha256'],
        {
          encoding: 'utf8',
        },
      );
      const endDate = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-enddate'], {
        encoding: 'utf8',
      });
      expect(described.subject).toBe('CN=Batteries Included CA');
      expect(described.issuer).toBe('CN=Batteries Included CA');
      expect(`sha256 Fingerprint=${described.fingerprintSha256}`).toBe(
        fingerprint.trim().replace(/^SHA256/i, 'sha256'),
      );
      expect(new Date(described.notAfter).getTime()).toBe(
        Date.parse(endDate.trim().replace('notAfter=', '')),
      );
      expect(JSON.stringify(described)).not.toContain('PRIVATE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
