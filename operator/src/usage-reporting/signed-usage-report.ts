import { createPrivateKey, randomUUID, sign, type JsonWebKey } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { API_GROUP, type UsageReport } from '@batteries-included/batteries';
import { requestJson } from '../kube/json-request.js';

interface List {
  items?: Array<{
    metadata?: { name?: string; deletionTimestamp?: string };
    spec?: { nodeName?: string };
    status?: { phase?: string };
  }>;
  metadata?: { continue?: string };
}

/** Every item of a collection, 500 at a time. */
async function listAll(config: KubeConfig, path: string): Promise<NonNullable<List['items']>> {
  const items: NonNullable<List['items']> = [];
  let next: string | undefined;
  do {
    const page = await requestJson<List>(config, { path, query: { limit: 500, continue: next } });
    items.push(...(page.items ?? []));
    next = page.metadata?.continue || undefined;
  } while (next);
  return items;
}

/**
 * Reads the cluster for a usage report: nodes, unfinished pods by node, and the Battery objects of every
 * battery CRD the API group serves (one list per kind; Batteries being deleted are left out).
 */
export async function collectUsage(config: KubeConfig, version: string): Promise<UsageReport> {
  const [nodes, pods, batteries] = await Promise.all([
    listAll(config, '/api/v1/nodes'),
    listAll(config, '/api/v1/pods'),
    listBatteryTypes(config),
  ]);
  const running = pods.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const podsByNode: Record<string, number> = {};
  for (const pod of running) {
    const node = pod.spec?.nodeName;
    if (node) podsByNode[node] = (podsByNode[node] ?? 0) + 1;
  }
  return { version, batteries, nodes: nodes.length, pods: running.length, podsByNode };
}

async function listBatteryTypes(config: KubeConfig): Promise<string[]> {
  const base = `/apis/${API_GROUP}/v1alpha1`;
  let resources: Array<{ name: string }>;
  try {
    resources =
      (await requestJson<{ resources?: Array<{ name: string }> }>(config, { path: base })).resources ?? [];
  } catch (error) {
    // No battery CRDs installed yet: nothing to report.
    if ((error as { code?: number }).code === 404) return [];
    throw error;
  }
  const lists = await Promise.all(
    resources.filter((r) => !r.name.includes('/')).map((r) => listAll(config, `${base}/${r.name}`)),
  );
  return lists
    .flat()
    .filter((b) => !b.metadata?.deletionTimestamp)
    .map((b) => b.metadata?.name ?? '')
    .filter(Boolean)
    .sort();
}

/** How long a report token is valid, in seconds (Home Base refuses longer-lived ones). */
export const REPORT_TOKEN_LIFETIME_SECONDS = 300;

/**
 * Signs a report as a compact JWS (ES256 with the installation's private JWK; protected header `{alg:'ES256'}`),
 * claims `{iss, sub: installationId, jti: random, iat, exp: iat + 300, report}`.
 */
export function signUsageReport(
  installationKey: Record<string, unknown>,
  installationId: string,
  report: UsageReport,
  now: Date = new Date(),
): string {
  const key = createPrivateKey({ key: installationKey as JsonWebKey, format: 'jwk' });
  const iat = Math.floor(now.getTime() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode({ alg: 'ES256' })}.${encode({
    iss: installationId,
    sub: installationId,
    jti: randomUUID(),
    iat,
    exp: iat + REPORT_TOKEN_LIFETIME_SECONDS,
    report,
  })}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}
