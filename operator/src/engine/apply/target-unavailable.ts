/**
 * A target outside Kubernetes (Keycloak) cannot be used at all: unreachable, not answering in time, refusing the
 * administrator's credentials, or not installed. Apply skips the objects routed to it (`waiting-for-target`) and the
 * pass is retried within seconds, while every other object proceeds.
 */
export class TargetUnavailableError extends Error {
  override readonly name = 'TargetUnavailableError';
  constructor(
    /** The target, e.g. `keycloak`. */
    readonly target: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${target}: ${message}`, options);
  }
}
