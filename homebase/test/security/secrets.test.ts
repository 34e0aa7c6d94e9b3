// Issue 20, Home Base items 5, 6, 11 and 12: secrets at rest, in mail, in logs and at start.
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createPgliteSql, emptyPgliteDataDir, migrate } from '@batteries-included/sql';
import { installationLogId, installSpecSchema } from '@batteries-included/batteries';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { pino } from 'pino';
import type { HomeBaseConfig } from '../../src/config.js';
import { resealLegacyValues } from '../../src/crypto/reseal.js';
import { createSecretBox } from '../../src/crypto/secret-box.js';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { createMailer } from '../../src/mail/mailer.js';
import { createKeyring, generateEs256Jwk, SigningKeyUnusableError } from '../../src/signing/keys.js';
import { startHomeBase } from '../../src/start.js';
import { createStore } from '../../src/store/store.js';
import {
  BASE_URL,
  Browser,
  createInstallationThroughPages,
  freshPgliteStore,
  signUp,
  startTestHomeBase,
  TEST_SECRET,
} from '../../src/testing/harness.js';
import { signReportToken } from '../../src/testing/report-token.js';
import { startSmtpServer } from '../../src/testing/smtp-server.js';

/** How values were sealed before bindings (v1: AES-256-GCM without associated data), to build an old database. */
function sealLegacy(secret: string, plaintext: string): string {
  const key = Buffer.from(hkdfSync('sha256', secret, 'batteries-included/homebase', 'seal', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

const specOf = async (app: { request(url: string): Response | Promise<Response> }, id: string) => {
  const response = await app.request(`${BASE_URL}/api/v1/installations/${id}/spec`);
  return { status: response.status, text: await response.text() };
};

describe('security: secrets at rest, in mail, in logs (Home Base)', () => {
  it('5. a sealed value moved into another row does not open there (the signing key is not served as a spec)', async () => {
    const hb = await startTestHomeBase();
    try {
      const browser = new Browser(hb.app);
      await signUp(browser, hb.store, 'ops@example.com');
      const id = await createInstallationThroughPages(browser, { slug: 'target' });
      await hb.deps.keyring.jwks();
      const [signingKey] = await hb.store.listSigningKeys();
      const box = createSecretBox(TEST_SECRET);
      const signingJwk = JSON.parse(
        box.open(signingKey!.privateJwkSealed, { purpose: 'signing-key', id: signingKey!.kid }),
      ) as JWK;
      // A database writer copies the signing key's sealed value into the installation's row.
      await hb.store.sql.query('UPDATE installations SET private_jwk_sealed = $2 WHERE id = $1', [
        id,
        signingKey!.privateJwkSealed,
      ]);
      const { status, text } = await specOf(hb.app, id);
      expect(status).toBe(500);
      expect(text).not.toContain(signingJwk.d!);
    } finally {
      await hb.close();
    }
  }, 60_000);

  it('5. the start-up re-seal binds every value of a database made at schema version 1', async () => {
    const sql = await createPgliteSql({ loadDataDir: await emptyPgliteDataDir() });
    await migrate(sql, MIGRATIONS.slice(0, 1), { lockKey: 'batteries-included/homebase/migrate/' });
    const signing = await generateEs256Jwk();
    const installation = await generateEs256Jwk();
    const userId = '22222222-2222-4222-8222-222222222222';
    const teamId = '33333333-3333-4333-8333-333333333333';
    const installationId = '44444444-4444-4444-8444-444444444444';
    await sql.query(`INSERT INTO users (id, email, password_hash) VALUES ($1, 'old@example.com', 'x')`, [
      userId,
    ]);
    await sql.query(`INSERT INTO teams (id, name) VALUES ($1, 'old team')`, [teamId]);
    await sql.query(
      `INSERT INTO signing_keys (kid, public_jwk, private_jwk_sealed, created_at) VALUES ($1, $2, $3, now())`,
      [
        signing.kid,
        JSON.stringify(signing.publicJwk),
        sealLegacy(TEST_SECRET, JSON.stringify(signing.privateJwk)),
      ],
    );
    await sql.query(
      `INSERT INTO installations (id, team_id, slug, provider, usage, default_size, batteries, public_jwk, private_jwk_sealed)
       VALUES ($1, $2, 'old', 'kind', 'development', 'tiny', '["core"]', $3, $4)`,
      [
        installationId,
        teamId,
        JSON.stringify(installation.publicJwk),
        sealLegacy(TEST_SECRET, JSON.stringify(installation.privateJwk)),
      ],
    );
    const store = await createStore(sql);
    try {
      const box = createSecretBox(TEST_SECRET);
      expect(await resealLegacyValues(store, box)).toBe(2);
      expect(await resealLegacyValues(store, box)).toBe(0);
      const [key] = await store.listSigningKeys();
      expect(key!.privateJwkSealed).toMatch(/^v2\./);
      expect(JSON.parse(box.open(key!.privateJwkSealed, { purpose: 'signing-key', id: signing.kid })).d).toBe(
        signing.privateJwk.d,
      );
      expect(() =>
        box.open(key!.privateJwkSealed, { purpose: 'installation-key', id: installationId }),
      ).toThrow();
      // The old installation's spec is served, signed by the old key, carrying its own key.
      const hb = await startTestHomeBase({ store });
      await expect(createKeyring(store, box).assertUsable()).resolves.toBeUndefined();
      const response = await hb.app.request(`${BASE_URL}/api/v1/installations/${installationId}/spec`);
      expect(response.status).toBe(200);
      const { jws } = (await response.json()) as { jws: string };
      const { payload } = await jwtVerify(jws, createLocalJWKSet({ keys: [signing.publicJwk] }));
      expect((installSpecSchema.parse(payload.spec).homeBase!.installationKey as JWK).d).toBe(
        installation.privateJwk.d,
      );
    } finally {
      await store.close();
    }
  }, 60_000);

  it('6. delivered mail keeps no link, and queued mail expires after a day', async () => {
    const received: string[] = [];
    const server = await startSmtpServer(received);
    const store = await freshPgliteStore();
    const clock = { now: new Date() };
    try {
      const { port } = server.address() as AddressInfo;
      const mailer = createMailer(store, { smtpUrl: `smtp://127.0.0.1:${port}`, now: () => clock.now });
      const hb = await startTestHomeBase({ store, mailer, now: () => clock.now });
      await new Browser(hb.app).submit('/signup', '/signup', {
        email: 'mail@example.com',
        password: 'a long password',
        confirmation: 'a long password',
      });
      await mailer.flush();
      expect(received.some((m) => m.includes('/confirm/'))).toBe(true);
      const [sent] = await store.listOutbox();
      expect(sent!.sentAt).toBeInstanceOf(Date);
      expect(sent!.body).not.toContain('/confirm/');
      // Undelivered mail (no SMTP) keeps its body only until it expires: a day later, the next mail removes it.
      const outboxOnly = createMailer(store, { now: () => clock.now });
      await outboxOnly.send({ to: 'dev@example.com', subject: 'kept a day', body: 'http://x/reset/abc' });
      clock.now = new Date(clock.now.getTime() + 25 * 3_600_000);
      await outboxOnly.send({ to: 'dev@example.com', subject: 'next', body: 'hello' });
      expect((await store.listOutbox()).map((m) => m.subject)).toEqual(['next']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await store.close();
    }
  }, 60_000);

  it('11. logs name an installation by a short hash, never by its id (the spec capability)', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    const hb = await startTestHomeBase({ logger });
    try {
      const browser = new Browser(hb.app);
      await signUp(browser, hb.store, 'logs@example.com');
      const id = await createInstallationThroughPages(browser, { slug: 'logged' });
      const { text } = await specOf(hb.app, id);
      const { payload } = await jwtVerify(
        JSON.parse(text).jws as string,
        createLocalJWKSet(await hb.deps.keyring.jwks()),
      );
      const key = installSpecSchema.parse(payload.spec).homeBase!.installationKey as JWK;
      const report = { version: '1', batteries: ['core'], nodes: 1, pods: 1, podsByNode: { n: 1 } };
      const posted = await hb.app.request(`${BASE_URL}/api/v1/installations/${id}/usage_reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jws: await signReportToken(key, id, report) }),
      });
      expect(posted.status).toBe(201);
      const logs = lines.join('');
      expect(logs).toContain('installation created');
      expect(logs).toContain('usage report stored');
      expect(logs).toContain(installationLogId(id));
      expect(logs).not.toContain(id);
    } finally {
      await hb.close();
    }
  }, 60_000);

  it('12. a wrong HOME_BASE_SECRET stops the start, naming the problem, before anything listens', async () => {
    const store = await freshPgliteStore();
    try {
      await createKeyring(store, createSecretBox(TEST_SECRET)).jwks();
      const config: HomeBaseConfig = {
        port: 0,
        host: '127.0.0.1',
        baseUrl: 'http://127.0.0.1:0',
        dataDir: '/nonexistent',
        secret: 'a-different-secret-of-at-least-32-characters',
        secretSource: 'HOME_BASE_SECRET',
        showOutbox: false,
        trustProxy: 0,
      };
      const logger = pino({ level: 'silent' });
      await expect(startHomeBase(config, { logger, store })).rejects.toThrow(SigningKeyUnusableError);
      await expect(startHomeBase(config, { logger, store })).rejects.toThrow(
        /HOME_BASE_SECRET cannot open the newest signing key \(kid [\w-]+, added .*\): the secret is wrong/,
      );
      // With the right secret it starts and serves.
      const running = await startHomeBase({ ...config, secret: TEST_SECRET }, { logger, store });
      try {
        const { port } = running.server.address() as AddressInfo;
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      } finally {
        await running.close();
      }
    } finally {
      await store.close();
    }
  }, 60_000);
});
