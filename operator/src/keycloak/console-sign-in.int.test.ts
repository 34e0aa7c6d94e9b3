import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import type { AddedUser, PassDetail, PassPage, UserList } from '../api-types.js';
import {
  eventually,
  freePort,
  launchChromium,
  repoPath,
  startKeycloak,
  startPlatform,
  type OperatorPlatform,
  type PlatformApi,
  type TestBrowser,
  type TestKeycloak,
} from '@batteries-included/operator/testing';
import { startBundleServer } from '../bundles/testing/bundle-server.js';
import { upstreamReleaseFiles } from '../bundles/testing/upstream-bundles.js';
import { createKeycloakAdmin } from './admin-client.js';
import type { Representation } from './keycloak-objects.js';

const run = promisify(execFile);

function batteries(keycloakUrl: string, consoleUrl: string): string {
  return [
    ['CoreBattery', 'core', {}],
    ['CloudnativePgBattery', 'cloudnative-pg', {}],
    ['KeycloakBattery', 'keycloak', { adminUsername: 'admin' }],
    ['SsoBattery', 'sso', { urls: { keycloak: keycloakUrl, control: consoleUrl } }],
  ]
    .map(([kind, name, spec]) =>
      JSON.stringify({ apiVersion: 'batteries.batteriesincl.com/v1alpha1', kind, metadata: { name }, spec }),
    )
    .join('\n---\n');
}

/**
 * The console signs in through a real Keycloak once sso is installed: authorization code with PKCE in headless
 * Chromium, Keycloak groups as roles enforced by the API (a viewer's save is refused with 403, an admin's goes
 * through), sign-out ending the Keycloak session; users added with `POST /users` (password shown once); and the pass
 * record listing Keycloak's changes beside the cluster's, as `bi history show` prints them.
 */
