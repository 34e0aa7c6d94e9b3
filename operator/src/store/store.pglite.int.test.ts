import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteSql, emptyPgliteDataDir } from '@batteries-included/sql';
import { configMap, passRecord, result } from './fixtures.js';
import { openStore } from './open-store.js';
import { describeStoreContract } from './store.contract.js';

// initdb costs seconds: it runs once, then every test's database starts from its dump (~0.7 s).
describeStoreContract('PGlite in memory', async () =>
  createPgliteSql({ loadDataDir: await emptyPgliteDataDir() }),
);

describe('openStore without DATABASE_URL', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'bi-store-')), 'operator-db');
  });
  afterAll(async () => {
    await rm(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('persists to the PGlite data directory across restarts, with the same redaction key', async () => {
    const first = await openStore({ env: {}, dataDir });
    const { id } = await first.recordPass(passRecord([result('create', configMap('a', { v: '1' }))]));
    const digest = first.redactor.digest('a-secret-value');
    await first.close();

    const second = await openStore({ env: {}, dataDir });
    try {
      expect((await second.getPass(id))?.objects.map((o) => o.ref)).toEqual(['ConfigMap/battery-core/a']);
      expect(second.redactor.digest('a-secret-value')).toBe(digest);
    } finally {
      await second.close();
    }
  }, 60_000);
});
