import {
  findObject,
  objectNames,
  testInstanceSnapshot,
  crdSchemaProblems,
} from '@batteries-included/batteries/testing';
import { generate } from '../../generate.js';
import type { SnapshotInstance } from '../../model/instance.js';
import { ferretServiceSchema } from './ferret-service.js';

const PLATFORM = { core: {}, 'cloudnative-pg': {}, ferretdb: {} };
const ORDERS: SnapshotInstance = {
  kind: 'PostgresCluster',
  namespace: 'team-a',
  name: 'orders',
  spec: { users: [{ username: 'app' }], database: { name: 'orders', owner: 'app' } },
};
const ferret = (namespace: string, spec: unknown): SnapshotInstance => ({
  kind: 'FerretService',
  namespace,
  name: 'docs',
  spec,
});

describe('FerretService', () => {
  it('runs FerretDB 2.7.0 on the referenced cluster as its owner, with a MongoDB URI for clients', () => {
    const snapshot = testInstanceSnapshot(PLATFORM, [
      ORDERS,
      ferret('team-a', { postgresCluster: 'orders' }),
    ]);
    const result = generate(snapshot).instances.find((r) => r.type === 'FerretService/team-a/docs')!;
    if (result.status !== 'generated') throw new Error(result.message);
    expect(objectNames(result.objects)).toEqual([
      'Deployment/team-a/ferret-docs',
      'Secret/team-a/ferret-docs',
      'Service/team-a/ferret-docs',
      'ServiceAccount/team-a/ferret-docs',
    ]);
    const container = findObject(result.objects, 'Deployment').spec.template.spec.containers[0];
    expect(container.image).toBe('ghcr.io/ferretdb/ferretdb:2.7.0');
    expect(container.env[0]).toEqual({
      name: 'FERRETDB_POSTGRESQL_URL',
      valueFrom: { secretKeyRef: { name: 'cloudnative-pg.pg-orders.app', key: 'uri' } },
    });
    const password = snapshot.secretMaterial['PostgresCluster/team-a/orders/user-app-v1']!;
    expect(findObject(result.objects, 'Secret').stringData.uri).toBe(
      `mongodb://app:${password}@ferret-docs.team-a.svc:27017/`,
    );
  });

  it('fails only itself, naming the field, when the cluster does not exist in its namespace', () => {
    const snapshot = testInstanceSnapshot(PLATFORM, [
      ORDERS,
      ferret('team-b', { postgresCluster: 'orders' }),
    ]);
    const { instances } = generate(snapshot);
    const result = instances.find((r) => r.type === 'FerretService/team-b/docs')!;
    expect(result).toMatchObject({ status: 'failed', reason: 'GeneratorError' });
    expect(result.status === 'failed' && result.message).toContain(
      'spec.postgresCluster: no valid PostgresCluster "orders" in namespace team-b',
    );
    expect(instances.find((r) => r.type === 'PostgresCluster/team-a/orders')?.status).toBe('generated');
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(ferretServiceSchema)).toEqual([]);
  });
});
