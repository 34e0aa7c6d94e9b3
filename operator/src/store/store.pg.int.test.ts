import { testSchemas } from '@batteries-included/sql/testing';
import { configMap, passRecord, result } from './fixtures.js';
import { openStore } from './open-store.js';
import { describeStoreContract } from './store.contract.js';

// Every test gets a schema of its own in the run's throwaway database; all are dropped at the end.
const schemas = testSchemas({ prefix: 'store' });
afterAll(() => schemas.dropAll());

describeStoreContract('PostgreSQL server', () => schemas.open());

describe('openStore with DATABASE_URL', () => {
  it('records into the server the URL names', async () => {
    const schema = await schemas.create();
    const databaseUrl = new URL(schemas.url);
    databaseUrl.searchParams.set('options', `-c search_path=${schema}`);
    const store = await openStore({
      env: { DATABASE_URL: databaseUrl.toString() },
      dataDir: '/nonexistent/never-used',
    });
    try {
      const { id } = await store.recordPass(passRecord([result('create', configMap('a', { v: '1' }))]));
      expect(await schemas.query(`SELECT id::int AS id FROM ${schema}.passes`)).toEqual([{ id }]);
    } finally {
      await store.close();
    }
  });
});
