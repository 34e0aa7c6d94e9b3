/** The desired set holds two objects with the same canonical ref: generation is broken, nothing can be planned. */
export class DuplicateObjectError extends Error {
  override readonly name = 'DuplicateObjectError';
  constructor(
    /** The canonical ref string both objects share. */
    readonly key: string,
  ) {
    super(`${key}: generated more than once; every desired object must have a distinct ref`);
  }
}
