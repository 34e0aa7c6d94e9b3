import {
  batteryObjects,
  crdSchemaProblems,
  expectGolden,
  findObject,
  generationFailure,
  goldenFiles,
  objectNames,
  testSnapshot,
} from '@batteries-included/batteries/testing';
import { WAITS_FOR_ANNOTATION } from '../../model/keycloak-object.js';
import { ssoSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);
const base = { core: {}, 'cloudnative-pg': {}, keycloak: {} };

describe('sso battery', () => {
  it('generates the realm, the role groups and the console client when no other protected UI is installed', () => {
    const objects = batteryObjects('sso', { ...base, sso: {} });
    expectGolden(objects, golden('default'));
    expect(objectNames(objects)).toEqual([
      'KeycloakClient/batterycore/control',
      'KeycloakGroup/batterycore/admin',
      'KeycloakGroup/batterycore/viewer',
      'KeycloakRealm/batterycore',
      'KeycloakRequiredAction/batterycore/CONFIGURE_TOTP',
    ]);
    const console = findObject(objects, 'KeycloakClient', 'control');
    expect(console.spec).toMatchObject({
      publicClient: true,
      standardFlowEnabled: true,
      directAccessGrantsEnabled: false,
      redirectUris: ['http://control.127-0-0-1.batrsinc.co/auth/callback'],
      attributes: { 'pkce.code.challenge.method': 'S256' },
    });
    expect(console.spec.secret).toBeUndefined();
  });

  it('routes the hostnames of the UIs it guards to their oauth2-proxy, never to the UI itself', () => {
    const withGateway = {
      ...base,
      'gateway-api': {},
      istio: {},
      'istio-gateway': {},
      notebooks: {},
      kiali: {},
      grafana: {},
      'victoria-metrics': {},
    };
    const backends = (batteries: Record<string, unknown>, type: string, route: string) =>
      findObject(batteryObjects(type, batteries), 'HTTPRoute', route).spec.rules.flatMap(
        (rule: { backendRefs: unknown[] }) => rule.backendRefs,
      );
    expect(backends(withGateway, 'notebooks', 'notebooks')).toEqual([{ name: 'jupyterlab', port: 8888 }]);
    expect(backends({ ...withGateway, sso: {} }, 'notebooks', 'notebooks')).toEqual([
      { name: 'oauth2-proxy-notebooks', port: 4180 },
    ]);
    expect(backends({ ...withGateway, sso: {} }, 'kiali', 'kiali')).toEqual([
      { name: 'oauth2-proxy-kiali', port: 4180 },
    ]);
    // Keycloak signs in by itself: its route stays.
    expect(backends({ ...withGateway, sso: {} }, 'keycloak', 'keycloak')).toEqual(
      backends(withGateway, 'keycloak', 'keycloak'),
    );
  });

  it('guards notebooks and VictoriaMetrics with oauth2-proxy and gives Grafana a confidential client', () => {
    const batteries = { ...base, grafana: {}, notebooks: {}, 'victoria-metrics': {}, sso: {} };
    const objects = batteryObjects('sso', batteries);
    expectGolden(objects, golden('protected'));
    expect(objectNames(objects)).toEqual([
      'Deployment/battery-ai/oauth2-proxy-notebooks',
      'Deployment/battery-core/oauth2-proxy-victoria-metrics',
      'KeycloakClient/batterycore/control',
      'KeycloakClient/batterycore/grafana',
      'KeycloakClient/batterycore/notebooks',
      'KeycloakClient/batterycore/victoria-metrics',
      'KeycloakGroup/batterycore/admin',
      'KeycloakGroup/batterycore/viewer',
      'KeycloakRealm/batterycore',
      'KeycloakRequiredAction/batterycore/CONFIGURE_TOTP',
      'Secret/battery-ai/sso-notebooks',
      'Secret/battery-core/sso-grafana',
      'Secret/battery-core/sso-victoria-metrics',
      'Service/battery-ai/oauth2-proxy-notebooks',
      'Service/battery-core/oauth2-proxy-victoria-metrics',
      'ServiceAccount/battery-ai/oauth2-proxy-notebooks',
      'ServiceAccount/battery-core/oauth2-proxy-victoria-metrics',
    ]);
    const material = testSnapshot(batteries).secretMaterial;
    const client = findObject(objects, 'KeycloakClient', 'notebooks');
    const secret = findObject(objects, 'Secret', 'sso-notebooks');
    // One minted value, written to Keycloak and to the proxy's Secret in the same pass.
    expect(client.spec.secret).toBe(material['sso/client-notebooks']);
    expect(secret.stringData['client-secret']).toBe(material['sso/client-notebooks']);
    expect(secret.metadata.annotations[WAITS_FOR_ANNOTATION]).toBe(
      'KeycloakClient.keycloak.batteriesincl.com/batterycore/notebooks',
    );
    const proxy = findObject(objects, 'Deployment', 'oauth2-proxy-notebooks');
    const container = proxy.spec.template.spec.containers[0];
    expect(container.image).toBe('quay.io/oauth2-proxy/oauth2-proxy:v7.15.6');
    expect(container.args).toEqual(
      expect.arrayContaining([
        '--provider=keycloak-oidc',
        '--oidc-issuer-url=http://keycloak.127-0-0-1.batrsinc.co/realms/batterycore',
        '--redirect-url=http://notebooks.127-0-0-1.batrsinc.co/oauth2/callback',
        '--upstream=http://jupyterlab.battery-ai.svc:8888',
        '--code-challenge-method=S256',
      ]),
    );
    // The proxy's pods roll when its credentials change.
    expect(proxy.spec.template.metadata.annotations['batteriesincl.com/config-hash']).toMatch(
      /^[0-9a-f]{64}$/,
    );
  });

  it('asks every new user to set up a one-time password only with mfa', () => {
    const otp = (sso: object) =>
      findObject(batteryObjects('sso', { ...base, sso }), 'KeycloakRequiredAction', 'CONFIGURE_TOTP').spec;
    expect(otp({})).toEqual({ alias: 'CONFIGURE_TOTP', enabled: true, defaultAction: false });
    expect(otp({ mfa: true })).toEqual({ alias: 'CONFIGURE_TOTP', enabled: true, defaultAction: true });
  });

  it('derives every URL from the public URL seam: spec.urls wins over <name>.<domain>', () => {
    const objects = batteryObjects('sso', {
      ...base,
      notebooks: {},
      sso: { domain: 'example.test', urls: { notebooks: 'https://nb.example.org/' } },
    });
    expect(findObject(objects, 'KeycloakClient', 'notebooks').spec.redirectUris).toEqual([
      'https://nb.example.org/oauth2/callback',
    ]);
    expect(findObject(objects, 'KeycloakClient', 'control').spec.rootUrl).toBe('http://control.example.test');
    expect(
      findObject(objects, 'Deployment', 'oauth2-proxy-notebooks').spec.template.spec.containers[0].args,
    ).toContain('--cookie-secure=true');
  });

  it("gives a user service's client a Secret in its namespace", () => {
    const objects = batteryObjects('sso', {
      ...base,
      sso: {
        clients: [
          {
            name: 'shop',
            namespace: 'battery-traditional',
            redirectUris: ['http://shop.127-0-0-1.batrsinc.co/cb'],
          },
        ],
      },
    });
    expect(findObject(objects, 'KeycloakClient', 'shop').spec.redirectUris).toEqual([
      'http://shop.127-0-0-1.batrsinc.co/cb',
    ]);
    expect(findObject(objects, 'Secret', 'sso-shop').metadata.namespace).toBe('battery-traditional');
  });

  it('refuses a redirect host outside the installation, a client name collision and a duplicate, naming the field', () => {
    const client = { name: 'shop', namespace: 'apps', redirectUris: ['https://evil.example.com/cb'] };
    expect(generationFailure('sso', { clients: [client] }, base)).toContain(
      "spec.clients: every client's redirect URIs must be on the installation's hostnames",
    );
    expect(
      generationFailure(
        'sso',
        { clients: [{ ...client, name: 'grafana', redirectUris: ['http://a.127-0-0-1.batrsinc.co/'] }] },
        base,
      ),
    ).toContain("spec.clients.0.name: collides with a battery's client");
    const ok = { ...client, redirectUris: ['http://a.127-0-0-1.batrsinc.co/'] };
    expect(generationFailure('sso', { clients: [ok, ok] }, base)).toContain(
      'spec.clients: client names must be unique: two clients share a name',
    );
  });

  it('waits for keycloak: without it nothing is generated', () => {
    expect(() => batteryObjects('sso', { core: {}, sso: {} })).toThrow(/dependencies-unmet/);
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(ssoSchema)).toEqual([]);
  });
});
