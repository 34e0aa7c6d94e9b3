import { TargetUnavailableError } from '../engine/apply/target-unavailable.js';
import { KubeApiError } from '../kube/errors.js';

/**
 * Keycloak's admin API refused a request about one object. A `KubeApiError`, so apply classifies and retries it
 * alike: 400 (an invalid representation) is terminal, 409 (a conflict), 429 and 5xx are transient.
 */
export class KeycloakApiError extends KubeApiError {}

export interface KeycloakAdminOptions {
  /** Keycloak's base URL, e.g. `http://keycloak.battery-core.svc:8080`. */
  url: string;
  /** An administrator of the master realm (the keycloak battery's `keycloak-admin` Secret). */
  username: string;
  password: string;
  /** Per request. Default 30 s: creating a realm takes seconds on a loaded Keycloak. */
  timeoutMs?: number;
}

/** The admin REST API, as a user of the master realm through `admin-cli` (password grant; token reused until near expiry). */
export interface KeycloakAdmin {
  readonly url: string;
  /** GET; undefined on 404. */
  get<T>(path: string, ref?: string): Promise<T | undefined>;
  /** POST, PUT or DELETE; resolves with the `Location` header's last segment on a 201 (the new id). */
  send(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    body: unknown,
    ref: string,
  ): Promise<string | undefined>;
}

/**
 * A client of Keycloak's admin API. Network failures, timeouts and refused administrator credentials throw
 * `TargetUnavailableError`; an HTTP error about an object throws `KeycloakApiError` naming `ref`. Responses and
 * errors never carry the password or the token.
 * @example const admin = createKeycloakAdmin({ url, username, password }); await admin.get('/admin/realms/batterycore');
 */
export function createKeycloakAdmin({
  url,
  username,
  password,
  timeoutMs = 30_000,
}: KeycloakAdminOptions): KeycloakAdmin {
  const base = url.replace(/\/+$/, '');
  let token: { value: string; expiresAt: number } | undefined;

  const call = async (method: string, path: string, init: RequestInit = {}): Promise<Response> => {
    try {
      return await fetch(`${base}${path}`, { ...init, method, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new TargetUnavailableError('keycloak', `${base} is unreachable (${cause})`, { cause: error });
    }
  };

  const accessToken = async (): Promise<string> => {
    if (token && token.expiresAt > Date.now() + 5_000) return token.value;
    const response = await call('POST', '/realms/master/protocol/openid-connect/token', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username, password }),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new TargetUnavailableError(
        'keycloak',
        response.status === 401 || response.status === 400
          ? `the administrator ${username} was refused at ${base} (HTTP ${response.status}); check the keycloak-admin Secret`
          : `${base} answered HTTP ${response.status} to the administrator's sign-in`,
      );
    }
    const body = (await response.json()) as { access_token: string; expires_in: number };
    token = { value: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
    return token.value;
  };

  const authorized = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const headers: Record<string, string> = { authorization: `Bearer ${await accessToken()}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await call(method, path, {
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status === 401) token = undefined; // expired early (a restart): sign in again next time
    if (response.status === 503 || response.status === 502)
      throw new TargetUnavailableError('keycloak', `${base} answered HTTP ${response.status} (starting?)`);
    return response;
  };

  const failure = async (ref: string, response: Response): Promise<KeycloakApiError> => {
    const text = await response.text().catch(() => '');
    let message = text.slice(0, 500);
    try {
      const parsed = JSON.parse(text) as {
        errorMessage?: string;
        error?: string;
        error_description?: string;
      };
      message = parsed.errorMessage ?? parsed.error_description ?? parsed.error ?? message;
    } catch {
      // not JSON: keep the text
    }
    return new KeycloakApiError(
      ref,
      response.status,
      reasonOf(response.status),
      message || response.statusText,
    );
  };

  return {
    url: base,
    async get<T>(path: string, ref = path): Promise<T | undefined> {
      const response = await authorized('GET', path);
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      if (!response.ok) throw await failure(ref, response);
      return (await response.json()) as T;
    },
    async send(method, path, body, ref) {
      const response = await authorized(method, path, body);
      if (!response.ok && !(method === 'DELETE' && response.status === 404))
        throw await failure(ref, response);
      await response.body?.cancel();
      return response.headers.get('location')?.split('/').pop();
    },
  };
}

function reasonOf(status: number): string {
  switch (status) {
    case 400:
      return 'Invalid';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 409:
      return 'Conflict';
    default:
      return status >= 500 ? 'ServerError' : `HTTP${status}`;
  }
}
