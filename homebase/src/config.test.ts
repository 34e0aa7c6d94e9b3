import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config.js';
import { createSecretBox } from './crypto/secret-box.js';

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bi-homebase-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs with embedded defaults and generates the secret once, readable only by its owner', () => {
    const first = loadConfig({ HOME_BASE_DATA_DIR: dir });
    expect(first).toMatchObject({
      port: 4100,
      baseUrl: 'http://127.0.0.1:4100',
      databaseUrl: undefined,
      secretSource: 'generated file',
      showOutbox: false,
      trustProxy: 0,
      metricsToken: undefined,
    });
    expect(statSync(join(dir, 'secret')).mode & 0o777).toBe(0o600);
    const second = loadConfig({ HOME_BASE_DATA_DIR: dir });
    expect(second.secretSource).toBe('existing file');
    expect(second.secret).toBe(first.secret);
  });

  it('prefers HOME_BASE_SECRET and turns the outbox page off when SMTP is configured', () => {
    const config = loadConfig({
      HOME_BASE_DATA_DIR: dir,
      HOME_BASE_SECRET: 'x'.repeat(40),
      SMTP_URL: 'smtp://mail:25',
      HOME_BASE_URL: 'https://home.example.com/',
    });
    expect(config).toMatchObject({
      secretSource: 'HOME_BASE_SECRET',
      showOutbox: false,
      baseUrl: 'https://home.example.com',
    });
  });
});

describe('secret box', () => {
  it('opens what it sealed, and refuses another secret or an altered value', () => {
    const box = createSecretBox('s'.repeat(40));
    const binding = { purpose: 'signing-key', id: 'k1' } as const;
    const sealed = box.seal('{"d":"private"}', binding);
    expect(sealed).not.toContain('private');
    expect(box.open(sealed, binding)).toBe('{"d":"private"}');
    expect(() => createSecretBox('t'.repeat(40)).open(sealed, binding)).toThrow();
    const altered = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BB' : 'AA');
    expect(() => box.open(altered, binding)).toThrow();
    expect(() => createSecretBox('short')).toThrow(/at least 32 characters/);
  });
});
