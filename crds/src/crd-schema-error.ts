/**
 * A battery's schema cannot become its CRD: it is not structural, a field lacks a description, or an
 * `immutableFields` path names no field. Terminal: the battery's schema.ts or battery.ts must change.
 */
export class CrdSchemaError extends Error {
  override readonly name = 'CrdSchemaError';
  constructor(
    /** The battery type. */
    readonly battery: string,
    /** One line per problem: `<path>: <what is wrong>`. */
    readonly problems: readonly string[],
    options?: ErrorOptions,
  ) {
    super(
      `battery "${battery}": its schema cannot be a CRD schema:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      options,
    );
  }
}
