import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import type { HomeBaseConfig } from './config.js';
import { resealLegacyValues } from './crypto/reseal.js';
import { createSecretBox } from './crypto/secret-box.js';
import { createMailer } from './mail/mailer.js';
import { createKeyring } from './signing/keys.js';
import { openStore, type Store } from './store/store.js';
import { createHomeBaseApp } from './web/app.js';

export interface StartOptions {
  logger: Logger;
  /** An open store to use instead of opening `config`'s (the caller keeps owning it). @default openStore(config) */
  store?: Store;
}

export interface RunningHomeBase {
  server: ServerType;
  /** Stops listening, then closes the store if this function opened it. */
  close(): Promise<void>;
}

/**
 * Home Base's start, in the order that keeps a misconfigured one from serving: open the store (migrations run),
 * re-seal values written before seals were bound to their row, open the newest signing key — a wrong or lost
 * `HOME_BASE_SECRET` rejects here with `SigningKeyUnusableError`, naming the problem, and nothing listens — then
 * serve. `config.showOutbox` on a non-loopback or https base URL is refused the same way.
 * @example const homeBase = await startHomeBase(loadConfig(), { logger })
 */
export async function startHomeBase(
  config: HomeBaseConfig,
  { logger, store: given }: StartOptions,
): Promise<RunningHomeBase> {
  const store =
    given ?? (await openStore({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'db') }));
  const closeStore = () => (given ? Promise.resolve() : store.close());
  try {
    const box = createSecretBox(config.secret);
    const keyring = createKeyring(store, box);
    const resealed = await resealLegacyValues(store, box);
    if (resealed > 0) logger.info({ rows: resealed }, 're-sealed private keys, each bound to its row');
    await keyring.assertUsable();
    logger.info(
      {
        database: config.databaseUrl ? 'postgres' : 'embedded PGlite',
        secret: config.secretSource,
        smtp: Boolean(config.smtpUrl),
      },
      'store open',
    );
    const { app } = createHomeBaseApp({
      store,
      box,
      keyring,
      mailer: createMailer(store, { smtpUrl: config.smtpUrl, logger }),
      baseUrl: config.baseUrl,
      showOutbox: config.showOutbox,
      trustProxy: config.trustProxy,
      ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
      logger,
    });
    if (config.showOutbox) {
      logger.warn(
        { outbox: `${config.baseUrl}/dev/outbox` },
        'development outbox on: every mail, sign-in links included, is shown to anyone who can reach this address',
      );
    }
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    logger.info(
      {
        url: config.baseUrl,
        outbox: config.showOutbox ? `${config.baseUrl}/dev/outbox` : 'off',
        metrics: config.metricsToken ? 'bearer token' : 'off',
      },
      'Home Base listening',
    );
    return {
      server,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(closeStore),
    };
  } catch (error) {
    await closeStore().catch(() => undefined);
    throw error;
  }
}
