import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteSql, emptyPgliteDataDir } from './pglite-adapter.js';
import { describeSqlContract } from './sql.contract.js';

// initdb costs seconds: it runs once, then every test's database starts from its dump.
describeSqlContract('PGlite in memory', async () =>
  createPgliteSql({ loadDataDir: await emptyPgliteDataDir() }),
);

describe('PGlite with a data directory', () => {
  it('creates the directory and keeps what was committed across restarts', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bi-sql-pglite-'));
    try {
      const dataDir = join(root, 'nested', 'db');
      const first = await createPgliteSql({ dataDir });
      await first.query('CREATE TABLE kept (n integer)');
      await first.transaction((tx) => tx.query('INSERT INTO kept VALUES (1)'));
      await first
        .transaction((tx) =>
          tx.query('INSERT INTO kept VALUES (2)').then(() => Promise.reject(new Error('not 2'))),
        )
        .catch(() => undefined);
      await first.close();
      const second = await createPgliteSql({ dataDir });
      expect(await second.query('SELECT n FROM kept')).toEqual([{ n: 1 }]);
      await second.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);
});
