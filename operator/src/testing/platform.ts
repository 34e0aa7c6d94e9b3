// `startPlatform()`: what every integration suite of the platform needs, started once per test file — a private
// testenv control plane, the Battery CRDs Established, the operator on a store, kubectl, and the API with its
// token — and stopped in reverse order by one `stop()`.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Hono } from 'hono';
import { pino, type Logger } from 'pino';
import {
  createKubectl,
  freePort,
  startPostgres,
  startTestCluster,
  type Kubectl,
  type PodPortForward,
  type TestCluster,
  type TestPostgres,
} from '@batteries-included/testenv';
import { ensureApiTokens } from '../api/api-access.js';
import { createOperatorControlApp } from '../api/control-server.js';
import { loadKubeConfig } from '../kube/client.js';
import { startOperator, type OperatorOptions, type RunningOperator } from '../operator.js';
import { createPgliteSql, createStore, openStore, type Store } from '../store/index.js';
import { createApiClient, fetchTransport, type ApiClient } from './api-client.js';
import { spawnOperator, type OperatorProcess } from './operator-process.js';
import { repoPath } from './repo-path.js';

/** Where the operator keeps its records. */
export type PlatformStore =
  /** In-memory PGlite inside the test process (nothing left behind). */
  | 'pglite'
  /** A throwaway database on the integration run's PostgreSQL server (or a private one outside jest). */
  | 'postgres'
  /** A PostgreSQL server of this platform's own, which the test may `pause()` and `resume()`. */
  | 'private-postgres';

export interface PlatformOptions {
  /** Simulated kwok nodes. @default 1 */
  readonly nodes?: number;
  /** Apply `crds/all.yaml` and wait until every Battery CRD is Established. @default true */
  readonly crds?: boolean;
  /**
   * The in-process operator's options over the test defaults (`withoutLeaderElection`, `debounceMs: 100`, the
   * platform's store and logger); `false` starts none (start one later, or spawn processes). @default {}
   */
  readonly operator?: false | Partial<OperatorOptions>;
  /** The operator's store. @default 'pglite' */
  readonly store?: PlatformStore;
  /** Simulated containers log from `cluster.podLogs` files (testenv's `podLogs`). @default false */
  readonly podLogs?: boolean;
  /** Port-forwards to simulated pods reach these real servers (testenv's `portForwards`). @default none */
  readonly portForwards?: readonly PodPortForward[];
}

export interface StartApiOptions {
  /** The port the access-info ConfigMap names (and the socket's, with `listen`). @default a free port */
  readonly port?: number;
  /** Built console files to serve at `/`. @default none */
  readonly consoleDir?: string;
  /** Serve on a real socket on 127.0.0.1 (for browsers and other processes); otherwise `app.request()`. */
  readonly listen?: boolean;
  /** Where named metric queries go (a test VictoriaMetrics). @default the battery's in-cluster Service */
  readonly victoriaMetricsUrl?: string;
}

/** The API of the in-process operator: the client, and the Hono app behind it. */
export interface PlatformApi extends ApiClient {
  readonly app: Hono;
  /** The read-only viewer token (key `viewer-token` of the Secret api-token). */
  readonly viewerToken: string;
}

/** A private control plane with the Battery CRDs, and what runs on it. */
export interface Platform {
  readonly cluster: TestCluster;
  readonly kubeconfigPath: string;
  /** A client-node KubeConfig for the cluster's admin. */
  readonly config: KubeConfig;
  /** kubectl on this cluster: `kubectl(args, input?)`, `kubectl.json(args)`, `kubectl.apply(manifest)`. */
  readonly kubectl: Kubectl;
  /** `kubectl.json`, by its older name. */
  readonly getJson: Kubectl['json'];
  /** Silent unless `BI_TEST_LOG` is a pino level (to stderr) or a file path (debug, appended there). */
  readonly logger: Logger;
  /** The PostgreSQL server, with `store: 'postgres' | 'private-postgres'`. */
  readonly postgres?: TestPostgres;
  /** Opens a store on the platform's database (PostgreSQL when configured, else a fresh in-memory PGlite). */
  openStore(): Promise<Store>;
  /** Starts an operator in this process with the test defaults under `options`; stopped with the platform. */
  startOperator(options?: Partial<OperatorOptions>): Promise<RunningOperator>;
  /**
   * Starts `operator/src/main.ts` as a process with the cluster's KUBECONFIG, a free BI_HTTP_PORT, and the
   * platform's DATABASE_URL or a fresh DATA_DIR (embedded PGlite), each unless `env` says otherwise; killed with
   * the platform.
   */
  spawnOperator(name: string, env?: Record<string, string>): Promise<OperatorProcess>;
  /** Runs `cleanup` in `stop()`, before what was started earlier. */
  defer(cleanup: () => unknown): void;
  /** Stops everything started, newest first; rejects with every cleanup error after all have run. */
  stop(): Promise<void>;
}

/** A platform with its operator running in this process. */
export interface OperatorPlatform extends Platform {
  readonly operator: RunningOperator;
  /** The operator's store. */
  readonly store: Store;
  /** The operator's HTTP API (token Secret, access-info ConfigMap, routes); stopped with the platform. */
  startApi(options?: StartApiOptions): Promise<PlatformApi>;
}

/**
 * Starts a platform for one test file: a private testenv cluster (Battery objects are cluster-scoped, so an
 * operator needs a cluster of its own), the Battery CRDs Established, and — unless `operator: false` — the
 * operator on in-memory PGlite. Whatever was started is stopped again if a later step fails.
 * @example
 * const platform = await startPlatform({ nodes: 2 });
 * await platform.kubectl(['apply', '--server-side', '-f', repoPath('examples/platform.yaml')]);
 * await untilPlatformReady(platform);
 * await platform.stop();
 */
