import {
  batteryObjects,
  crdSchemaProblems,
  expectGolden,
  findObject,
  generationFailure,
  goldenFiles,
  testInstanceSnapshot,
} from '@batteries-included/batteries/testing';
import { generate } from '../../generate.js';
import { cloudnativePgBarmanSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);
const PLATFORM = {
  core: {},
  'cert-manager': { email: 'ops@example.com' },
  'battery-ca': {},
  'cloudnative-pg': {},
  'cloudnative-pg-barman': { destinationPath: 's3://backups/postgres/' },
};

describe('cloudnative-pg-barman battery', () => {
  it('installs the plugin from its upstream release beside CloudNativePG in the base namespace', () => {
    const objects = batteryObjects('cloudnative-pg-barman', PLATFORM);
    expectGolden(objects, golden('default'));
    expect(findObject(objects, 'Deployment').metadata.namespace).toBe('battery-base');
  });

  it('gives a PostgresCluster with backup objectStore an ObjectStore, a ScheduledBackup and the plugin', () => {
    const snapshot = testInstanceSnapshot(PLATFORM, [
      {
        kind: 'PostgresCluster',
        namespace: 'team-a',
        name: 'orders',
        spec: { backup: { type: 'objectStore', schedule: '0 30 2 * * *', retention: '14d' } },
      },
    ]);
    const result = generate(snapshot).instances[0]!;
    if (result.status !== 'generated') throw new Error(result.message);
    expect(result.problems).toEqual([]);
    expect(findObject(result.objects, 'ObjectStore', 'pg-orders').spec).toEqual({
      retentionPolicy: '14d',
      configuration: {
        destinationPath: 's3://backups/postgres/team-a/orders',
        s3Credentials: { inheritFromIAMRole: true },
        wal: { compression: 'gzip' },
        data: { compression: 'gzip' },
      },
    });
    expect(findObject(result.objects, 'ScheduledBackup', 'pg-orders').spec).toMatchObject({
      schedule: '0 30 2 * * *',
      cluster: { name: 'pg-orders' },
      method: 'plugin',
      pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' },
      backupOwnerReference: 'none',
    });
    expect(findObject(result.objects, 'Cluster', 'pg-orders').spec.plugins).toEqual([
      {
        name: 'barman-cloud.cloudnative-pg.io',
        isWALArchiver: true,
        parameters: { barmanObjectName: 'pg-orders' },
      },
    ]);
  });

  it('without the plugin battery, a cluster asking for objectStore backups says how to get them', () => {
    const { 'cloudnative-pg-barman': _, ...withoutBarman } = PLATFORM;
    const snapshot = testInstanceSnapshot(withoutBarman, [
      {
        kind: 'PostgresCluster',
        namespace: 'team-a',
        name: 'orders',
        spec: { backup: { type: 'objectStore' } },
      },
    ]);
    const result = generate(snapshot).instances[0]!;
    expect(result.status === 'generated' && result.problems).toEqual([
      expect.objectContaining({ reason: 'BackupUnavailable' }),
    ]);
    expect(result.status === 'generated' && result.objects.some((o) => o.kind === 'ObjectStore')).toBe(false);
  });

  it('refuses a destination that is not an S3 URL, naming the field', () => {
    expect(generationFailure('cloudnative-pg-barman', { destinationPath: 'ftp://x' }, PLATFORM)).toContain(
      'spec.destinationPath: must be an S3 URL',
    );
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(cloudnativePgBarmanSchema)).toEqual([]);
  });
});
