import { Buffer } from 'node:buffer';
import {
  eventually,
  startKeycloak,
  startPlatform,
  type Platform,
  type TestKeycloak,
} from '@batteries-included/operator/testing';
import type { RunningOperator } from '../operator.js';
import type { Store } from '../store/store.js';
import type { PassDetail, PassObject } from '../store/types.js';
import { startBundleServer } from '../bundles/testing/bundle-server.js';
import { upstreamReleaseFiles } from '../bundles/testing/upstream-bundles.js';
import { UNRECORDED_CREATE } from '../engine/decide/summarize-pass.js';
import type { PassOutcome } from '../engine/vocabulary.js';
import { createRollbackClient, restoreRollback } from '../rollback/index.js';
import { createKeycloakAdmin, type KeycloakAdmin } from './admin-client.js';
import type { Representation } from './keycloak-objects.js';

const REALM = '/admin/realms/batterycore';
const CLIENT_REF = 'KeycloakClient.keycloak.batteriesincl.com/batterycore/notebooks';

/** The platform with sso: notebooks behind oauth2-proxy, URLs on the loopback address. */
function batteries(
  keycloakUrl: string,
  extra: { notebooksEnv?: string; clients?: unknown[]; mfa?: boolean } = {},
): string {
  const sso = {
    urls: { keycloak: keycloakUrl, notebooks: 'http://127.0.0.1:4180', control: 'http://127.0.0.1:4000' },
    clients: extra.clients ?? [],
    mfa: extra.mfa ?? false,
  };
  const notebooks = extra.notebooksEnv ? { env: [{ name: 'MARK', value: extra.notebooksEnv }] } : {};
  return [
    ['CoreBattery', 'core', {}],
    ['CloudnativePgBattery', 'cloudnative-pg', {}],
    ['KeycloakBattery', 'keycloak', { adminUsername: 'admin' }],
    ['NotebooksBattery', 'notebooks', notebooks],
    ['SsoBattery', 'sso', sso],
  ]
    .map(([kind, name, spec]) =>
      JSON.stringify({
        apiVersion: 'batteries.batteriesincl.com/v1alpha1',
        kind,
        metadata: { name },
        spec,
      }),
    )
    .join('\n---\n');
}

/**
 * Keycloak as the pass's second target, against a real Keycloak (started once for this file) and a real control
 * plane: Prepare reads it, the plan diffs it, apply writes it, the record keeps it (client secrets as digests), a
 * hand edit is corrected, deleting a client's Secret rotates its secret, and while Keycloak is down only what needs
 * it waits and the pass retries within seconds.
 */
