import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { isKeycloakObject, type KubeObject } from '@batteries-included/batteries';
import { batteryObjects, findObject } from '@batteries-included/batteries/testing';
import {
  OAUTH2_PROXY,
  ensureGoTool,
  eventually,
  freePort,
  launchChromium,
  startKeycloak,
  type TestBrowser,
  type TestKeycloak,
} from '@batteries-included/operator/testing';
import { applyChangeSet } from '../engine/apply/apply-change-set.js';
import type { ApplyPort } from '../engine/apply/apply-port.js';
import { routeApplyPort } from '../engine/apply/route-port.js';
import { planChanges } from '../engine/plan/plan-changes.js';
import { createKeycloakAdmin, type KeycloakAdmin } from './admin-client.js';
import { createKeycloakPort } from './keycloak-port.js';
import { readKeycloak } from './read-keycloak.js';
import { ssoUsers } from './users.js';

const UPSTREAM_TEXT = 'hello from the notebook server';

/** Nothing here goes to Kubernetes: a port that refuses, so a stray object would show as a failure. */
const NO_CLUSTER: ApplyPort = {
  apply: () => Promise.reject(new Error('no cluster in this test')),
  get: () => Promise.reject(new Error('no cluster in this test')),
  delete: () => Promise.reject(new Error('no cluster in this test')),
  setLabels: () => Promise.reject(new Error('no cluster in this test')),
};

/**
 * The sso battery's oauth2-proxy, for real: the realm and client the battery generates are planned and applied to a
 * real Keycloak by the pass's own plan and apply, the real oauth2-proxy binary (built from its Go module) runs with
 * the generated arguments and Secret in front of a local upstream, and headless Chromium signs in.
 */
describe('oauth2-proxy in front of a battery UI', () => {
  let keycloak: TestKeycloak;
  let admin: KeycloakAdmin;
  let upstream: Server;
  let proxy: ChildProcess | undefined;
  let browser: TestBrowser | undefined;
  let proxyUrl: string;
  let password: string;

  beforeAll(async () => {
    const [started, binary, proxyPort, upstreamPort] = await Promise.all([
      startKeycloak(),
      ensureGoTool(OAUTH2_PROXY),
      freePort(),
      freePort(),
    ]);
    keycloak = started;
    admin = createKeycloakAdmin({ url: keycloak.url, ...keycloak.admin });
    upstream = createServer((_request, response) => response.end(UPSTREAM_TEXT));
    await new Promise<void>((resolve) => upstream.listen(upstreamPort, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${proxyPort}`;

    // What the battery generates for notebooks, with its UI and Keycloak on the loopback address.
    const sso = { urls: { keycloak: keycloak.url, notebooks: proxyUrl } };
    const objects = batteryObjects('sso', {
      core: {},
      'cloudnative-pg': {},
      keycloak: {},
      notebooks: {},
      sso,
    });
    const desired = objects.filter((o) => isKeycloakObject(o));
    const live = await readKeycloak(admin, ['batterycore']);
    const results = await applyChangeSet(
      planChanges(desired, live, new Map()),
      routeApplyPort(NO_CLUSTER, createKeycloakPort(admin)),
    );
    const failed = results.filter((r) => r.outcome !== 'done' && r.outcome !== 'unchanged');
    if (failed.length > 0) throw new Error(`the realm was not applied: ${JSON.stringify(failed)}`);

    ({ password } = await ssoUsers(admin).add({
      username: 'alice',
      role: 'viewer',
      email: 'alice@example.com',
      isPermanent: true,
    }));

    const deployment = findObject(objects, 'Deployment', 'oauth2-proxy-notebooks');
    const secret = findObject(objects, 'Secret', 'sso-notebooks') as KubeObject & {
      stringData: Record<string, string>;
    };
    const args = (deployment.spec.template.spec.containers[0].args as string[]).map((arg) =>
      arg.startsWith('--http-address=')
        ? `--http-address=127.0.0.1:${proxyPort}`
        : arg.startsWith('--upstream=')
          ? `--upstream=http://127.0.0.1:${upstreamPort}`
          : arg,
    );
    proxy = spawn(binary, args, {
      env: {
        ...process.env,
        OAUTH2_PROXY_CLIENT_ID: secret.stringData['client-id'],
        OAUTH2_PROXY_CLIENT_SECRET: secret.stringData['client-secret'],
        OAUTH2_PROXY_COOKIE_SECRET: secret.stringData['cookie-secret'],
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    proxy.stderr?.on('data', (chunk) => (log = (log + String(chunk)).slice(-4000)));
    await eventually(
      'oauth2-proxy answering /ping',
      async () => (await fetch(`${proxyUrl}/ping`).catch(() => undefined))?.ok === true,
      { timeoutMs: 60_000, lastSeen: () => log },
    );
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    proxy?.kill();
    upstream?.close();
    await keycloak?.stop();
  }, 60_000);

  it('refuses the UI before sign-in: the browser is sent to Keycloak, never to the upstream', async () => {
    const response = await fetch(proxyUrl, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(
      new RegExp(
        `^${keycloak.url}/realms/batterycore/protocol/openid-connect/auth\\?.*code_challenge_method=S256`,
      ),
    );
    expect(await response.text()).not.toContain(UPSTREAM_TEXT);
  });

  it('reaches the UI only after signing in through Keycloak with the right password', async () => {
    const page = await browser!.context.newPage();
    await page.goto(proxyUrl);
    await page.waitForURL((url) => url.href.startsWith(`${keycloak.url}/realms/batterycore/`));
    expect(await page.content()).not.toContain(UPSTREAM_TEXT);
    // A wrong password is refused by Keycloak: the browser stays there, and nothing reaches the upstream.
    await page.fill('#username', 'alice');
    await page.fill('#password', 'not-her-password');
    await page.click('#kc-login');
    await page.waitForSelector('#input-error, .kc-feedback-text, [id*=error]');
    expect(page.url().startsWith(keycloak.url)).toBe(true);
    expect(await page.content()).not.toContain(UPSTREAM_TEXT);

    await page.fill('#password', password);
    await page.click('#kc-login');
    await page.waitForURL((url) => url.href.startsWith(proxyUrl), { timeout: 30_000 });
    expect(await page.textContent('body')).toContain(UPSTREAM_TEXT);
    await page.close();
  });
});
