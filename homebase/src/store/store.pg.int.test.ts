import { testSchemas } from '@batteries-included/sql/testing';
import { describeStoreContract } from './store.contract.js';
import { openStore } from './store.js';

// Home Base gets a database of its own on the run's server (its openStore test writes to `public`); every test a
// schema in it. Dropped at the end.
const schemas = testSchemas({ prefix: 'hb', database: `homebase_${process.pid}` });
afterAll(() => schemas.dropAll());

describeStoreContract('PostgreSQL server', () => schemas.open());

describe('openStore with a database URL', () => {
  it('migrates and writes to the server the URL names', async () => {
    const store = await openStore({ databaseUrl: schemas.url, dataDir: '/nonexistent/never-used' });
    try {
      await store.createUser({ email: 'pg@example.com', passwordHash: 'x' });
      expect(await schemas.query('SELECT email FROM public.users')).toEqual([{ email: 'pg@example.com' }]);
    } finally {
      await store.close();
    }
  });
});