describe('Keycloak as a second apply target of the pass', () => {
  let platform: Platform;
  let operator: RunningOperator;
  let store: Store;
  let keycloak: TestKeycloak;
  let admin: KeycloakAdmin;

  const secretValue = async (namespace: string, name: string, key: string) => {
    const secret = await platform.kubectl
      .json(['get', 'secret', '-n', namespace, name])
      .catch(() => undefined);
    const value = secret?.data?.[key];
    return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
  };
  const client = async (clientId: string) =>
    (await admin.get<Representation[]>(`${REALM}/clients?clientId=${clientId}`))?.[0];
  const pass = async (): Promise<PassOutcome> => {
    const next = operator.nextPass();
    operator.requestPass('test');
    return next;
  };
  const rowsOf = async (passId: number | undefined) =>
    (await store.getPass(passId!))!.objects.map(
      (o) => `${o.action} ${o.ref}${o.message ? ` (${o.message})` : ''}`,
    );

  beforeAll(async () => {
    const files = await upstreamReleaseFiles();
    [keycloak, platform] = await Promise.all([
      startKeycloak({ privateServer: true }),
      startPlatform({ operator: false }),
    ]);
    platform.defer(() => keycloak.stop());
    const server = await startBundleServer(files);
    platform.defer(() => server.close());
    admin = createKeycloakAdmin({ url: keycloak.url, ...keycloak.admin });
    // The keycloak battery's admin Secret, holding this Keycloak's administrator: Prepare reads the password back
    // from it, as it would from the Secret the battery wrote on a real cluster.
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
    store = await platform.openStore();
    operator = await platform.startOperator({ bundleMirror: server.url, keycloakUrl: keycloak.url, store });
  }, 600_000);

  afterAll(() => platform?.stop(), 120_000);

  it('creates the realm, groups and clients and the proxy Secret in one pass, with one minted secret', async () => {
    await platform.kubectl(['apply', '--server-side', '-f', '-'], batteries(keycloak.url));
    const created = await eventually(
      'the notebooks client in Keycloak and its Secret holding the same secret',
      async () => {
        const kc = await client('notebooks');
        const stored = await secretValue('battery-ai', 'sso-notebooks', 'client-secret');
        return kc?.secret && kc.secret === stored ? kc : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 1000 },
    );
    expect(created).toMatchObject({
      publicClient: false,
      redirectUris: ['http://127.0.0.1:4180/oauth2/callback'],
      attributes: expect.objectContaining({ 'pkce.code.challenge.method': 'S256' }),
    });
    expect(await admin.get(`${REALM}`)).toMatchObject({ realm: 'batterycore', enabled: true });
    const groups = await admin.get<Representation[]>(`${REALM}/groups`);
    expect(groups!.map((g) => g.name).sort()).toEqual(['admin', 'viewer']);

    // The record lists the Keycloak changes beside the Kubernetes ones; the client secret only as a digest.
    const passes = (await store.listPasses({ limit: 50 })).passes;
    const withClient: Array<{ detail: PassDetail; row: PassObject }> = [];
    for (const summary of passes) {
      const detail = (await store.getPass(summary.id))!;
      const row = detail.objects.find((o) => o.ref === CLIENT_REF);
      if (row) withClient.push({ detail, row });
    }
    const { detail, row } = withClient[0]!;
    expect(row.action).toBe('create');
    expect(detail.objects.map((o) => o.ref)).toEqual(
      expect.arrayContaining([
        'KeycloakRealm.keycloak.batteriesincl.com/batterycore',
        'KeycloakGroup.keycloak.batteriesincl.com/batterycore/admin',
        'Secret/battery-ai/sso-notebooks',
        'Deployment.apps/battery-ai/oauth2-proxy-notebooks',
      ]),
    );
    const document = JSON.stringify((await store.getDocument(row.documentHash!))!.body);
    expect(document).not.toContain(created.secret as string);
    expect(document).toMatch(/"secret":"hmac-sha256:[0-9a-f]{64}"/);
  });

  it('makes no Keycloak write when nothing changed', async () => {
    // A pass already running (a retry queued while Keycloak was still being written) read Keycloak before the
    // creations landed: let it finish, then the pass after it has nothing to do.
    await pass();
    const outcome = await pass();
    expect(outcome.kind).toBe('done');
    // A creation recorded late (a write that timed out on a loaded Keycloak but landed) is a row, not a write.
    const rows = await rowsOf('passId' in outcome ? outcome.passId : undefined);
    expect(rows.filter((r) => r.includes('Keycloak') && !r.includes(UNRECORDED_CREATE))).toEqual([]);
  });

  it('corrects a client edited by hand on the next pass, and leaves the fields it does not own alone', async () => {
    const before = (await client('notebooks'))!;
    await admin.send(
      'PUT',
      `${REALM}/clients/${before.id}`,
      { ...before, redirectUris: ['https://attacker.example/cb'], description: 'kept: we do not own it' },
      'test',
    );
    const newest = (await store.listPasses({ limit: 1 })).passes[0]!.id;
    operator.requestPass('test');
    // Keycloak has no watch: the next pass (this one, a retry or the resync) finds the edit and reverts it.
    const row = await eventually(
      'a pass that reverted the edit',
      async () => {
        const passes = (await store.listPasses({ limit: 20 })).passes.filter((p) => p.id > newest);
        for (const summary of passes) {
          const found = (await rowsOf(summary.id)).find((r) => r.startsWith(`drifted ${CLIENT_REF}`));
          if (found) return found;
        }
        return undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(row).toBe(`drifted ${CLIENT_REF} (reverted out-of-band change to spec.redirectUris[0])`);
    expect(await client('notebooks')).toMatchObject({
      redirectUris: ['http://127.0.0.1:4180/oauth2/callback'],
      description: 'kept: we do not own it',
      secret: before.secret,
    });
  });

  it('turns multi-factor sign-in on and off through the required action, marking it as ours', async () => {
    const otp = () =>
      admin.get<Representation>(`${REALM}/authentication/required-actions/CONFIGURE_TOTP`) as Promise<
        Representation & { defaultAction: boolean; config: Record<string, string> }
      >;
    expect(await otp()).toMatchObject({
      defaultAction: false,
      config: { 'batteriesincl.com/battery': 'sso' },
    });
    await platform.kubectl(['apply', '--server-side', '-f', '-'], batteries(keycloak.url, { mfa: true }));
    await eventually('CONFIGURE_TOTP asked of every new user', async () => (await otp()).defaultAction, {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    await platform.kubectl(['apply', '--server-side', '-f', '-'], batteries(keycloak.url));
    await eventually('CONFIGURE_TOTP no longer asked', async () => !(await otp()).defaultAction, {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
  });

  it('rotates a client secret when its Secret is deleted: Keycloak and the new Secret agree', async () => {
    const old = (await client('notebooks'))!.secret as string;
    await platform.kubectl(['delete', 'secret', '-n', 'battery-ai', 'sso-notebooks']);
    const rotated = await eventually(
      'a new client secret in Keycloak and in the Secret',
      async () => {
        const kc = (await client('notebooks'))?.secret as string | undefined;
        const stored = await secretValue('battery-ai', 'sso-notebooks', 'client-secret');
        return kc && kc !== old && kc === stored ? kc : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(rotated).toHaveLength(32);
  });

  let beforeShop = 0;

  it('while Keycloak is down, only what needs it waits and the pass retries within seconds; back, it converges', async () => {
    beforeShop = (await store.listPasses({ limit: 1 })).passes[0]!.id;
    await keycloak.pause();
    const shop = { name: 'shop', namespace: 'battery-core', redirectUris: ['http://127.0.0.1:4180/shop/cb'] };
    await platform.kubectl(
      ['apply', '--server-side', '-f', '-'],
      batteries(keycloak.url, { notebooksEnv: 'while-keycloak-is-down', clients: [shop] }),
    );
    const outcome = await eventually(
      'a pass that waits for Keycloak',
      async () => {
        const next = await operator.nextPass();
        return next.kind === 'retry' && next.reason.includes('wait for Keycloak') ? next : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 0 },
    );
    expect(outcome).toMatchObject({ kind: 'retry', withinMs: 3000 });
    // Everything else went ahead: the notebook server got its new environment.
    await eventually(
      'the notebooks StatefulSet updated',
      async () => {
        const set = await platform.kubectl.json(['get', 'statefulset', '-n', 'battery-ai', 'jupyterlab']);
        return JSON.stringify(set.spec.template.spec.containers[0].env).includes('while-keycloak-is-down');
      },
      { timeoutMs: 30_000 },
    );
    // The new client's Secret waits for its client: it never holds a secret Keycloak does not know.
    expect(await secretValue('battery-core', 'sso-shop', 'client-secret')).toBeUndefined();
    // Retried on its own, within seconds: two more passes come without any trigger from the test.
    await operator.nextPass();
    await operator.nextPass();

    await keycloak.resume();
    await eventually(
      'the shop client in Keycloak and its Secret holding the same secret',
      async () => {
        const kc = (await client('shop').catch(() => undefined))?.secret;
        return kc !== undefined && kc === (await secretValue('battery-core', 'sso-shop', 'client-secret'));
      },
      { timeoutMs: 480_000, intervalMs: 2000 },
    );
  }, 600_000);

  it('rolls Keycloak back with the specs: restoring a pass before the shop client removes it from Keycloak', async () => {
    await restoreRollback(store, createRollbackClient(platform.config), beforeShop, { batteries: ['sso'] });
    await eventually(
      'the shop client and its Secret gone',
      async () =>
        (await client('shop')) === undefined &&
        (await secretValue('battery-core', 'sso-shop', 'client-secret')) === undefined,
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    expect((await client('notebooks'))?.secret).toBe(
      await secretValue('battery-ai', 'sso-notebooks', 'client-secret'),
    );
  }, 180_000);
});
