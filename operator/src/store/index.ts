// The store opens its database through @batteries-included/sql; the adapters are re-exported so the CLI, the
// console's tests and the benchmarks can open a store without depending on the SQL workspace themselves.
export {
  createPgSql,
  createPgliteSql,
  createPgliteProcessSql,
  emptyPgliteDataDir,
  EmbeddedDatabaseError,
  SqlUsageError,
  StoreRowError,
  type EmbeddedSql,
  type PgSqlOptions,
  type PgliteProcessOptions,
  type PgliteSqlOptions,
  type Row,
  type Sql,
} from '@batteries-included/sql';
export { MIGRATIONS } from './migrations/index.js';
export {
  createRedactor,
  generateRedactionKey,
  secretValuesOf,
  DIGEST_PREFIX,
  type Redactor,
} from './redact.js';
export { createStore, type Store } from './store.js';
export { openStore, DEFAULT_DATA_DIR, type OpenStoreOptions } from './open-store.js';
export { PassRecordError } from './record-diff.js';
export * from './types.js';
