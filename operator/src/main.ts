// The operator process: configuration from the environment, structured JSON logs, the health/metrics server,
// and a clean shutdown on SIGTERM/SIGINT (the Lease is released so a successor takes over at once).
import { serve } from '@hono/node-server';
import { pino } from 'pino';
import { createOperatorControlApp } from './api/control-server.js';
import { usageReporterFromEnv } from './usage-reporting/usage-reporter.js';
import { loadKubeConfig } from './kube/client.js';
import { startOperator } from './operator.js';
import { openStore } from './store/open-store.js';

const logger = pino({ base: { component: 'operator' }, level: process.env.LOG_LEVEL ?? 'info' });

async function main(): Promise<void> {
  const port = Number(process.env.BI_HTTP_PORT ?? 4000);
  const config = loadKubeConfig(process.env.KUBECONFIG);
  const store = await openStore({
    dataDir: process.env.DATA_DIR ?? undefined,
    onLog: (line) => logger.warn(line),
  });
  logger.info(
    {
      database: process.env.DATABASE_URL
        ? 'postgres'
        : `embedded PGlite (${process.env.BI_EMBEDDED_STORE === 'inline' ? 'inline' : 'own process'})`,
    },
    'store open',
  );
  const operator = await startOperator({
    config,
    store,
    logger,
    namespace: process.env.BI_NAMESPACE,
    identity: process.env.POD_NAME,
    withoutLeaderElection: process.env.BI_LEADER_ELECTION === 'false',
    keepPasses: process.env.BI_KEEP_PASSES ? Number(process.env.BI_KEEP_PASSES) : undefined,
  });
  // Health, metrics, the API (token from the Secret api-token) and the built console, on one port.
  const app = await createOperatorControlApp({
    operator,
    config,
    store,
    logger,
    port,
    namespace: process.env.BI_NAMESPACE,
    publicUrl: process.env.BI_PUBLIC_URL,
    consoleDir: process.env.BI_CONSOLE_DIR,
    keepPasses: process.env.BI_KEEP_PASSES ? Number(process.env.BI_KEEP_PASSES) : undefined,
    victoriaMetricsUrl: process.env.BI_VICTORIA_METRICS_URL,
  });
  const server = serve({ fetch: app.fetch, port, hostname: process.env.BI_HTTP_HOST ?? '0.0.0.0' });
  // Signed usage reports to Home Base when BI_HOME_BASE_URL, BI_INSTALLATION_ID and BI_INSTALLATION_KEY are set.
  const reporter = usageReporterFromEnv(process.env, { config, logger, isLeader: () => operator.isLeader() });
  logger.info({ port }, 'serving /healthz, /readyz, /metrics, /api and the console');

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close();
    await app.stop();
    await reporter?.stop();
    await operator.stop();
    await store.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error instanceof Error ? error.message : String(error) }, 'operator failed to start');
  process.exit(1);
});
