import { formatAccess } from './format-access.js';

describe('formatAccess', () => {
  it('lists every URL and the CA subject, fingerprint and expiry', () => {
    const lines = formatAccess({
      hasGateway: true,
      gatewayAddress: '172.18.0.240',
      ssl: true,
      urls: [
        { name: 'control', battery: 'core', url: 'https://control.172-18-0-240.sslip.io' },
        { name: 'grafana', battery: 'grafana', url: 'https://grafana.172-18-0-240.sslip.io' },
      ],
      ca: {
        subject: 'CN=Batteries Included CA',
        issuer: 'CN=Batteries Included CA',
        fingerprintSha256: 'AA:BB',
        serialNumber: '01',
        notBefore: '2026-12-07T00:00:00.000Z',
        notAfter: '2036-12-05T00:00:00.000Z',
        secret: 'battery-base/battery-ca',
      },
    }).join('\n');
    expect(lines).toContain('https://control.172-18-0-240.sslip.io');
    expect(lines).toMatch(/grafana\s+grafana\s+https:\/\/grafana\.172-18-0-240\.sslip\.io/);
    expect(lines).toContain('CA:       CN=Batteries Included CA (Secret battery-base/battery-ca)');
    expect(lines).toContain('SHA-256 AA:BB');
    expect(lines).toContain('until 2036-12-05T00:00:00.000Z');
  });

  it('says when there is no gateway, or no address yet', () => {
    expect(formatAccess({ hasGateway: false, ssl: false, urls: [] })[0]).toMatch(/install istio-gateway/);
    expect(
      formatAccess({
        hasGateway: true,
        ssl: false,
        urls: [{ name: 'control', battery: 'core', url: 'http://control.127-0-0-1.sslip.io' }],
      })[0],
    ).toMatch(/no load-balancer address yet/);
  });
});
