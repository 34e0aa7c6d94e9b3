// Prints the canonical JSON of generate() over the whole catalog (every battery installed, and one instance of
// every kind) on stdout. Used by determinism.test.ts, which runs it in separate processes with different TZ, env and
// clock. It generates twice — the second time with the instance renders memoized — and fails if the bytes differ.
import { CATALOG, INSTANCE_KINDS } from '../catalog/index.js';
import { generate } from '../generate.js';
import { canonicalJson } from '../hash/canonical-json.js';
import type { SnapshotInstance } from '../model/instance.js';
import { testInstanceSnapshot } from './snapshot.js';

const specs: Record<string, unknown> = {
  PostgresCluster: {
    users: [{ username: 'app', credentialNamespaces: ['b'] }],
    database: { name: 'app', owner: 'app' },
  },
  CredentialGrant: { fromNamespaces: ['a'] },
  RedisInstance: { mode: 'sentinel', instances: 2 },
  FerretService: { postgresCluster: 'db' },
  TraditionalService: {
    containers: [{ name: 'web', image: 'nginx:1.27' }],
    ports: [{ name: 'http', number: 8080 }],
    env: [{ name: 'DATABASE_URL', fromPostgres: { cluster: 'db', user: 'app', key: 'uri' } }],
  },
  KnativeService: { containers: [{ name: 'hello', image: 'ghcr.io/knative/helloworld-go:latest' }] },
};
const instances: SnapshotInstance[] = INSTANCE_KINDS.map((definition) => ({
  kind: definition.kind,
  namespace: definition.kind === 'CredentialGrant' ? 'b' : 'a',
  name: definition.kind === 'PostgresCluster' ? 'db' : definition.kind === 'KnativeService' ? 'hello' : 'x',
  spec: specs[definition.kind] ?? {},
}));
const snapshot = testInstanceSnapshot(Object.fromEntries(CATALOG.map((b) => [b.type, {}])), instances);
const cold = canonicalJson(generate(snapshot));
const warm = canonicalJson(generate(structuredClone(snapshot)));
if (warm !== cold) throw new Error('a second generate() with memoized renders gave different bytes');
process.stdout.write(cold);
