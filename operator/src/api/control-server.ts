import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { RunningOperator } from '../operator.js';
import type { Store } from '../store/store.js';
import { writeAccessInfo } from './api-access.js';
import { startApiTokenSource } from './api-token-source.js';
import { createControlApp } from './app.js';

export interface OperatorControlAppOptions {
  operator: RunningOperator;
  config: KubeConfig;
  store: Store;
  logger: Logger;
  /** The HTTP port, for the default public URL. */
  port: number;
  /** The operator's namespace, where the token Secret and access-info ConfigMap live. @default 'batteries-included-system' */
  namespace?: string;
  /** The console/API base URL written to access-info. @default `http://127.0.0.1:<port>` */
  publicUrl?: string;
  /** Built console files. @default `console/dist` of this repository, when it exists */
  consoleDir?: string;
  keepPasses?: number;
  /** Where named metric queries go (see `ApiOptions.victoriaMetricsUrl`). @default the battery's Service */
  victoriaMetricsUrl?: string;
}

/** The repository's built console, next to this workspace. */
const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../console/dist', import.meta.url));

/**
 * The operator's HTTP app, ready to serve: makes sure the API token Secret exists (admin and viewer tokens) and
 * watches it, so a rotated token takes effect without a restart; writes the access-info ConfigMap (a failure is
 * logged, not fatal: the API works without it), and assembles health, API and console. `stop()` ends the watch.
 * @example serve({ fetch: (await createOperatorControlApp({ operator, config, store, logger, port })).fetch, port })
 */
export async function createOperatorControlApp(
  options: OperatorControlAppOptions,
): Promise<Hono & { stop(): Promise<void> }> {
  const { operator, config, store, logger, port } = options;
  const namespace = options.namespace ?? 'batteries-included-system';
  const tokens = await startApiTokenSource(config, namespace, { logger });
  const url = options.publicUrl ?? `http://127.0.0.1:${port}`;
  await writeAccessInfo(config, namespace, url).catch((error: unknown) =>
    logger.warn({ err: String(error) }, 'could not write the access-info ConfigMap'),
  );
  const consoleDir =
    options.consoleDir ?? (existsSync(DEFAULT_CONSOLE_DIR) ? DEFAULT_CONSOLE_DIR : undefined);
  logger.info(
    { url, namespace, console: consoleDir ?? 'not built' },
    'API tokens ready in Secret api-token (keys token and viewer-token), watched for rotation',
  );
  const app = createControlApp({
    isReady: () => operator.isReady(),
    metrics: operator.metrics,
    store,
    config,
    view: operator.view,
    bundles: operator.bundles,
    bus: operator.bus,
    requestPass: (reason) => operator.requestPass(reason),
    token: () => tokens.current().admin,
    viewerToken: () => tokens.current().viewer,
    logger,
    ...(operator.keycloakUrl ? { keycloakUrl: operator.keycloakUrl } : {}),
    ...(options.keepPasses === undefined ? {} : { keepPasses: options.keepPasses }),
    ...(options.victoriaMetricsUrl ? { victoriaMetricsUrl: options.victoriaMetricsUrl } : {}),
    ...(consoleDir ? { consoleDir } : {}),
  });
  return Object.assign(app, { stop: () => tokens.stop() });
}
