// Moved from testenv's control-plane test, which may import nothing of ours: the real control plane takes the largest
// upstream CRD, obtained as the operator obtains it (see obtainUpstreamBundles), which client-side apply could not
// (its last-applied annotation is limited to 256 KiB).
import { Buffer } from 'node:buffer';
import type { KubeObject } from '@batteries-included/batteries';
import { kubectl, waitForEstablished } from '@batteries-included/testenv';
import { obtainUpstreamBundles } from './testing/upstream-bundles.js';

async function upstreamCrd(name: string): Promise<KubeObject> {
  const { source, bundles } = await obtainUpstreamBundles();
  const crd = [...bundles.values()]
    .flatMap((bundle) => bundle.objects)
    .find((object) => object.kind === 'CustomResourceDefinition' && object.metadata.name === name);
  if (!crd) throw new Error(`no bundle from ${source} contains the CRD ${name}`);
  return crd;
}

describe('the testenv control plane with upstream CRDs', () => {
  it('server-side applies the 650 KB CloudNativePG poolers CRD and validates Poolers with its schema', async () => {
    const poolersCrd = JSON.stringify(await upstreamCrd('poolers.postgresql.cnpg.io'));
    expect(Buffer.byteLength(poolersCrd)).toBeGreaterThan(256 * 1024);
    await kubectl(['apply', '--server-side', '-f', '-'], poolersCrd);
    await waitForEstablished('poolers.postgresql.cnpg.io');
    await kubectl(['create', 'namespace', 'proof-pooler']);
    const pooler = (spec: object) =>
      JSON.stringify({
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Pooler',
        metadata: { name: 'p', namespace: 'proof-pooler' },
        spec,
      });

    await kubectl(
      ['apply', '--server-side', '-f', '-'],
      pooler({ cluster: { name: 'pg' }, instances: 2, pgbouncer: { poolMode: 'transaction' } }),
    );
    const created = JSON.parse(await kubectl(['-n', 'proof-pooler', 'get', 'pooler', 'p', '-o', 'json']));
    expect(created.spec.type).toBe('rw'); // the schema's default was applied by the API server

    const invalid = pooler({ cluster: { name: 'pg' }, pgbouncer: { poolMode: 'statement' } });
    await expect(
      kubectl(['apply', '--server-side', '-f', '-'], invalid.replace('"name":"p"', '"name":"bad"')),
    ).rejects.toThrow(
      /spec\.pgbouncer\.poolMode: Unsupported value: "statement": supported values: "session", "transaction"/,
    );
    await expect(
      kubectl(
        ['apply', '--server-side', '-f', '-'],
        pooler({ instances: 1 }).replace('"name":"p"', '"name":"bad2"'),
      ),
    ).rejects.toThrow(/spec\.cluster: Required value/);
  }, 120_000);
});
