import { Flags } from '@oclif/core';
import type { Problem } from '@batteries-included/operator/api-types';
import type { Cluster } from '../kube/cluster.js';
import { OPERATOR_NAMESPACE } from '../start/operator-namespace.js';
import { CliFailure, ClusterUnreachableError, exitCodeForHttpStatus, InvalidInputError } from './errors.js';

/** Flags of commands that talk to the operator's API (history, rollback, status). */
export const apiFlags = {
  'api-url': Flags.string({
    description:
      'Base URL of the operator API (default: ConfigMap access-info in batteries-included-system).',
    env: 'BI_API_URL',
  }),
  token: Flags.string({
    description: 'API bearer token (default: Secret api-token in batteries-included-system).',
    env: 'BI_API_TOKEN',
  }),
};

/**
 * A problem+json answer from the operator API, as a CLI failure with the matching exit code. Partial: a proxy in
 * front of the operator may answer with anything (its text becomes `detail`).
 */
export class ApiProblemError extends CliFailure {
  override readonly name = 'ApiProblemError';
  constructor(
    readonly problem: Partial<Problem>,
    status: number,
  ) {
    const lines = [problem.detail ?? problem.title ?? `HTTP ${status}`];
    for (const e of problem.errors ?? [])
      lines.push(`  - ${e.field ? `${e.field}: ` : ''}${e.message ?? ''}`);
    super(lines.join('\n'), exitCodeForHttpStatus(status));
  }
}

type Query = Record<string, string | number | boolean | undefined>;

export interface ApiClient {
  readonly baseUrl: string;
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  /** A streamed answer (pod logs), without a timeout: the caller reads its body and ends it. */
  stream(path: string, query?: Query): Promise<Response>;
  /** Answers the parsed body (`void` for routes that answer none). */
  delete<T = void>(path: string, query?: Query): Promise<T>;
}

/**
 * The operator's HTTP API: the base URL from `--api-url` or ConfigMap `access-info` (key `url`), the token from
 * `--token` or Secret `api-token`, both in the operator's namespace. From the Secret, a command that only reads
 * (`readOnly`) takes the viewer token (key `viewer-token`, falling back to `token` for an operator made before
 * viewer tokens); others take the admin token (key `token`).
 */
export async function connectApi(
  cluster: Cluster | undefined,
  options: { apiUrl?: string; token?: string; readOnly?: boolean },
): Promise<ApiClient> {
  let baseUrl = options.apiUrl;
  let token = options.token;
  if ((!baseUrl || !token) && !cluster) {
    throw new InvalidInputError('pass --api-url and --token, or a kubeconfig to read them from the cluster');
  }
  if (!baseUrl) {
    const configMap = await cluster!.client.get({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'access-info', namespace: OPERATOR_NAMESPACE },
    });
    baseUrl = (configMap?.data as Record<string, string> | undefined)?.url;
    if (!baseUrl) {
      throw new ClusterUnreachableError(
        'the operator API',
        `ConfigMap ${OPERATOR_NAMESPACE}/access-info has no url (is the operator running?); pass --api-url`,
      );
    }
  }
  if (!token) {
    const secret = await cluster!.client.get({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'api-token', namespace: OPERATOR_NAMESPACE },
    });
    const data = secret?.data as Record<string, string> | undefined;
    const encoded = (options.readOnly ? data?.['viewer-token'] : undefined) ?? data?.token;
    if (!encoded) {
      throw new ClusterUnreachableError(
        'the operator API',
        `Secret ${OPERATOR_NAMESPACE}/api-token has no token; pass --token`,
      );
    }
    token = Buffer.from(encoded, 'base64').toString('utf8');
  }
  const base = baseUrl.replace(/\/$/, '');
  const send = async (method: string, path: string, query?: Query, body?: unknown, isStream = false) => {
    const url = new URL(base + path);
    for (const [key, value] of Object.entries(query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value));
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        ...(isStream ? {} : { signal: AbortSignal.timeout(60_000) }),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new ClusterUnreachableError(
        `the operator API at ${base}`,
        cause?.code ?? cause?.message ?? (error as Error).message,
        { cause: error },
      );
    }
    return response;
  };
  const request = async <T>(method: string, path: string, query?: Query, body?: unknown): Promise<T> => {
    const response = await send(method, path, query, body);
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = { detail: text.slice(0, 200) };
    }
    if (!response.ok) throw new ApiProblemError((parsed ?? {}) as Partial<Problem>, response.status);
    return parsed as T;
  };
  return {
    baseUrl: base,
    get: (path, query) => request('GET', path, query),
    post: (path, body) => request('POST', path, undefined, body),
    put: (path, body) => request('PUT', path, undefined, body),
    async stream(path, query) {
      const response = await send('GET', path, query, undefined, true);
      if (response.ok) return response;
      const text = await response.text();
      let problem: Partial<Problem>;
      try {
        problem = JSON.parse(text) as Partial<Problem>;
      } catch {
        problem = { detail: text.slice(0, 200) };
      }
      throw new ApiProblemError(problem, response.status);
    },
    delete: (path, query) => request('DELETE', path, query),
  };
}
