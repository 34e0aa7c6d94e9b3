// The API client: bearer token from the session, JSON in and out, problem+json turned into ApiProblem.
import type { FieldError } from '@batteries-included/operator/api-types';
import { readToken, clearToken } from './token.js';

/** An error answer from the API (problem+json). `slug` is the stable last part of `type`. */
export class ApiProblem extends Error {
  readonly slug: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];
  readonly body: Record<string, unknown>;

  constructor(body: Record<string, unknown>, status: number) {
    const detail = String(body.detail ?? body.title ?? `HTTP ${status}`);
    super(detail);
    this.name = 'ApiProblem';
    this.status = Number(body.status ?? status);
    this.slug =
      String(body.type ?? '')
        .split('/')
        .pop() ?? '';
    this.title = String(body.title ?? 'Error');
    this.detail = detail;
    this.errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : [];
    this.body = body;
  }
}

/** Listeners told when the server refuses the token, so the app can show the sign-in screen. */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/**
 * Calls the API: `path` is under `/api/v1`. Resolves with the parsed JSON, rejects with ApiProblem.
 * @example await api<Catalog>('/catalog')
 */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = readToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    if (response.status === 401) {
      clearToken();
      for (const listener of unauthorizedListeners) listener();
    }
    throw new ApiProblem((body ?? {}) as Record<string, unknown>, response.status);
  }
  return body as T;
}
