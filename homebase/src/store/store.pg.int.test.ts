import { createPgSql } from '@batteries-included/sql';
import { describeStoreContract } from './store.contract.js';
import { openStore } from './store.js';

const url = process.env.BI_TEST_DATABASE_URL_RUN;
if (!url) {
  throw new Error(
    'BI_TEST_DATABASE_URL_RUN is not set: run this file in the integration project (its global setup starts Postgres)',
  );
}

// Home Base gets a database of its own on the run's server; every test a schema in it. Dropped at the end.
const database = `homebase_${process.pid}`;
const databaseUrl = Object.assign(new URL(url), { pathname: `/${database}` }).toString();
const server = createPgSql({ connectionString: url, maxConnections: 1 });
let admin: ReturnType<typeof createPgSql>;
const schemas: string[] = [];

beforeAll(async () => {
  await server.query(`CREATE DATABASE ${database}`);
  admin = createPgSql({ connectionString: databaseUrl, maxConnections: 1 });
});
afterAll(async () => {
  await admin.close();
  await server.query(`DROP DATABASE ${database} WITH (FORCE)`);
  await server.close();
});

async function freshSchema(): Promise<string> {
  const schema = `hb_${schemas.length}`;
  schemas.push(schema);
  await admin.query(`CREATE SCHEMA ${schema}`);
  return schema;
}

describeStoreContract('PostgreSQL server', async () =>
  createPgSql({ connectionString: databaseUrl, schema: await freshSchema() }),
);

describe('openStore with a database URL', () => {
  it('migrates and writes to the server the URL names', async () => {
    const store = await openStore({ databaseUrl, dataDir: '/nonexistent/never-used' });
    try {
      await store.createUser({ email: 'pg@example.com', passwordHash: 'x' });
      expect(await admin.query('SELECT email FROM public.users')).toEqual([{ email: 'pg@example.com' }]);
    } finally {
      await store.close();
    }
  });
});
