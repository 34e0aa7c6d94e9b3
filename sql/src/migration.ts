/** One schema change. Statements run in order inside one transaction with the version's record. */
export interface Migration {
  /** Applied in ascending order; never renumbered once released. */
  readonly version: number;
  /** Kebab-case summary, recorded beside the version. */
  readonly name: string;
  /** One SQL statement per entry (every adapter runs extended-protocol queries, one statement each). */
  readonly statements: readonly string[];
}

/** The applied versions, oldest first, as recorded in the `migrations` table. */
export interface AppliedMigration {
  version: number;
  name: string;
}

/** A migration failed and was rolled back; `code` is the failing statement's SQLSTATE, `cause` its error. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  readonly code: string | undefined;
  constructor(
    readonly migration: Pick<Migration, 'version' | 'name'>,
    message: string,
    options: { cause?: unknown; code?: string } = {},
  ) {
    super(`migration ${migration.version} (${migration.name}) ${message}`, { cause: options.cause });
    this.code = options.code;
  }
}