describe('console sign-in through Keycloak', () => {
  let keycloak: TestKeycloak;
  let platform: OperatorPlatform;
  let api: PlatformApi;
  let browser: TestBrowser;
  let consoleUrl: string;
  const passwords = new Map<string, string>();

  /** Signs in through Keycloak's page (setting a new password on a first sign-in); ends back in the console. */
  const signIn = async (page: Page, username: string) => {
    await page.goto(consoleUrl);
    await page.getByRole('button', { name: 'Sign in with Keycloak' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${keycloak.url}/realms/batterycore/`));
    await page.fill('#username', username);
    await page.fill('#password', passwords.get(username)!);
    await page.click('#kc-login');
    const first = await page.waitForSelector('#password-new', { timeout: 5_000 }).catch(() => undefined);
    if (first) {
      const fresh = `${passwords.get(username)!}-renewed`;
      await page.fill('#password-new', fresh);
      await page.fill('#password-confirm', fresh);
      await page.click('[type=submit]');
      passwords.set(username, fresh);
    }
    await page.waitForURL((url) => url.href.startsWith(consoleUrl), { timeout: 30_000 });
    await page.getByTestId('principal').waitFor();
  };
  /** Edits Keycloak's log level on its battery page and saves; resolves with what the page said. */
  const saveLogLevel = async (page: Page, level: string) => {
    await page.goto(`${consoleUrl}/batteries/keycloak`);
    await page.getByLabel('Log level').selectOption(level);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const outcome = page.getByRole('status').filter({ hasText: 'Saved.' }).or(page.getByRole('alert'));
    await outcome.first().waitFor({ timeout: 30_000 });
    return (await outcome.first().textContent()) ?? '';
  };

  beforeAll(async () => {
    const consoleDir = mkdtempSync(join(tmpdir(), 'console-dist-'));
    const build = run(
      process.execPath,
      [
        repoPath('node_modules/vite/bin/vite.js'),
        'build',
        '--outDir',
        consoleDir,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
      { cwd: repoPath('console'), env: { ...process.env, NODE_ENV: 'production' } },
    );
    build.catch(() => undefined);
    const files = await upstreamReleaseFiles();
    const [started, server, port] = await Promise.all([
      startKeycloak(),
      startBundleServer(files),
      freePort(),
    ]);
    keycloak = started;
    consoleUrl = `http://127.0.0.1:${port}`;
    platform = await startPlatform({ operator: { keycloakUrl: keycloak.url, bundleMirror: server.url } });
    platform.defer(() => keycloak.stop());
    platform.defer(() => server.close());
    platform.defer(() => rmSync(consoleDir, { recursive: true, force: true }));
    await build;
    // The keycloak battery's admin Secret, holding this Keycloak's administrator (Prepare reads it back).
    await platform.kubectl(['create', 'namespace', 'battery-core']);
    await platform.kubectl(
      ['apply', '--server-side', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'keycloak-admin',
          namespace: 'battery-core',
          labels: {
            'app.kubernetes.io/managed-by': 'batteries-included',
            'batteriesincl.com/battery': 'keycloak',
          },
        },
        stringData: keycloak.admin,
      }),
    );
    api = await platform.startApi({ port, listen: true, consoleDir });
    await platform.kubectl(['apply', '--server-side', '-f', '-'], batteries(keycloak.url, consoleUrl));
    const admin = createKeycloakAdmin({ url: keycloak.url, ...keycloak.admin });
    await eventually(
      'the console client and the role groups in Keycloak',
      async () => {
        const clients = await admin.get<Representation[]>(
          '/admin/realms/batterycore/clients?clientId=control',
        );
        const groups = await admin.get<Representation[]>('/admin/realms/batterycore/groups');
        return clients?.length === 1 && groups?.length === 2;
      },
      { timeoutMs: 240_000, intervalMs: 1000 },
    );
    browser = await launchChromium();
    platform.defer(() => browser.close());
  }, 600_000);

  afterAll(() => platform?.stop(), 120_000);

  it('adds users with a role and a password shown once, and refuses an unknown role or a bad name', async () => {
    for (const [username, role] of [
      ['alice', 'viewer'],
      ['bob', 'admin'],
    ] as const) {
      // With an e-mail address: Keycloak's default user profile asks for one at first sign-in otherwise.
      const added = await api.call<AddedUser>('/api/v1/users', {
        method: 'POST',
        body: { username, role, email: `${username}@example.com` },
      });
      expect(added.status).toBe(201);
      expect(added.body.user).toMatchObject({ username, role });
      passwords.set(username, added.body.password);
    }
    const listed = await api.call<UserList>('/api/v1/users');
    expect(listed.body.users.map((u) => `${u.username}:${u.role}`)).toEqual(['alice:viewer', 'bob:admin']);
    expect(JSON.stringify(listed.body)).not.toContain(passwords.get('alice')!);
    const unknownRole = await api.call('/api/v1/users', {
      method: 'POST',
      body: { username: 'carol', role: 'owner' },
    });
    expect(unknownRole.status).toBe(400);
    expect(unknownRole.body).toMatchObject({ errors: [{ field: 'role' }] });
    expect(JSON.stringify(unknownRole.body)).toContain('accepted: admin, viewer');
    const badName = await api.call('/api/v1/users', {
      method: 'POST',
      body: { username: '../x', role: 'viewer' },
    });
    expect(badName.status).toBe(400);
    expect(badName.body).toMatchObject({ errors: [{ field: 'username' }] });
    const again = await api.call('/api/v1/users', {
      method: 'POST',
      body: { username: 'bob', role: 'viewer' },
    });
    expect(again.status).toBe(409);
  });

  it('signs a viewer in through Keycloak with PKCE: Save is disabled, and the API refuses her write with 403 naming the role', async () => {
    const page = await browser.context.newPage();
    await signIn(page, 'alice');
    expect(await page.getByTestId('principal').textContent()).toBe('alice (viewer)');
    // The console offers a viewer no write: Save is disabled and says why.
    await page.goto(`${consoleUrl}/batteries/keycloak`);
    const save = page.getByRole('button', { name: 'Save', exact: true });
    await save.waitFor();
    expect(await save.isDisabled()).toBe(true);
    expect(await save.getAttribute('title')).toBe('Read-only: you are signed in as a viewer.');
    // And the API refuses the write her Keycloak session would send, naming the role it needs.
    const refused = await page.evaluate(async () => {
      // In the page: sessionStorage holds the access token the console sends (operator's tests have no DOM types).
      const storage = (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } })
        .sessionStorage;
      const response = await fetch('/api/v1/batteries/keycloak', {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${storage.getItem('bi.token')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ spec: { logLevel: 'debug' } }),
      });
      return { status: response.status, detail: ((await response.json()) as { detail: string }).detail };
    });
    expect(refused).toEqual({
      status: 403,
      detail: 'PUT /api/v1/batteries/keycloak needs the admin role; alice has the viewer role',
    });
    // Sign-out ends the Keycloak session: signing in again asks for the password.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in with Keycloak' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${keycloak.url}/realms/batterycore/`));
    expect(await page.isVisible('#password')).toBe(true);
    await page.close();
  });

  it('lets an admin save, and keeps the API token as the break-glass path', async () => {
    const page = await browser.context.newPage();
    await signIn(page, 'bob');
    expect(await page.getByTestId('principal').textContent()).toBe('bob (admin)');
    expect(await saveLogLevel(page, 'warn')).toContain('Saved.');
    await page.close();
    const me = await api.call('/api/v1/session');
    expect(me.body).toEqual({ name: 'api-token', role: 'admin', via: 'token' });
  });

  it('records the Keycloak changes beside the Kubernetes ones, as bi history show prints them', async () => {
    const passes = (await api.call<PassPage>('/api/v1/passes?limit=100')).body.passes;
    let withKeycloak: PassDetail | undefined;
    for (const summary of passes) {
      const detail = (await api.call<PassDetail>(`/api/v1/passes/${summary.id}`)).body;
      if (detail.objects.some((o) => o.ref.startsWith('KeycloakClient.'))) withKeycloak = detail;
    }
    expect(withKeycloak).toBeDefined();
    const { stdout } = await run(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        repoPath('cli/bin/dev.js'),
        'history',
        'show',
        String(withKeycloak!.id),
        '--api-url',
        consoleUrl,
        '--token',
        api.token,
      ],
      { cwd: repoPath('.') },
    );
    expect(stdout).toContain('KeycloakClient.keycloak.batteriesincl.com/batterycore/control');
    expect(stdout).toContain('KeycloakRealm.keycloak.batteriesincl.com/batterycore');
    expect(stdout).toMatch(/StatefulSet\.apps\/battery-core\/keycloak|Secret\/battery-core\/keycloak-admin/);
  });
});
