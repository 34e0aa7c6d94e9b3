/** A battery's spec failed its schema: terminal until the spec changes. */
export class InvalidSpecError extends Error {
  override readonly name = 'InvalidSpecError';
  constructor(
    readonly battery: string,
    /** One line per problem: `path: message`. */
    readonly issues: readonly string[],
  ) {
    super(`${battery}: invalid spec: ${issues.join('; ')}`);
  }
}

/** Generate needed secret material that Prepare did not supply. */
export class MissingSecretMaterialError extends Error {
  override readonly name = 'MissingSecretMaterialError';
  constructor(
    readonly battery: string,
    readonly material: string,
  ) {
    super(`${battery}: secret material "${material}" was not minted before generation`);
  }
}
