import {
  batteryObjects,
  findObject,
  objectNames,
  crdSchemaProblems,
  expectGolden,
  goldenFiles,
  testSnapshot,
} from '@batteries-included/batteries/testing';
import { databaseRequests } from '../../generate.js';
import { databaseConnection } from '../../model/bundle.js';
import { cloudnativePgSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);

describe('cloudnative-pg battery', () => {
  it('installs the upstream operator in the base namespace and no cluster without requests', () => {
    const objects = batteryObjects('cloudnative-pg', { core: {}, 'cloudnative-pg': {} });
    expectGolden(objects, golden('default'));
    expect(objectNames(objects)).toEqual([
      'ClusterRoleBinding/cloudnative-pg-controller',
      'CustomResourceDefinition/widgets.cloudnative-pg.example.com',
      'Deployment/battery-base/cloudnative-pg-controller',
      'ServiceAccount/battery-base/cloudnative-pg-controller',
    ]);
  });

  it("generates a Cluster for keycloak's database request, sized by the core battery", () => {
    const batteries = { core: { defaultSize: 'large' }, 'cloudnative-pg': {}, keycloak: {} };
    expect(databaseRequests(testSnapshot(batteries))).toEqual([
      {
        battery: 'keycloak',
        name: 'keycloak',
        namespace: 'battery-core',
        database: 'keycloak',
        owner: 'keycloak',
      },
    ]);
    const objects = batteryObjects('cloudnative-pg', batteries);
    expectGolden(objects, golden('keycloak-database'));
    const cluster = findObject(objects, 'Cluster', 'pg-keycloak');
    expect(cluster.metadata.namespace).toBe('battery-core');
    expect(cluster.metadata.labels).toMatchObject({
      'batteriesincl.com/battery': 'cloudnative-pg',
      'batteriesincl.com/database-for': 'keycloak',
    });
    expect(cluster.spec).toMatchObject({
      instances: 1,
      imageName: 'ghcr.io/batteries-included/postgresql:17.6',
      bootstrap: { initdb: { database: 'keycloak', owner: 'keycloak' } },
      storage: { size: '32Gi' },
      resources: { requests: { cpu: '1000m', memory: '2048Mi' }, limits: { memory: '4096Mi' } },
      // CloudNativePG copies these to the instance pods (and their volumes and Services).
      inheritedMetadata: { labels: { 'batteriesincl.com/database-for': 'keycloak' } },
    });
    expect(
      databaseConnection({ name: 'keycloak', namespace: 'battery-core', database: 'k', owner: 'k' }),
    ).toEqual({
      cluster: 'pg-keycloak',
      host: 'pg-keycloak-rw.battery-core.svc',
      port: 5432,
      database: 'k',
      secretName: 'cloudnative-pg.pg-keycloak.k',
    });
  });

  it('asks for no database for a battery with an invalid spec or missing dependencies', () => {
    expect(
      databaseRequests(testSnapshot({ core: {}, 'cloudnative-pg': {}, keycloak: { replicas: 0 } })),
    ).toEqual([]);
    expect(databaseRequests(testSnapshot({ core: {}, keycloak: {} }))).toEqual([]);
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(cloudnativePgSchema)).toEqual([]);
  });
});
