import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteSql, emptyPgliteDataDir } from '@batteries-included/sql';
import { describeStoreContract } from './store.contract.js';
import { openStore } from './store.js';

describeStoreContract('PGlite in memory', async () =>
  createPgliteSql({ loadDataDir: await emptyPgliteDataDir() }),
);

describe('openStore without a database URL', () => {
  it('persists to the PGlite data directory across restarts', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bi-homebase-'));
    try {
      const first = await openStore({ dataDir: join(root, 'db') });
      await first.createUser({ email: 'kept@example.com', passwordHash: 'x' });
      await first.close();
      const second = await openStore({ dataDir: join(root, 'db') });
      expect((await second.findUserByEmail('kept@example.com'))?.email).toBe('kept@example.com');
      await second.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);
});
