export type { Row, Sql } from './sql.js';
export { SqlUsageError } from './sql.js';
export { createPgSql, type PgSqlOptions } from './pg-adapter.js';
export { createPgliteSql, type PgliteSqlOptions } from './pglite-adapter.js';
export {
  createPgliteProcessSql,
  EmbeddedDatabaseError,
  type EmbeddedSql,
  type PgliteProcessOptions,
} from './pglite-process.js';
export { migrate, appliedMigrations, type AppliedMigration } from './migrate.js';
export { MIGRATIONS, type Migration } from './migrations/index.js';
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
export { StoreRowError } from './rows.js';
export * from './types.js';
