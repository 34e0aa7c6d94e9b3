import { createPgSql } from './pg-adapter.js';
import { describeSqlContract } from './sql.contract.js';
import { SqlUsageError } from './sql.js';
import { testSchemas } from './testing/test-schemas.js';

// Every test gets a schema of its own in the run's throwaway database; all are dropped at the end.
const schemas = testSchemas({ prefix: 'sql' });
afterAll(() => schemas.dropAll());

describeSqlContract('PostgreSQL server', () => schemas.open());

describe('the pg adapter', () => {
  it('works in the schema it is given, and refuses one that is not a plain identifier', async () => {
    const schema = await schemas.create();
    const sql = createPgSql({ connectionString: schemas.url, schema });
    try {
      await sql.query('CREATE TABLE here (n integer)');
      expect(await schemas.query(`SELECT count(*)::int AS n FROM ${schema}.here`)).toEqual([{ n: 0 }]);
    } finally {
      await sql.close();
    }
    expect(() => createPgSql({ connectionString: schemas.url, schema: 'x; DROP SCHEMA public' })).toThrow(
      SqlUsageError,
    );
    expect(() => createPgSql({ connectionString: schemas.url, schema: 'Upper' })).toThrow(
      'schema "Upper" is not a plain lower-case identifier',
    );
  });
});
