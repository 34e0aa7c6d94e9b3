import { UnknownBatteryError, DependencyCycleError } from '@batteries-included/batteries';
import { KubeApiError } from '@batteries-included/operator';
import { z } from 'zod';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';

/** A failure `bi` understands: a message for the user and the exit code it maps to. */
export class CliFailure extends Error {
  override readonly name: string = 'CliFailure';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bad input: the message names the field, the value and what would be accepted. */
export class InvalidInputError extends CliFailure {
  override readonly name = 'InvalidInputError';
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(
      issues.length > 0 ? `${message}\n${issues.map((i) => `  - ${i}`).join('\n')}` : message,
      EXIT_CODES.usage,
      options,
    );
  }
}

export class ClusterUnreachableError extends CliFailure {
  override readonly name = 'ClusterUnreachableError';
  constructor(what: string, reason: string, options?: { cause?: unknown }) {
    super(`cannot reach ${what}: ${reason}`, EXIT_CODES.unreachable, options);
  }
}

export class MissingToolError extends CliFailure {
  override readonly name = 'MissingToolError';
  constructor(
    readonly tool: string,
    hint: string,
  ) {
    super(`\`${tool}\` was not found on PATH; ${hint}`, EXIT_CODES.missingTool);
  }
}

/** An external program ran and failed. */
export class ToolFailedError extends CliFailure {
  override readonly name = 'ToolFailedError';
  constructor(command: string, code: number | null, stderr: string) {
    super(
      `\`${command}\` failed (exit ${code ?? 'signal'}): ${stderr.trim() || 'no output'}`,
      EXIT_CODES.failed,
    );
  }
}

export class WaitTimeoutError extends CliFailure {
  override readonly name = 'WaitTimeoutError';
  constructor(message: string) {
    super(message, EXIT_CODES.timeout);
  }
}

/** Ctrl-C: the message says what was done and that re-running converges. */
export class InterruptedError extends CliFailure {
  override readonly name = 'InterruptedError';
  constructor(message = 'interrupted') {
    super(message, EXIT_CODES.interrupted);
  }
}

/**
 * The exit code of an HTTP error status from the API server or the operator API: credentials refused → unreachable
 * (3), other client errors (invalid, not found, conflict) → bad input (2), server errors → failed (1).
 */
export function exitCodeForHttpStatus(status: number): ExitCode {
  if (status === 0 || status === 401 || status === 403) return EXIT_CODES.unreachable;
  if (status >= 400 && status < 500) return EXIT_CODES.usage;
  return EXIT_CODES.failed;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
]);

function causeCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string') return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

/**
 * The one place errors become a message and an exit code. Known failures keep their message; API server
 * errors say which object and why; anything else is a general failure with its message.
 */
export function toCliFailure(error: unknown): CliFailure {
  if (error instanceof CliFailure) return error;
  if (error instanceof UnknownBatteryError || error instanceof DependencyCycleError) {
    return new InvalidInputError(error.message, [], { cause: error });
  }
  if (error instanceof z.ZodError) {
    return new InvalidInputError(
      'invalid input',
      error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
      { cause: error },
    );
  }
  if (error instanceof KubeApiError) {
    if (error.status === 0)
      return new ClusterUnreachableError('the cluster', error.apiMessage, { cause: error });
    if (error.status === 401 || error.status === 403) {
      return new CliFailure(`${error.message} (check --kubeconfig and --context)`, EXIT_CODES.unreachable, {
        cause: error,
      });
    }
    if (error.status === 422 || error.status === 400)
      return new InvalidInputError(error.message, [], { cause: error });
    return new CliFailure(error.message, EXIT_CODES.failed, { cause: error });
  }
  const code = causeCode(error);
  if (code && UNREACHABLE_CODES.has(code)) {
    return new ClusterUnreachableError('the cluster', (error as Error).message, { cause: error });
  }
  if (error instanceof AggregateError) {
    const parts = error.errors.map((e) => toCliFailure(e));
    const exit = parts.find((p) => p.exitCode !== EXIT_CODES.failed)?.exitCode ?? EXIT_CODES.failed;
    return new CliFailure(`${error.message}\n${parts.map((p) => `  - ${p.message}`).join('\n')}`, exit, {
      cause: error,
    });
  }
  return new CliFailure(error instanceof Error ? error.message : String(error), EXIT_CODES.failed, {
    cause: error,
  });
}
