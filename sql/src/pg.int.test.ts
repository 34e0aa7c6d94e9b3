import { createPgSql } from './pg-adapter.js';
import { describeSqlContract } from './sql.contract.js';
import { SqlUsageError } from './sql.js';

const url = process.env.BI_TEST_DATABASE_URL_RUN;
if (!url)
  throw new Error(
    'BI_TEST_DATABASE_URL_RUN is not set: run this file in the integration project (its global setup starts Postgres)',
  );

// Every test gets a schema of its own in the run's throwaway database; all are dropped at the end.
const admin = createPgSql({ connectionString: url, maxConnections: 1 });
const schemas: string[] = [];
async function freshSchema(): Promise<string> {
  const schema = `sql_${process.pid}_${schemas.length}`;
  schemas.push(schema);
  await admin.query(`CREATE SCHEMA ${schema}`);
  return schema;
}
afterAll(async () => {
  for (const schema of schemas) await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.close();
});

describeSqlContract('PostgreSQL server', async () =>
  createPgSql({ connectionString: url, schema: await freshSchema() }),
);

describe('the pg adapter', () => {
  it('works in the schema it is given, and refuses one that is not a plain identifier', async () => {
    const schema = await freshSchema();
    const sql = createPgSql({ connectionString: url, schema });
    try {
      await sql.query('CREATE TABLE here (n integer)');
      expect(await admin.query(`SELECT count(*)::int AS n FROM ${schema}.here`)).toEqual([{ n: 0 }]);
    } finally {
      await sql.close();
    }
    expect(() => createPgSql({ connectionString: url, schema: 'x; DROP SCHEMA public' })).toThrow(
      SqlUsageError,
    );
    expect(() => createPgSql({ connectionString: url, schema: 'Upper' })).toThrow(
      'schema "Upper" is not a plain lower-case identifier',
    );
  });
});
