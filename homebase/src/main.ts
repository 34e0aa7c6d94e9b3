// Home Base's process: configuration from the environment, structured JSON logs, the HTTP server and a clean
// shutdown (startHomeBase does the start, refusing a wrong or lost HOME_BASE_SECRET before it listens).
// `rotate-key` adds a new signing key (older keys stay published) and exits; `export-keys` prints the public key
// set with its issuer, as `bi start --home-base-keys` (and the CLI's pinned set) takes it. `--dev-outbox` serves the development
// outbox page, as HOME_BASE_DEV_OUTBOX=true does (`npm run homebase` passes it).
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from './config.js';
import { resealLegacyValues } from './crypto/reseal.js';
import { createSecretBox } from './crypto/secret-box.js';
import { createKeyring } from './signing/keys.js';
import { startHomeBase } from './start.js';
import { openStore } from './store/store.js';

const logger = pino({ base: { component: 'homebase' }, level: process.env.LOG_LEVEL ?? 'info' });

async function main(argv: string[]): Promise<void> {
  const loaded = loadConfig();
  const config = { ...loaded, showOutbox: loaded.showOutbox || argv.includes('--dev-outbox') };
  const [command] = argv.filter((arg) => !arg.startsWith('--'));
  if (command === 'export-keys') {
    // The key set `bi start` pins (cli/src/install/home-base-keys.ts) or takes with --home-base-keys: public only.
    const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'db') });
    const keyring = createKeyring(store, createSecretBox(config.secret));
    const { keys } = await keyring.jwks();
    process.stdout.write(`${JSON.stringify({ issuer: new URL(config.baseUrl).origin, keys }, null, 2)}\n`);
    await store.close();
    return;
  }
  if (command === 'rotate-key') {
    // Also the way out of a lost secret: the new key is sealed under the current one.
    const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'db') });
    const box = createSecretBox(config.secret);
    const keyring = createKeyring(store, box);
    await resealLegacyValues(store, box);
    const kid = await keyring.rotate();
    logger.info(
      { kid, published: (await keyring.jwks()).keys.length },
      'new signing key; older keys stay published',
    );
    await store.close();
    return;
  }
  const homeBase = await startHomeBase(config, { logger });
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    void homeBase.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  logger.fatal({ err: error instanceof Error ? error.message : String(error) }, 'Home Base failed to start');
  process.exit(1);
});
