import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { BARMAN_PLUGIN } from '../../cloudnative-pg-barman/bundle.js';
import type { CloudnativePgBarmanSpec } from '../../cloudnative-pg-barman/schema.js';
import { clusterName } from './credentials.js';
import type { PostgresClusterSpec } from './schema.js';

/** What `renderBackup` needs: the cluster, its backup settings and the Barman Cloud plugin battery's spec. */
export interface BackupProps {
  readonly name: string;
  readonly namespace: string;
  readonly backup: PostgresClusterSpec['backup'];
  readonly barman: CloudnativePgBarmanSpec & { readonly destinationPath: string };
}

/**
 * Continuous backup of a cluster through the Barman Cloud plugin: the ObjectStore `pg-<name>` (WAL and base
 * backups under `<destinationPath>/<namespace>/<name>`, gzip, kept for `backup.retention`) and the ScheduledBackup
 * `pg-<name>` (base backups on `backup.schedule`, one right away). Backups are not owned by the ScheduledBackup, so
 * they outlive the instance. Returns the ObjectStore's name for the Cluster's plugin configuration.
 */
export function renderBackup(scope: Construct, props: BackupProps): string {
  const { name, namespace, backup, barman } = props;
  const cluster = clusterName(name);
  const credentials =
    barman.credentials === 'iamRole'
      ? { inheritFromIAMRole: true }
      : {
          accessKeyId: { name: barman.credentialsSecret, key: 'ACCESS_KEY_ID' },
          secretAccessKey: { name: barman.credentialsSecret, key: 'ACCESS_SECRET_KEY' },
        };
  new ApiObject(scope, 'object-store', {
    apiVersion: 'barmancloud.cnpg.io/v1',
    kind: 'ObjectStore',
    metadata: { name: cluster, namespace },
    spec: {
      retentionPolicy: backup.retention,
      configuration: {
        destinationPath: `${barman.destinationPath.replace(/\/+$/, '')}/${namespace}/${name}`,
        ...(barman.endpointURL ? { endpointURL: barman.endpointURL } : {}),
        s3Credentials: credentials,
        wal: { compression: 'gzip' },
        data: { compression: 'gzip' },
      },
    },
  });
  new ApiObject(scope, 'scheduled-backup', {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'ScheduledBackup',
    metadata: { name: cluster, namespace },
    spec: {
      schedule: backup.schedule,
      immediate: true,
      backupOwnerReference: 'none',
      cluster: { name: cluster },
      method: 'plugin',
      pluginConfiguration: { name: BARMAN_PLUGIN },
    },
  });
  return cluster;
}
