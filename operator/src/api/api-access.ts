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

/**
 * The API token: read from the Secret `api-token` (key `token`) in `namespace`, which is created with 32 random
 * bytes (base64url) when missing. When two replicas start at once, both end up with the one that was created
 * first. Deleting the Secret and restarting rotates the token.
 * @example const token = await ensureApiToken(config, 'batteries-included-system')
 */
export async function ensureApiToken(
  config: KubeConfig,
  namespace: string,
  createNamespace = true,
): Promise<string> {
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`;
  const ref = `Secret/${namespace}/${API_TOKEN_SECRET}`;
  const read = async () => {
    try {
      const secret = await requestJson<{ data?: Record<string, string> }>(config, {
        path: `${path}/${API_TOKEN_SECRET}`,
      });
      const encoded = secret.data?.token;
      return encoded ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
    } catch (error) {
      const apiError = toKubeApiError(ref, error);
      if (apiError.status === 404) return undefined;
      throw apiError;
    }
  };
  const existing = await read();
  if (existing) return existing;
  const token = randomBytes(32).toString('base64url');
  try {
    await requestJson(config, {
      method: 'POST',
      path,
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: API_TOKEN_SECRET, namespace, labels: LABELS },
        type: 'Opaque',
        data: { token: Buffer.from(token).toString('base64') },
      },
      query: { fieldManager: MANAGER },
    });
    return token;
  } catch (error) {
    const apiError = toKubeApiError(ref, error);
    // A fresh cluster without the operator's namespace (a local run): make it, then try again.
    if (apiError.status === 404 && createNamespace) {
      await ensureNamespace(config, namespace);
      return ensureApiToken(config, namespace, false);
    }
    if (apiError.status !== 409) throw apiError;
    // Another replica created it first: use theirs.
    const theirs = await read();
    if (!theirs) throw apiError;
    return theirs;
  }
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
