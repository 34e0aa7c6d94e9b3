import { UnknownBatteryError } from '@batteries-included/batteries';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { KubeApiError } from '../kube/errors.js';
import {
  RollbackIncompleteError,
  RollbackPassNotFoundError,
  RollbackRefusedError,
  RollbackRejectedError,
} from '../rollback/errors.js';

/** Where problem `type` URIs live; the slug after it is stable (clients match on it). */
export const PROBLEM_BASE = 'https://batteriesincl.com/problems/';

/** One field's problem: the field path as written in the request (`spec.storageSize`), what is wrong, the value. */
export interface FieldError {
  field: string;
  message: string;
  value?: unknown;
}

/** RFC 9457 problem details, with `errors` for field problems and any extension members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** The problem slugs the API answers with; see docs/api.md. */
export type ProblemSlug =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'unknown-battery'
  | 'not-installed'
  | 'not-found'
  | 'payload-too-large'
  | 'stale-resource-version'
  | 'dependents-installed'
  | 'not-uninstallable'
  | 'being-deleted'
  | 'rollback-refused'
  | 'invalid-spec'
  | 'rollback-rejected'
  | 'rollback-incomplete'
  | 'cluster-error'
  | 'not-ready'
  | 'insufficient-capacity'
  | 'already-exists'
  | 'too-many-streams'
  | 'metrics-unavailable'
  | 'metrics-unreachable'
  | 'metrics-query-failed'
  | 'keycloak-unavailable'
  | 'user-exists'
  | 'internal';

const TITLES: Record<ProblemSlug, string> = {
  'bad-request': 'Bad request',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden: the role does not allow it',
  'unknown-battery': 'Unknown battery',
  'not-installed': 'Battery not installed',
  'not-found': 'Not found',
  'payload-too-large': 'Request body too large',
  'stale-resource-version': 'Stale resource version',
  'dependents-installed': 'Other batteries depend on it',
  'not-uninstallable': 'Battery cannot be uninstalled',
  'being-deleted': 'Battery is being deleted',
  'rollback-refused': 'Rollback refused',
  'invalid-spec': 'Invalid battery spec',
  'insufficient-capacity': 'More than the nodes can allocate',
  'rollback-rejected': 'Rollback rejected by the API server',
  'rollback-incomplete': 'Rollback incomplete',
  'cluster-error': 'The Kubernetes API server refused or could not be reached',
  'not-ready': 'The operator is starting',
  'already-exists': 'An object by that name already exists',
  'too-many-streams': 'Too many open streams',
  'metrics-unavailable': 'VictoriaMetrics is not installed',
  'metrics-unreachable': 'VictoriaMetrics could not be reached',
  'metrics-query-failed': 'VictoriaMetrics refused the query',
  'keycloak-unavailable': 'Keycloak cannot be reached or used',
  'user-exists': 'The user already exists',
  internal: 'Internal error',
};

/**
 * An error that already knows its problem: routes throw it; `problemOf` passes it through.
 * @example throw new ApiProblem(404, 'not-installed', 'redis is not installed')
 */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  constructor(
    readonly status: number,
    readonly slug: ProblemSlug,
    readonly detail: string,
    readonly extensions: { errors?: FieldError[]; [key: string]: unknown } = {},
    options?: { cause?: unknown },
  ) {
    super(detail, options);
  }
}

/** 404 for a type that is not in the catalog, naming it and the known types. */
export function unknownBattery(error: UnknownBatteryError): ApiProblem {
  return new ApiProblem(404, 'unknown-battery', error.message, { battery: error.type });
}

/**
 * The one mapper from anything a route throws to problem details. Known errors get their status and slug;
 * anything else is a 500 whose detail says only that (the message goes to the log, not the client).
 */
export function problemOf(error: unknown): Problem {
  if (error instanceof ApiProblem) return problem(error.status, error.slug, error.detail, error.extensions);
  if (error instanceof UnknownBatteryError) return problemOf(unknownBattery(error));
  if (error instanceof RollbackPassNotFoundError) {
    return problem(404, 'not-found', error.message, { passId: error.passId, reason: error.reason });
  }
  if (error instanceof RollbackRefusedError) {
    return problem(409, 'rollback-refused', error.message, {
      errors: error.problems.map((p) => ({ field: p.battery, message: p.message, value: p.kind })),
    });
  }
  if (error instanceof RollbackRejectedError) {
    return problem(422, 'rollback-rejected', error.message, {
      errors: error.errors.map((e) => ({
        field: e.field ? `${e.battery}: ${e.field}` : e.battery,
        message: e.apiMessage,
      })),
    });
  }
  if (error instanceof RollbackIncompleteError) {
    return problem(500, 'rollback-incomplete', error.message, {
      written: error.written,
      notWritten: error.notWritten,
    });
  }
  if (error instanceof KubeApiError) {
    if (error.status === 409 && error.reason === 'Conflict') {
      return problem(409, 'stale-resource-version', error.message);
    }
    return problem(502, 'cluster-error', error.message, { apiStatus: error.status, reason: error.reason });
  }
  if (error instanceof HTTPException) {
    // Hono's own refusals (a body that is not JSON, …) are the client's fault below 500.
    return error.status < 500
      ? problem(
          error.status,
          error.status === 404 ? 'not-found' : 'bad-request',
          error.message || 'bad request',
        )
      : problem(500, 'internal', 'internal error');
  }
  return problem(500, 'internal', 'internal error; the operator log has the details');
}

/** Sends `problemOf(error)` as `application/problem+json`. Hono's `onError` and `notFound` use it. */
export function sendProblem(c: Context, error: unknown): Response {
  const body = problemOf(error);
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json',
  });
}

function problem(
  status: number,
  slug: ProblemSlug,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem {
  return { type: PROBLEM_BASE + slug, title: TITLES[slug], status, detail, ...extensions };
}
