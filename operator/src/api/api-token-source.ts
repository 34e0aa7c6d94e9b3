import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { createInformer, type Informer } from '../kube/informer.js';
import { API_TOKEN_SECRET, apiTokensOf, ensureApiTokens, type ApiTokens } from './api-access.js';

/** The API's tokens as they are now; `stop()` ends the watch. */
export interface ApiTokenSource {
  /** The current tokens (empty strings refuse everything, e.g. for the moment the Secret is deleted). */
  current(): ApiTokens;
  stop(): Promise<void>;
}

export interface ApiTokenSourceOptions {
  logger?: Logger;
}

/**
 * Watches the Secret `api-token` in `namespace` so that a rotated token takes effect without a restart: an edited
 * key is used from the next request on; a deleted Secret refuses every token until it is made again with fresh
 * random tokens (as on first start); a Secret that lost its viewer key gets a new one. Resolves once the Secret
 * exists and the watch has synced.
 * @example const tokens = await startApiTokenSource(config, 'batteries-included-system'); tokens.current().admin
 */
export async function startApiTokenSource(
  config: KubeConfig,
  namespace: string,
  { logger }: ApiTokenSourceOptions = {},
): Promise<ApiTokenSource> {
  let tokens = await ensureApiTokens(config, namespace);
  let ensuring: Promise<unknown> | undefined;
  const ensure = () => {
    ensuring ??= ensureApiTokens(config, namespace)
      .catch((error: unknown) =>
        logger?.warn(
          { err: String(error) },
          'could not re-create the API token Secret; retrying on the next change',
        ),
      )
      .finally(() => (ensuring = undefined));
  };
  const informer: Informer = createInformer(config, {
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`,
    apiVersion: 'v1',
    kind: 'Secret',
    fieldSelector: `metadata.name=${API_TOKEN_SECRET}`,
    onError: (error) => logger?.warn({ err: error.message }, 'API token watch failed; retrying'),
  });
  informer.on((event) => {
    if (event.type === 'delete') {
      tokens = { admin: '', viewer: '' };
      logger?.info({ namespace }, 'API token Secret deleted: making new tokens');
      ensure();
      return;
    }
    const next = apiTokensOf(event.object as { data?: Record<string, string> });
    if (next.admin !== tokens.admin || next.viewer !== tokens.viewer) {
      logger?.info({ namespace }, 'API tokens changed in Secret api-token: using the new ones');
    }
    tokens = next;
    if (!next.admin || !next.viewer) ensure();
  });
  informer.start();
  await informer.waitForSync();
  const synced = informer.get(`Secret/${namespace}/${API_TOKEN_SECRET}`);
  if (synced) tokens = apiTokensOf(synced as { data?: Record<string, string> });
  return {
    current: () => tokens,
    stop: async () => {
      await informer.stop();
      await ensuring;
    },
  };
}
