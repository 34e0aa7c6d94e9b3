/** One schema change. Statements run in order inside one transaction with the version's record. */
export interface Migration {
  /** Applied in ascending order; never renumbered once released. */
  readonly version: number;
  /** Kebab-case summary, recorded beside the version. */
  readonly name: string;
  /** One SQL statement per entry (both drivers run extended-protocol queries, one statement each). */
  readonly statements: readonly string[];
}