export async function startPlatform(options: PlatformOptions & { operator: false }): Promise<Platform>;
export async function startPlatform(options?: PlatformOptions): Promise<OperatorPlatform>;
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform | OperatorPlatform> {
  const cleanups: Array<() => unknown> = [];
  const stop = async () => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, `stopping the platform: ${errors.length} failed`);
  };
  try {
    const base = await startBase(options, cleanups, stop);
    if (options.operator === false) return base;
    const store = await base.openStore();
    const operator = await base.startOperator({ ...options.operator, store });
    return {
      ...base,
      operator,
      store,
      startApi: (api) => startApi(base, operator, store, api ?? {}),
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

async function startBase(
  options: PlatformOptions,
  cleanups: Array<() => unknown>,
  stop: () => Promise<void>,
): Promise<Platform> {
  const defer = (cleanup: () => unknown) => void cleanups.push(once(cleanup));
  const cluster = await startTestCluster({
    nodes: options.nodes ?? 1,
    podLogs: options.podLogs ?? false,
    ...(options.portForwards ? { portForwards: options.portForwards } : {}),
  });
  defer(() => cluster.stop());
  const kubectl = createKubectl({ binary: cluster.binaries.kubectl, kubeconfigPath: cluster.kubeconfigPath });
  const postgres = await startPlatformPostgres(options.store);
  if (postgres) defer(() => postgres.stop());
  if (options.crds !== false) await installBatteryCrds(kubectl);
  const config = loadKubeConfig(cluster.kubeconfigPath);
  const logger = testLogger();
  const openPlatformStore = async () => {
    const store = postgres
      ? await openStore({ databaseUrl: postgres.databaseUrl, env: {} })
      : await createStore(await createPgliteSql());
    defer(() => store.close());
    return store;
  };
  return {
    cluster,
    kubeconfigPath: cluster.kubeconfigPath,
    config,
    kubectl,
    getJson: kubectl.json,
    logger,
    ...(postgres ? { postgres } : {}),
    openStore: openPlatformStore,
    async startOperator(overrides = {}) {
      const operator = await startOperator({
        config,
        logger,
        withoutLeaderElection: true,
        debounceMs: 100,
        ...overrides,
        store: overrides.store ?? (await openPlatformStore()),
      });
      defer(() => operator.stop());
      return operator;
    },
    async spawnOperator(name, env = {}) {
      const database: Record<string, string> = postgres
        ? { DATABASE_URL: postgres.databaseUrl }
        : { DATA_DIR: temporaryDirectory(defer, 'operator-data-') };
      const child = spawnOperator(name, {
        KUBECONFIG: cluster.kubeconfigPath,
        BI_HTTP_PORT: String(await freePort()),
        ...(env.DATABASE_URL || env.DATA_DIR ? {} : database),
        ...env,
      });
      defer(() => child.kill());
      return child;
    },
    defer,
    stop,
  };
}

/** Applies the Battery CRDs and waits until the API server serves them. */
export async function installBatteryCrds(kubectl: Kubectl): Promise<void> {
  await kubectl(['apply', '--server-side', '-f', repoPath('crds/all.yaml')]);
  await kubectl([
    'wait',
    '--for=condition=Established',
    'crd',
    '-l',
    'app.kubernetes.io/part-of=batteries-included',
    '--timeout=60s',
  ]);
}

async function startPlatformPostgres(store: PlatformStore = 'pglite'): Promise<TestPostgres | undefined> {
  if (store === 'pglite') return undefined;
  return startPostgres({ privateServer: store === 'private-postgres' });
}

async function startApi(
  platform: Platform,
  operator: RunningOperator,
  store: Store,
  options: StartApiOptions,
): Promise<PlatformApi> {
  const port = options.port ?? (await freePort());
  const app = await createOperatorControlApp({
    operator,
    config: platform.config,
    store,
    logger: platform.logger,
    port,
    // The control server serves the repository's console/dist when given no directory: tests opt in.
    consoleDir: options.consoleDir ?? NO_CONSOLE,
    ...(options.victoriaMetricsUrl ? { victoriaMetricsUrl: options.victoriaMetricsUrl } : {}),
  });
  platform.defer(() => app.stop());
  const { admin: token, viewer: viewerToken } = await ensureApiTokens(
    platform.config,
    'batteries-included-system',
  );
  if (!options.listen)
    return {
      ...createApiClient((path, init) => Promise.resolve(app.request(path, init)), token),
      app,
      viewerToken,
    };
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(listening));
  });
  platform.defer(() => new Promise((resolve) => server.close(resolve)));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { ...createApiClient(fetchTransport(url), token, url), app, viewerToken };
}

const NO_CONSOLE = '/nonexistent/console';

/** The platform's logger: silent, or what `BI_TEST_LOG` asks for (a pino level to stderr, or a file path). */
export function testLogger(): Logger {
  const wanted = process.env.BI_TEST_LOG;
  if (!wanted) return pino({ level: 'silent' });
  if (wanted in pino.levels.values) return pino({ level: wanted }, pino.destination(2));
  return pino({ level: 'debug' }, pino.destination({ dest: wanted, append: true, sync: true }));
}

function temporaryDirectory(defer: (cleanup: () => unknown) => void, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A cleanup that runs at most once, so a test may stop something early and `stop()` still be safe. */
function once(cleanup: () => unknown): () => unknown {
  let done: Promise<unknown> | undefined;
  return () => (done ??= Promise.resolve().then(cleanup));
}
