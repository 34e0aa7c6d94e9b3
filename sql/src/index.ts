// The SQL workspace's public face: the port, its three adapters, the migration runner and the row helpers.
export { SqlUsageError, type Row, type Sql } from './sql.js';
export { SQLSTATE, sqlState, isUniqueViolation } from './sql-state.js';
export { holdAdvisoryLock } from './advisory-lock.js';
export { createPgSql, type PgSqlOptions } from './pg-adapter.js';
export { createPgliteSql, emptyPgliteDataDir, type PgliteSqlOptions } from './pglite-adapter.js';
export {
  createPgliteProcessSql,
  EmbeddedDatabaseError,
  type EmbeddedSql,
  type PgliteProcessOptions,
} from './pglite-process.js';
export { migrate, appliedMigrations, type MigrateOptions } from './migrate.js';
export { MigrationError, type AppliedMigration, type Migration } from './migration.js';
export * from './rows.js';
