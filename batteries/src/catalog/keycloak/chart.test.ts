import {
  batteryObjects,
  findObject,
  objectNames,
  crdSchemaProblems,
  expectGolden,
  goldenFiles,
  testSnapshot,
} from '@batteries-included/batteries/testing';
import { keycloakSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);

describe('keycloak battery', () => {
  const batteries = { core: {}, 'cloudnative-pg': {}, keycloak: {} };

  it('generates Keycloak on the database CloudNativePG provisions', () => {
    const objects = batteryObjects('keycloak', batteries);
    expectGolden(objects, golden('default'));
    expect(objectNames(objects)).toEqual([
      'Secret/battery-core/keycloak-admin',
      'Service/battery-core/keycloak',
      'Service/battery-core/keycloak-headless',
      'ServiceAccount/battery-core/keycloak',
      'StatefulSet/battery-core/keycloak',
    ]);
    const set = findObject(objects, 'StatefulSet', 'keycloak');
    const container = set.spec.template.spec.containers[0];
    expect(container.image).toBe('ghcr.io/batteries-included/keycloak:26.4.6-6f88865');
    const env = Object.fromEntries(
      container.env.map((e: { name: string; value?: string; valueFrom?: unknown }) => [
        e.name,
        e.value ?? e.valueFrom,
      ]),
    );
    expect(env).toMatchObject({
      KC_DB: 'postgres',
      KC_DB_URL_HOST: 'pg-keycloak-rw.battery-core.svc',
      KC_DB_URL_DATABASE: 'keycloak',
      KC_DB_USERNAME: { secretKeyRef: { name: 'cloudnative-pg.pg-keycloak.keycloak', key: 'username' } },
      KC_DB_PASSWORD: { secretKeyRef: { name: 'cloudnative-pg.pg-keycloak.keycloak', key: 'password' } },
      KC_BOOTSTRAP_ADMIN_PASSWORD: { secretKeyRef: { name: 'keycloak-admin', key: 'password' } },
    });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'management' });
    expect(container.startupProbe.httpGet.path).toBe('/health/started');
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    const snapshot = testSnapshot(batteries);
    expect(findObject(objects, 'Secret', 'keycloak-admin').stringData).toEqual({
      username: 'batteryadmin',
      password: snapshot.secretMaterial['keycloak/admin-password'],
    });
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(keycloakSchema)).toEqual([]);
  });
});
