// Home Base's process: configuration from the environment, structured JSON logs, the HTTP server and a clean
// shutdown. `rotate-key` adds a new signing key (older keys stay published) and exits.
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { pino } from 'pino';
import { loadConfig } from './config.js';
import { createSecretBox } from './crypto/secret-box.js';
import { createMailer } from './mail/mailer.js';
import { createKeyring } from './signing/keys.js';
import { openStore } from './store/store.js';
import { createHomeBaseApp } from './web/app.js';

const logger = pino({ base: { component: 'homebase' }, level: process.env.LOG_LEVEL ?? 'info' });

async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'db') });
  const box = createSecretBox(config.secret);
  const keyring = createKeyring(store, box);
  if (argv[0] === 'rotate-key') {
    const kid = await keyring.rotate();
    logger.info(
      { kid, published: (await keyring.jwks()).keys.length },
      'new signing key; older keys stay published',
    );
    await store.close();
    return;
  }
  logger.info(
    {
      database: config.databaseUrl ? 'postgres' : 'embedded PGlite',
      secret: config.secretSource,
      smtp: Boolean(config.smtpUrl),
    },
    'store open',
  );
  const mailer = createMailer(store, { smtpUrl: config.smtpUrl, logger });
  const { app } = createHomeBaseApp({
    store,
    box,
    keyring,
    mailer,
    baseUrl: config.baseUrl,
    showOutbox: config.showOutbox,
    trustProxy: config.trustProxy,
    logger,
  });
  await keyring.jwks();
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  logger.info(
    { url: config.baseUrl, outbox: config.showOutbox ? `${config.baseUrl}/dev/outbox` : 'off' },
    'Home Base listening',
  );
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(() => void store.close().then(() => process.exit(0)));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  logger.fatal({ err: error instanceof Error ? error.message : String(error) }, 'Home Base failed to start');
  process.exit(1);
});
