import { Yaml } from 'cdk8s';

/** Ports Loki listens on inside the pod. */
export const LOKI_PORTS = { http: 3100, grpc: 9095, memberlist: 7946 } as const;

/** Where the data volume is mounted: chunks, TSDB index, WAL, rules and compactor state live under it. */
export const LOKI_DATA_PATH = '/var/loki';

/** What Loki's configuration depends on. */
export interface LokiConfigOptions {
  readonly replicas: number;
  readonly replicationFactor: number;
  /** A Loki duration in days, weeks or years, e.g. `30d`. */
  readonly retentionPeriod: string;
  /** `host:port` that new pods join when there is more than one (the headless Service). */
  readonly memberlistJoin: string;
}

/**
 * Loki's `config.yaml`: no multi-tenancy, filesystem storage under `/var/loki`, the v13 TSDB schema with a
 * 24h index period, and compactor-driven retention. One pod keeps its ring in memory; several pods share a
 * memberlist ring. `${POD_IP}` is expanded from the environment (`-config.expand-env=true`).
 */
export function lokiConfigYaml(options: LokiConfigOptions): string {
  const clustered = options.replicas > 1;
  const config: Record<string, unknown> = {
    auth_enabled: false,
    server: { http_listen_port: LOKI_PORTS.http, grpc_listen_port: LOKI_PORTS.grpc, log_level: 'info' },
    common: {
      path_prefix: LOKI_DATA_PATH,
      instance_addr: '${POD_IP}',
      replication_factor: options.replicationFactor,
      ring: { kvstore: { store: clustered ? 'memberlist' : 'inmemory' } },
      storage: {
        filesystem: {
          chunks_directory: `${LOKI_DATA_PATH}/chunks`,
          rules_directory: `${LOKI_DATA_PATH}/rules`,
        },
      },
    },
    schema_config: {
      configs: [
        {
          // A fixed date in the past: the schema in force since before any data this install will hold.
          from: '2024-04-01',
          store: 'tsdb',
          object_store: 'filesystem',
          schema: 'v13',
          index: { prefix: 'index_', period: '24h' },
        },
      ],
    },
    limits_config: { retention_period: options.retentionPeriod, volume_enabled: true },
    compactor: {
      working_directory: `${LOKI_DATA_PATH}/compactor`,
      retention_enabled: true,
      delete_request_store: 'filesystem',
    },
    analytics: { reporting_enabled: false },
  };
  if (clustered) {
    config.memberlist = {
      advertise_addr: '${POD_IP}',
      bind_port: LOKI_PORTS.memberlist,
      join_members: [options.memberlistJoin],
    };
  }
  return Yaml.stringify(config);
}
