// A child process of apply.bench.ts and scale.bench.ts standing in for the operator at 1,000 (or more) objects: the kube client and a cluster
// cache (the Battery kinds plus the managed kinds of the benchmark's "ours" copy) as startOperator wires them,
// one no-op plan and apply, then the embedded PGlite store on top. Memory is sampled (after a full GC) at each
// step; it prints one JSON line and exits. Run with --expose-gc.
// Package imports only, so that the same file runs under tsx (the `source` condition: TypeScript sources) and,
// transpiled into bench/build/, against the compiled workspaces (operator/dist, batteries/dist), as in the image.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANAGED_SELECTOR, objectKey } from '@batteries-included/batteries';
import {
  applyChangeSet,
  createClusterCache,
  createClusterPort,
  createDiscovery,
  createKubeClient,
  createPgliteProcessSql,
  createPgliteSql,
  createStore,
  loadKubeConfig,
  planChanges,
} from '@batteries-included/operator';
import { COPY_LABEL, inventoryOf, syntheticObjects } from './objects.js';

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;
const sample = () => {
  gc?.();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return {
    rssMB: rss / MB,
    heapUsedMB: heapUsed / MB,
    externalMB: external / MB,
    arrayBuffersMB: arrayBuffers / MB,
  };
};

/**
 * This process's peak RSS, from VmHWM (Linux). Not `resourceUsage().maxRSS`: across fork and exec that keeps the
 * parent's high-water mark.
 */
function peakRssMB(): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Another process's resident memory, from /proc (Linux). */
function processRssMB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const kubeconfig = process.env.KUBECONFIG;
const copy = process.env.BENCH_COPY ?? 'ours';
const namespaces = Number(process.env.BENCH_NAMESPACES ?? 10);
const replicas = Number(process.env.BENCH_REPLICAS ?? 1);
const isInlinePgliteMeasured = process.env.BENCH_INLINE_PGLITE !== '0';
if (!kubeconfig) throw new Error('KUBECONFIG is required');
const deadline = setTimeout(() => {
  console.error('rss-probe: not done within 240 s');
  process.exit(2);
}, 240_000);

const config = loadKubeConfig(kubeconfig);
const discovery = createDiscovery(config);
const client = createKubeClient(config, { discovery });
const desired = syntheticObjects(copy, namespaces, { replicas });
const start = sample();

const cache = createClusterCache(config, {
  discovery,
  managedSelector: `${MANAGED_SELECTOR},${COPY_LABEL}=${copy}`,
});
await cache.start();
await cache.watchKinds(new Map(desired.map((o) => [`${o.apiVersion}/${o.kind}`, o])).values());
if (!(await cache.waitForSync())) throw new Error('the cache stopped before it synced');
const live = cache.snapshot();
const cached = desired.filter((o) => live.has(objectKey(o))).length;
const synced = sample();

const changeSet = planChanges(desired, live, inventoryOf(desired));
const results = await applyChangeSet(changeSet, createClusterPort(config, client, discovery));
const afterPass = sample();
const peakBeforeStoreMB = peakRssMB();

// The embedded store the operator opens when DATABASE_URL is unset: PGlite in a process of its own (the
// default), measured as two figures — this process, and the database process beside it.
const dataDir = mkdtempSync(join(tmpdir(), 'bi-rss-probe-'));
const embedded = await createPgliteProcessSql({ dataDir });
const store = await createStore(embedded);
// A first-install-sized record: every one of the 1,000 objects stored as created.
await store.recordPass({
  startedAt: new Date(),
  finishedAt: new Date(),
  trigger: 'rss-probe',
  status: 'succeeded',
  inputsHash: 'rss-probe',
  snapshot: { batteries: {}, live: Object.fromEntries(live), secretMaterial: {} },
  objects: changeSet.changes.map((change) => ({
    ref: change.key,
    action: 'create' as const,
    hash: change.hash,
    object: change.desired,
    durationMs: 1,
  })),
});
const withStoreProcess = sample();
const databaseProcess = processRssMB(embedded.serverPid());
await store.close();
rmSync(dataDir, { recursive: true, force: true });

// For comparison: PGlite inside this process (BI_EMBEDDED_STORE=inline), in memory.
const inline = isInlinePgliteMeasured ? await createStore(await createPgliteSql()) : undefined;
const withPglite = inline ? sample() : undefined;

clearTimeout(deadline);
console.log(
  JSON.stringify({
    cachedObjects: cached,
    liveObjects: live.size,
    unchanged: results.filter((r) => r.outcome === 'unchanged').length,
    start,
    synced,
    afterPass,
    peakBeforeStoreMB,
    withStoreProcess,
    databaseProcessMB: databaseProcess,
    withPglite,
    peakMB: peakRssMB(),
  }),
);
await cache.stop();
await inline?.close();
