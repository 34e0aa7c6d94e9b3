import { createPgSql } from '@batteries-included/sql';
import { configMap, passRecord, result } from './fixtures.js';
import { openStore } from './open-store.js';
import { describeStoreContract } from './store.contract.js';

const url = process.env.BI_TEST_DATABASE_URL_RUN;
if (!url)
  throw new Error(
    'BI_TEST_DATABASE_URL_RUN is not set: run this file in the integration project (its global setup starts Postgres)',
  );

// Every test gets a schema of its own in the run's throwaway database; all are dropped at the end.
const admin = createPgSql({ connectionString: url, maxConnections: 1 });
const schemas: string[] = [];
async function freshSchema(): Promise<string> {
  const schema = `store_${process.pid}_${schemas.length}`;
  schemas.push(schema);
  await admin.query(`CREATE SCHEMA ${schema}`);
  return schema;
}
afterAll(async () => {
  for (const schema of schemas) await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.close();
});

describeStoreContract('PostgreSQL server', async () =>
  createPgSql({ connectionString: url, schema: await freshSchema() }),
);

describe('openStore with DATABASE_URL', () => {
  it('records into the server the URL names', async () => {
    const schema = await freshSchema();
    const databaseUrl = new URL(url);
    databaseUrl.searchParams.set('options', `-c search_path=${schema}`);
    const store = await openStore({
      env: { DATABASE_URL: databaseUrl.toString() },
      dataDir: '/nonexistent/never-used',
    });
    try {
      const { id } = await store.recordPass(passRecord([result('create', configMap('a', { v: '1' }))]));
      expect(await admin.query(`SELECT id::int AS id FROM ${schema}.passes`)).toEqual([{ id }]);
    } finally {
      await store.close();
    }
  });
});
