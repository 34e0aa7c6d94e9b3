/**
 * The pass asked for is not in the store: never recorded, or reaped by retention. Terminal: asking again will not
 * help; pick a pass from `listPasses`.
 */
export class RollbackPassNotFoundError extends Error {
  override readonly name = 'RollbackPassNotFoundError';
  constructor(
    readonly passId: number,
    /** `reaped`: older than every pass the store still keeps; `never-recorded`: no pass ever had this id. */
    readonly reason: 'reaped' | 'never-recorded',
    message: string,
  ) {
    super(message);
  }
}

/** Why a battery cannot be rolled back as planned. */
export interface RollbackProblem {
  battery: string;
  /** `breaks-dependent`: uninstalling it would leave a battery that stays without a dependency (cascade resolves it). */
  kind: 'breaks-dependent' | 'being-deleted';
  message: string;
}

/** The rollback plan has problems (listed in `errors`, one per problem); nothing was written. */
export class RollbackRefusedError extends AggregateError {
  override readonly name = 'RollbackRefusedError';
  constructor(
    readonly passId: number,
    readonly problems: readonly RollbackProblem[],
  ) {
    super(
      problems.map((problem) => new Error(problem.message)),
      `rollback to pass ${passId} refused: ${problems.map((problem) => problem.message).join('; ')}`,
    );
  }
}

/** One Battery write the API server refused, naming the battery and, when the server says, the field. */
export class BatteryWriteError extends Error {
  override readonly name = 'BatteryWriteError';
  constructor(
    readonly battery: string,
    /** The offending field, e.g. `spec.storageSize`, when the API server named one. */
    readonly field: string | undefined,
    /** The API server's message about it. */
    readonly apiMessage: string,
    options?: { cause?: unknown },
  ) {
    super(`${battery}: ${field ? `${field}: ` : ''}${apiMessage}`, options);
  }
}

/**
 * The server-side dry-run refused at least one Battery write (a recorded spec no longer validates against today's
 * schema, a kind the server no longer serves, …); `errors` holds one BatteryWriteError per refusal. Nothing was
 * written.
 */
export class RollbackRejectedError extends AggregateError {
  override readonly name = 'RollbackRejectedError';
  constructor(
    readonly passId: number,
    override readonly errors: BatteryWriteError[],
  ) {
    super(
      errors,
      `rollback to pass ${passId} rejected by the API server's dry-run, nothing written: ${errors
        .map((error) => error.message)
        .join('; ')}`,
    );
  }
}

/**
 * A write failed after every dry-run passed (the object moved in between, the server went away): the batteries in
 * `written` were restored, the rest not. Running the same rollback again finishes it.
 */
export class RollbackIncompleteError extends AggregateError {
  override readonly name = 'RollbackIncompleteError';
  constructor(
    readonly passId: number,
    readonly written: readonly string[],
    readonly notWritten: readonly string[],
    errors: BatteryWriteError[],
  ) {
    super(
      errors,
      `rollback to pass ${passId} incomplete: ${errors.map((error) => error.message).join('; ')}; ` +
        `written: ${written.join(', ') || 'none'}; not written: ${notWritten.join(', ')}. Run it again to finish.`,
    );
  }
}
