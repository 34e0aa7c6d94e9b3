import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createPgliteProcessSql } from '@batteries-included/sql';
import { testDataDirs } from '@batteries-included/sql/testing';
import { configMap, passRecord, result } from './fixtures.js';
import { createStore } from './store.js';
import { describeStoreContract } from './store.contract.js';

// The embedded store as the operator runs it: PGlite in a process of its own. initdb runs once into a template
// directory; each contract test starts from a copy of it.
const dirs = testDataDirs();
afterAll(() => dirs.removeAll());

describeStoreContract('PGlite in its own process', async () =>
  createPgliteProcessSql({ dataDir: await dirs.fresh() }),
);

describe('the embedded database process', () => {
  it('creates the data directory on first start and keeps it across restarts', async () => {
    const dataDir = await dirs.path('first-start');
    const first = await createStore(await createPgliteProcessSql({ dataDir }));
    const { id } = await first.recordPass(passRecord([result('create', configMap('a', { v: '1' }))]));
    await first.close();
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);

    const second = await createStore(await createPgliteProcessSql({ dataDir }));
    try {
      expect((await second.getPass(id))?.objects.map((o) => o.ref)).toEqual(['ConfigMap/battery-core/a']);
    } finally {
      await second.close();
    }
  }, 60_000);
});
