import { createPgSql } from '../pg-adapter.js';
import type { Row, Sql } from '../sql.js';

export interface TestSchemasOptions {
  /** Prefix of the schema names (`<prefix>_<pid>_<n>`): lower-case letters, digits and `_`. */
  prefix: string;
  /**
   * A database of this name to create on the run's server (and drop at the end) and make the schemas in, for tests
   * that also write to its `public` schema. Default: the run's own database.
   */
  database?: string;
  /** Where the run's server is. Default: `BI_TEST_DATABASE_URL_RUN`, set by the integration project's setup. */
  serverUrl?: string;
}

/** Empty schemas on the integration run's PostgreSQL server, one per call, dropped by `dropAll()`. */
export interface TestSchemas {
  /** The URL of the database the schemas are made in. */
  readonly url: string;
  /** Creates an empty schema and resolves with its name. */
  create(): Promise<string>;
  /** A `Sql` working in a new, empty schema (the caller closes it). */
  open(): Promise<Sql>;
  /** Runs a statement as the administrator of that database (no search path of a test's schema). */
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Drops every schema made, and the database if one was made. */
  dropAll(): Promise<void>;
}

/**
 * Schemas for a test file on the PostgreSQL server the integration project's global setup started.
 * @example const schemas = testSchemas({ prefix: 'store' }); afterAll(() => schemas.dropAll());
 */
export function testSchemas({
  prefix,
  database,
  serverUrl = process.env.BI_TEST_DATABASE_URL_RUN,
}: TestSchemasOptions): TestSchemas {
  if (!serverUrl) {
    throw new Error(
      'BI_TEST_DATABASE_URL_RUN is not set: run this file in the integration project (its global setup starts Postgres)',
    );
  }
  const url = database
    ? Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString()
    : serverUrl;
  const server = database ? createPgSql({ connectionString: serverUrl, maxConnections: 1 }) : undefined;
  let admin: Promise<Sql> | undefined;
  const ready = () =>
    (admin ??= (async () => {
      await server?.query(`CREATE DATABASE ${database}`);
      return createPgSql({ connectionString: url, maxConnections: 1 });
    })());
  const made: string[] = [];
  const create = async () => {
    const schema = `${prefix}_${process.pid}_${made.length}`;
    made.push(schema);
    await (await ready()).query(`CREATE SCHEMA ${schema}`);
    return schema;
  };
  return {
    url,
    create,
    open: async () => createPgSql({ connectionString: url, schema: await create() }),
    query: async (text, params) => (await ready()).query(text, params),
    async dropAll() {
      if (!admin) return await server?.close();
      const sql = await admin;
      if (server) {
        await sql.close();
        await server.query(`DROP DATABASE ${database} WITH (FORCE)`);
        return await server.close();
      }
      for (const schema of made) await sql.query(`DROP SCHEMA ${schema} CASCADE`);
      await sql.close();
    },
  };
}
