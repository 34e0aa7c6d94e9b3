import { randomBytes } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { toKubeApiError } from '../kube/errors.js';
import { requestJson } from '../kube/json-request.js';

/** The Secret holding the API's bearer token (key `token`) in the operator's namespace. */
export const API_TOKEN_SECRET = 'api-token';
/** The ConfigMap telling `bi status` where the console and API are (key `url`). */
export const ACCESS_INFO_CONFIGMAP = 'access-info';
const MANAGER = 'batteries-included';
const LABELS = { 'app.kubernetes.io/managed-by': 'batteries-included', 'app.kubernetes.io/component': 'api' };

/** The Secret's key holding the read-only (viewer) token. */
export const VIEWER_TOKEN_KEY = 'viewer-token';

/** The API's two bearer tokens: `admin` may do everything, `viewer` only read (and preview). */
export interface ApiTokens {
  admin: string;
  viewer: string;
}

const newToken = () => randomBytes(32).toString('base64url');

/** The tokens a Secret `api-token` holds; empty strings for keys it lacks. */
export function apiTokensOf(secret: { data?: Record<string, string> } | undefined): ApiTokens {
  const decode = (key: string) => {
    const encoded = secret?.data?.[key];
    return encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
  };
  return { admin: decode('token'), viewer: decode(VIEWER_TOKEN_KEY) };
}

/**
 * The API tokens: read from the Secret `api-token` in `namespace` (key `token`: admin; key `viewer-token`:
 * read-only), which is created with 32 random bytes (base64url) per token when missing; a Secret without the viewer
 * key (made by an older operator) gets one added. When two replicas start at once, both end up with the one that
 * was created first. Rotate by editing the keys or deleting the Secret: the running API follows the Secret
 * (`startApiTokenSource`), no restart needed.
 * @example const { admin, viewer } = await ensureApiTokens(config, 'batteries-included-system')
 */
export async function ensureApiTokens(
  config: KubeConfig,
  namespace: string,
  createNamespace = true,
): Promise<ApiTokens> {
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`;
  const ref = `Secret/${namespace}/${API_TOKEN_SECRET}`;
  const read = async () => {
    try {
      return apiTokensOf(
        await requestJson<{ data?: Record<string, string> }>(config, { path: `${path}/${API_TOKEN_SECRET}` }),
      );
    } catch (error) {
      const apiError = toKubeApiError(ref, error);
      if (apiError.status === 404) return undefined;
      throw apiError;
    }
  };
  const existing = await read();
  if (existing?.admin && existing.viewer) return existing;
  if (existing) {
    // Made before viewer tokens, or a key was removed: add what is missing (a merge patch keeps the rest).
    const added = {
      ...(existing.admin ? {} : { token: newToken() }),
      ...(existing.viewer ? {} : { [VIEWER_TOKEN_KEY]: newToken() }),
    };
    try {
      await requestJson(config, {
        method: 'PATCH',
        path: `${path}/${API_TOKEN_SECRET}`,
        contentType: 'application/merge-patch+json',
        body: {
          data: Object.fromEntries(
            Object.entries(added).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
          ),
        },
        query: { fieldManager: MANAGER },
      });
    } catch (error) {
      throw toKubeApiError(ref, error);
    }
    return (
      (await read()) ?? {
        admin: existing.admin || added.token!,
        viewer: existing.viewer || added[VIEWER_TOKEN_KEY]!,
      }
    );
  }
  const tokens = { admin: newToken(), viewer: newToken() };
  try {
    await requestJson(config, {
      method: 'POST',
      path,
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: API_TOKEN_SECRET, namespace, labels: LABELS },
        type: 'Opaque',
        data: {
          token: Buffer.from(tokens.admin).toString('base64'),
          [VIEWER_TOKEN_KEY]: Buffer.from(tokens.viewer).toString('base64'),
        },
      },
      query: { fieldManager: MANAGER },
    });
    return tokens;
  } catch (error) {
    const apiError = toKubeApiError(ref, error);
    // A fresh cluster without the operator's namespace (a local run): make it, then try again.
    if (apiError.status === 404 && createNamespace) {
      await ensureNamespace(config, namespace);
      return ensureApiTokens(config, namespace, false);
    }
    if (apiError.status !== 409) throw apiError;
    // Another replica created it first: use theirs.
    return ensureApiTokens(config, namespace, false);
  }
}

/**
 * The admin API token (see `ensureApiTokens`, which also makes the viewer token).
 * @example const token = await ensureApiToken(config, 'batteries-included-system')
 */
export async function ensureApiToken(config: KubeConfig, namespace: string): Promise<string> {
  return (await ensureApiTokens(config, namespace)).admin;
}

/**
 * Writes the ConfigMap `access-info` (key `url`) in `namespace` by server-side apply, so `bi status` can say where
 * the console and API are.
 */
export async function writeAccessInfo(config: KubeConfig, namespace: string, url: string): Promise<void> {
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps/${ACCESS_INFO_CONFIGMAP}`;
  try {
    await requestJson(config, {
      method: 'PATCH',
      path,
      query: { fieldManager: MANAGER, force: true },
      contentType: 'application/apply-patch+yaml',
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: ACCESS_INFO_CONFIGMAP, namespace, labels: LABELS },
        data: { url },
      },
    });
  } catch (error) {
    throw toKubeApiError(`ConfigMap/${namespace}/${ACCESS_INFO_CONFIGMAP}`, error);
  }
}

async function ensureNamespace(config: KubeConfig, namespace: string): Promise<void> {
  try {
    await requestJson(config, {
      method: 'POST',
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
      query: { fieldManager: MANAGER },
    });
  } catch (error) {
    const apiError = toKubeApiError(`Namespace/${namespace}`, error);
    if (apiError.status !== 409) throw apiError;
  }
}
