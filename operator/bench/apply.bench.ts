// npm run bench:apply — the operator's pass against `kubectl apply --server-side`, side by side on one fresh
// testenv cluster (DESIGN §8): first install and no-op pass of 1,000 managed objects, Battery edit latency,
// operator memory at 1,000 objects and store bytes per no-op pass. Prints a table, then one JSON line.
// Environment: NOOP_RUNS (ours, default 21), KUBECTL_RUNS (default 3), STORE_PASSES (default 200); BENCH_BASELINE=1
// measures our no-op pass without the store's memory and the drift memo (see synthetic-pass.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { BATTERY_LABEL, MANAGED_SELECTOR, type KubeObject } from '@batteries-included/batteries';
import { eventually, repoPath, startPlatform, type Platform } from '@batteries-included/operator/testing';
import { generate } from '@batteries-included/batteries';
import { waitForEstablished } from '@batteries-included/testenv';
import { applyChangeSet } from '../src/engine/apply/index.js';
import { createClusterPort } from '../src/kube/cluster-port.js';
import { createDriftMemo, planChanges, type ChangeSet } from '../src/engine/plan/index.js';
import {
  createClusterCache,
  createDiscovery,
  createInformer,
  createKubeClient,
  requestJson,
} from '../src/kube/index.js';
import { createPgliteSql, createStore, type Sql } from '../src/store/index.js';
import { countingPort, writesOf, type PortCalls } from './counting-port.js';
import { createHttpCounter, type HttpCounts } from './http-count.js';
import { compileProbe, rssProbe } from './memory-probe.js';
import { COPY_LABEL, kindCounts, syntheticObjects } from './objects.js';
import { growth, storeTableBytes } from './store-size.js';
import {
  cachedCount,
  expectOutcomes,
  inventoryFromPlan,
  isBaseline,
  kindsOf,
  passRecord,
  syntheticPass,
  unchangedResult,
  withoutMemory,
} from './synthetic-pass.js';
import { benchSeconds, log, median, printRows, round, run, sleep, within } from './timing.js';
import {
  benchInstanceObjects,
  INSTANCE_BATTERIES,
  INSTANCE_NAMESPACES,
  instanceSnapshots,
} from './instances.js';
import { catalogCustomResourceCrds } from '../src/bundles/testing/upstream-bundles.js';

const NOOP_RUNS = Number(process.env.NOOP_RUNS ?? 21);
const KUBECTL_RUNS = Number(process.env.KUBECTL_RUNS ?? 3);
const STORE_PASSES = Number(process.env.STORE_PASSES ?? 200);
const EDITS = 5;
const OPERATOR_PASSES = 100;
const DEBOUNCE_MS = 200;
const CONCURRENCY = 16;
const KUBECTL_MANAGER = 'bench-kubectl';
/** PostgresClusters and RedisInstances each, in the instances row (DESIGN §8). */
const INSTANCES = Number(process.env.INSTANCES ?? 100);

const http = createHttpCounter();

let platform: Platform | undefined;
const work = mkdtempSync(join(tmpdir(), 'bench-apply-'));
const cleanups: Array<() => Promise<unknown>> = [];
const stopAll = async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await platform?.stop().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
};
process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
// Nothing below may run unbounded: every wait has a timeout, and this is the last resort.
const overall = setTimeout(() => {
  console.error('bench:apply: over 8 minutes, giving up');
  void stopAll().finally(() => process.exit(1));
}, 8 * 60_000);
overall.unref();

try {
  const figures = await measure();
  printTable(figures);
  console.log(JSON.stringify(figures));
} finally {
  await stopAll();
  clearTimeout(overall);
}

async function measure() {
  log('starting the test platform: a testenv cluster (2 kwok nodes) and the Battery CRDs');
  const clusterStarted = performance.now();
  platform = await startPlatform({ nodes: 2, operator: false });
  const clusterStartMs = performance.now() - clusterStarted;
  const { kubeconfigPath, config } = platform;
  const kubectlCache = join(work, 'kubectl-cache');
  const kubectl = (args: readonly string[], timeoutMs?: number) =>
    run(
      platform!.cluster.binaries.kubectl,
      ['--kubeconfig', kubeconfigPath, '--cache-dir', kubectlCache, ...args],
      timeoutMs,
    );

  // ── 3. Battery edit latency and 5b. bytes per no-op pass, through the real operator ──────────────────────
  // First, while the cluster holds no synthetic objects: the operator prunes managed objects no battery wants.
  const edit = await editLatency(config, kubectl);
  // ── 6. Instances: 100 PostgresClusters and 100 RedisInstances, generated, planned, applied, then a no-op pass ──
  const instances = await measureInstances(config, kubectl);

  // ── 1. First install ──────────────────────────────────────────────────────────────────────────────────────
  // kubectl starts with warm discovery and OpenAPI caches (a dry-run apply of one object), as on a workstation.
  writeFileSync(
    join(work, 'warmup.yaml'),
    stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'warmup', namespace: 'default' } }),
  );
  await kubectl(['apply', '--server-side', '--dry-run=server', '-f', join(work, 'warmup.yaml')]);

  // Two rounds on fresh, disjoint copies each: ours first, then kubectl first, so neither always goes second.
  // The first round's copies ("ours", "kubectl") are the ones the no-op passes run against.
  const ours = syntheticObjects('ours');
  const theirsFile = kubectlFile('kubectl');
  const round1 = {
    ours: await installOurs(config, 'ours'),
    kubectl: await installKubectl(kubectl, 'kubectl'),
  };
  const round2kubectl = await installKubectl(kubectl, 'kubectl-2');
  const round2 = { kubectl: round2kubectl, ours: await installOurs(config, 'ours-2') };
  const installRounds = [round1, round2].map((r) => ({
    oursMs: round(r.ours.ms),
    kubectlMs: round(r.kubectl.ms),
    ratio: round(r.kubectl.ms / r.ours.ms, 2),
  }));
  const oursInstallMs = round1.ours.ms + round2.ours.ms;
  const kubectlInstallMs = round1.kubectl.ms + round2.kubectl.ms;
  const installPlan = round1.ours.plan;
  const installed = round1.ours.results;

  // ── 5a. The store: the first install recorded, then no-op passes ────────────────────────────────────────
  const sql = await createPgliteSql();
  const opened = await createStore(sql);
  cleanups.push(() => opened.close());
  const store = isBaseline ? withoutMemory(opened, sql) : opened;
  const recordStarted = performance.now();
  await store.recordPass(passRecord(installPlan, installed, {}));
  const installRecordMs = performance.now() - recordStarted;

  // ── 2. No-op pass ───────────────────────────────────────────────────────────────────────────────────────
  log('no-op pass: our cache, planChanges, applyChangeSet');
  const discovery = createDiscovery(config);
  const counted = countingPort(createClusterPort(config, createKubeClient(config, { discovery }), discovery));
  const cache = createClusterCache(config, {
    discovery,
    // The managed selector narrowed to this copy: the kubectl copy carries the same managed-by label.
    managedSelector: `${MANAGED_SELECTOR},${COPY_LABEL}=ours`,
  });
  cleanups.push(() => cache.stop());
  await cache.start();
  await cache.watchKinds(kindsOf(ours));
  if (!(await within('cache sync', cache.waitForSync(), 60_000))) throw new Error('the cache stopped');
  const cachedOurs = cachedCount(cache, ours);
  if (cachedOurs !== ours.length) throw new Error(`the cache holds ${cachedOurs} of ${ours.length} objects`);

  // Core: snapshot → plan → apply. Full: as runPass does it, with the inventory read from and the pass written to
  // the store (PGlite, in this process). Both plan with a drift memo, as the operator does; one pass first fills it
  // (and the store's memory), as the operator's first pass after start-up does.
  const driftMemo = isBaseline ? undefined : createDriftMemo();
  const pass = (full: boolean) =>
    syntheticPass({
      desired: ours,
      cache,
      port: counted.port,
      driftMemo,
      concurrency: CONCURRENCY,
      ...(full ? { store } : { inventory: inventoryFromPlan(installPlan) }),
    });
  await pass(true);
  const noop = { coreMs: [] as number[], fullMs: [] as number[] };
  const fullSteps: Array<Awaited<ReturnType<typeof pass>>['timings']> = [];
  const noopCalls: PortCalls[] = [];
  const noopHttp: HttpCounts[] = [];
  let noopPlan: ChangeSet | undefined;
  for (let i = 0; i < NOOP_RUNS; i++) {
    for (const full of [false, true]) {
      counted.reset();
      const requests = http.window();
      const { plan, applied, timings } = await pass(full);
      noopHttp.push(requests());
      noopCalls.push({ ...counted.calls });
      (full ? noop.fullMs : noop.coreMs).push(timings.totalMs);
      if (full) fullSteps.push(timings);
      expectOutcomes('a no-op pass', applied, 'unchanged', ours.length, plan);
      noopPlan = plan;
    }
  }
  const noopWrites = Math.max(...noopCalls.map(writesOf));
  const noopGets = Math.max(...noopCalls.map((c) => c.get));
  const noopHttpMax = sumMax(noopHttp);

  log(`no-op pass: kubectl apply --server-side -f, ${KUBECTL_RUNS} runs`);
  const kubectlNoopMs: number[] = [];
  const applyArgs = ['apply', '--server-side', `--field-manager=${KUBECTL_MANAGER}`, '-f', theirsFile];
  for (let i = 0; i < KUBECTL_RUNS; i++) kubectlNoopMs.push((await kubectl(applyArgs)).ms);
  // One more, untimed, at -v=6 to count its requests (the log lines cost time of their own).
  const verbose = await kubectl([...applyArgs, '-v=6']);
  const kubectlRequests = countKubectlRequests(verbose.stderr);

  // ── 4. Memory of an operator-shaped process holding the 1,000 objects ───────────────────────────────────
  log(
    'memory: a child process with client, cache (1,000 objects) and the embedded store; compiled, then under tsx',
  );
  const compiled = await compileProbe();
  const memory = {
    compiled: await rssProbe(kubeconfigPath, ['--enable-source-maps', compiled]),
    tsx: await rssProbe(kubeconfigPath, [
      '--conditions=source',
      '--import',
      'tsx',
      fileURLToPath(new URL('./rss-probe.ts', import.meta.url)),
    ]),
  };

  // ── 5a. Bytes per no-op pass recorded with the same 1,000-object manifest ───────────────────────────────
  log(`store: ${STORE_PASSES} no-op passes recorded (1,000-object manifest)`);
  const storeBefore = await storeTableBytes(sql);
  const record = passRecord(noopPlan!, noopPlan!.changes.map(unchangedResult), cache.snapshot());
  const storeStarted = performance.now();
  let recorded = 0;
  // Bounded by count and by a minute of wall time, whichever comes first.
  while (recorded < STORE_PASSES && performance.now() - storeStarted < 60_000) {
    const now = new Date();
    await store.recordPass({ ...record, startedAt: now, finishedAt: now });
    recorded++;
  }
  const recordMs = (performance.now() - storeStarted) / recorded;
  const storeAfter = await storeTableBytes(sql);
  const passRowBytes = await averagePassRowBytes(sql);
  const synthGrowth = growth(storeBefore, storeAfter);

  const figures = {
    baseline: isBaseline,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memGB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
    },
    clusterStartMs: round(clusterStartMs),
    objects: ours.length,
    kinds: kindCounts(ours),
    firstInstall: {
      rounds: installRounds,
      oursMs: round(oursInstallMs / 2),
      kubectlMs: round(kubectlInstallMs / 2),
      ratio: round(kubectlInstallMs / oursInstallMs, 2),
      oursPortCalls: round1.ours.calls,
      oursHttp: round1.ours.http,
      oursCpuMs: round(round1.ours.cpuMs),
      oursRecordMs: round(installRecordMs),
    },
    noop: {
      runs: NOOP_RUNS,
      oursCoreMs: round(median(noop.coreMs), 2),
      oursCoreMsAll: noop.coreMs.map((ms) => round(ms, 1)),
      oursFullMs: round(median(noop.fullMs), 2),
      oursFullSteps: {
        inventoryMs: round(median(fullSteps.map((t) => t.inventoryMs)), 2),
        planMs: round(median(fullSteps.map((t) => t.planMs)), 2),
        applyMs: round(median(fullSteps.map((t) => t.applyMs)), 2),
        recordMs: round(median(fullSteps.map((t) => t.recordMs)), 2),
      },
      oursFullMsAll: noop.fullMs.map((ms) => round(ms, 1)),
      kubectlMs: round(median(kubectlNoopMs)),
      kubectlMsAll: kubectlNoopMs.map((ms) => round(ms)),
      ratioCore: round(median(kubectlNoopMs) / median(noop.coreMs), 1),
      ratioFull: round(median(kubectlNoopMs) / median(noop.fullMs), 1),
      oursWrites: noopWrites,
      oursGets: noopGets,
      oursHttpMax: noopHttpMax,
      planCounts: noopPlan!.counts,
      kubectlRequests,
    },
    edit,
    instances,
    memory,
    store: {
      synthetic: {
        passes: recorded,
        bytesPerPass: round(synthGrowth.total / recorded),
        heapAndIndexBytesPerPass: round(synthGrowth.heapAndIndexes / recorded),
        passRowBytes: round(passRowBytes),
        recordMs: round(recordMs, 1),
        grewBy: synthGrowth.tables,
      },
      operator: edit.store,
    },
    benchSeconds: round(benchSeconds(), 1),
  };
  return figures;
}

/**
 * INSTANCES PostgresClusters and as many RedisInstances (core, cloudnative-pg and redis installed): `generate()` with
 * and without them (alternating, median of NOOP_RUNS each) and `planChanges` of the objects they add; then those
 * batteries' objects are applied (CloudNativePG's real Cluster CRD first) and a no-op pass — cache snapshot →
 * planChanges → applyChangeSet — is counted: writes, per-object GETs, HTTP requests.
 */
async function measureInstances(
  config: KubeConfig,
  kubectl: (args: readonly string[], timeoutMs?: number) => Promise<{ ms: number }>,
) {
  log(`instances: ${INSTANCES} PostgresClusters + ${INSTANCES} RedisInstances`);
  const snapshots = instanceSnapshots(INSTANCES);
  const generateMs = { without: [] as number[], with: [] as number[] };
  for (let i = 0; i < NOOP_RUNS; i++) {
    for (const which of ['without', 'with'] as const) {
      const started = performance.now();
      generate(snapshots[which]);
      generateMs[which].push(performance.now() - started);
    }
  }
  const objects = benchInstanceObjects(snapshots.with);
  const planStarted = performance.now();
  const installPlan = planChanges(objects, new Map(), new Map());
  const firstPlanMs = performance.now() - planStarted;

  const clusterCrd = (await catalogCustomResourceCrds()).find(
    (crd) => crd.name === 'clusters.postgresql.cnpg.io',
  )!;
  writeFileSync(join(work, 'cnpg-cluster-crd.json'), JSON.stringify(clusterCrd.object));
  await kubectl(['apply', '--server-side', '-f', join(work, 'cnpg-cluster-crd.json')]);
  await waitForEstablished(clusterCrd.name, 60_000, platform!.kubectl);
  for (const namespace of INSTANCE_NAMESPACES) await kubectl(['create', 'namespace', namespace]);
  const discovery = createDiscovery(config);
  const counted = countingPort(createClusterPort(config, createKubeClient(config, { discovery }), discovery));
  const installed = await applyChangeSet(installPlan, counted.port, { concurrency: CONCURRENCY });
  expectOutcomes('the instances install', installed, 'done', objects.length);

  // The cache sees only these batteries' objects: the core and loki objects the edit test left are not ours here.
  const cache = createClusterCache(config, {
    discovery,
    managedSelector: `${MANAGED_SELECTOR},${BATTERY_LABEL} in (${INSTANCE_BATTERIES.join(',')})`,
  });
  cleanups.push(() => cache.stop());
  await cache.start();
  await cache.watchKinds(kindsOf(objects));
  if (!(await within('instance cache sync', cache.waitForSync(), 60_000)))
    throw new Error('the cache stopped');
  const inventory = inventoryFromPlan(installPlan);
  const noopMs: number[] = [];
  const noopCalls: PortCalls[] = [];
  const noopHttp: HttpCounts[] = [];
  let planCounts: ChangeSet['counts'] | undefined;
  for (let i = 0; i < NOOP_RUNS; i++) {
    counted.reset();
    const requests = http.window();
    const started = performance.now();
    const plan = planChanges(objects, cache.snapshot(), inventory);
    const applied = await applyChangeSet(plan, counted.port, { concurrency: CONCURRENCY });
    noopMs.push(performance.now() - started);
    noopHttp.push(requests());
    noopCalls.push({ ...counted.calls });
    expectOutcomes('an instances no-op pass', applied, 'unchanged', objects.length, plan);
    planCounts = plan.counts;
  }
  // The first pass renders every instance; later ones reuse renders whose inputs are unchanged (ADR 14).
  const coldMs = generateMs.with[0]!;
  const withMs = median(generateMs.with.slice(1));
  const withoutMs = median(generateMs.without);
  log(
    `  instances: generate ${round(coldMs, 1)} ms cold, ${round(withMs, 1)} ms warm, ${round(withoutMs, 1)} ms without; first plan ` +
      `${round(firstPlanMs, 1)} ms; no-op pass ${round(median(noopMs), 1)} ms, ` +
      `${Math.max(...noopCalls.map(writesOf))} writes, ${Math.max(...noopCalls.map((c) => c.get))} GETs`,
  );
  return {
    postgresClusters: INSTANCES,
    redisInstances: INSTANCES,
    objects: objects.length,
    generateWithoutMs: round(withoutMs, 2),
    generateColdMs: round(coldMs, 2),
    generateWithMs: round(withMs, 2),
    generateRatio: round(withMs / withoutMs, 2),
    generateMsPerInstance: round((withMs - withoutMs) / (2 * INSTANCES), 3),
    firstPlanMs: round(firstPlanMs, 2),
    noopMs: round(median(noopMs), 2),
    noopWrites: Math.max(...noopCalls.map(writesOf)),
    noopGets: Math.max(...noopCalls.map((c) => c.get)),
    noopHttpMax: sumMax(noopHttp),
    planCounts,
  };
}

/**
 * The operator (debounce 200 ms, in-memory PGlite) on core + loki: each edit of `spec.retentionPeriod` is timed
 * from just before the PATCH is sent until a watch on loki's ConfigMaps sees the new `retention_period`. Then
 * OPERATOR_PASSES manual passes with nothing to do, for the store's bytes and the API requests per no-op pass.
 */
async function editLatency(
  config: KubeConfig,
  kubectl: (args: readonly string[]) => Promise<{ ms: number }>,
) {
  log('battery edit: core and loki, startOperator (debounce 200 ms)');
  await kubectl([
    'apply',
    '--server-side',
    '-f',
    repoPath('examples/core.yaml'),
    '-f',
    repoPath('examples/loki.yaml'),
  ]);

  const configs = createInformer(config, {
    path: '/api/v1/configmaps',
    apiVersion: 'v1',
    kind: 'ConfigMap',
    labelSelector: `${BATTERY_LABEL}=loki`,
  });
  cleanups.push(() => configs.stop());
  configs.start();
  const seen: Array<{ value: string; resolve: (at: number) => void }> = [];
  const lokiConfig = () => configs.list().find((o) => o.metadata.name === 'loki-config');
  const shows = (object: KubeObject | undefined, value: string) =>
    JSON.stringify(object?.data ?? {}).includes(`retention_period: ${value}`);
  configs.on((event) => {
    const at = performance.now();
    if (event.object.metadata.name !== 'loki-config') return;
    for (const waiter of [...seen]) {
      if (!shows(event.object, waiter.value)) continue;
      seen.splice(seen.indexOf(waiter), 1);
      waiter.resolve(at);
    }
  });

  const sql = await createPgliteSql();
  const store = await createStore(sql);
  cleanups.push(() => store.close());
  const operator = await platform!.startOperator({ store, debounceMs: DEBOUNCE_MS });
  const passMs: number[] = [];
  operator.bus.subscribe((event) => {
    if (event.type === 'pass-finished') passMs.push(event.durationMs);
  });
  await eventually('loki-config with 14d', async () => (shows(lokiConfig(), '14d') ? true : undefined), {
    timeoutMs: 90_000,
  });
  const managed = await eventually(
    'the loki battery Ready',
    async () => {
      const battery = await requestJson<{
        status?: { conditions?: Array<{ type: string; status: string }>; resources?: { desired?: number } };
      }>(config, { path: '/apis/batteries.batteriesincl.com/v1alpha1/lokibatteries/loki' });
      const ready = battery.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      return ready ? battery.status?.resources?.desired : undefined;
    },
    { timeoutMs: 90_000 },
  ).catch(() => undefined);
  // Let the startup passes and status refreshes finish.
  operator.requestPass('bench-settle');
  await within('settling pass', operator.nextPass(), 30_000);
  await sleep(500);

  log(`battery edit: ${EDITS} edits of spec.retentionPeriod`);
  const latencies: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const value = `${20 + i}d`;
    const appeared = new Promise<number>((resolve) => seen.push({ value, resolve }));
    const passDone = operator.nextPass();
    const sent = performance.now();
    await requestJson(config, {
      method: 'PATCH',
      path: '/apis/batteries.batteriesincl.com/v1alpha1/lokibatteries/loki',
      body: { spec: { retentionPeriod: value } },
      contentType: 'application/merge-patch+json',
    });
    latencies.push((await within(`loki-config with ${value}`, appeared, 15_000)) - sent);
    await within('the edit pass', passDone, 30_000);
    await sleep(400); // status refresh (250 ms after a pass) and echoes, before the next edit
  }

  log(`operator: ${OPERATOR_PASSES} no-op passes (requestPass, nextPass)`);
  const before = await storeTableBytes(sql);
  const measure = http.window();
  const noopPassMs: number[] = [];
  for (let i = 0; i < OPERATOR_PASSES; i++) {
    const from = passMs.length;
    operator.requestPass('bench-noop');
    const outcome = await within('a no-op operator pass', operator.nextPass(), 30_000);
    if (outcome.kind !== 'done') throw new Error(`a no-op operator pass ended ${outcome.kind}`);
    noopPassMs.push(...passMs.slice(from));
  }
  const requests = measure();
  const grown = growth(before, await storeTableBytes(sql));
  const passes = await store.listPasses({ limit: OPERATOR_PASSES });
  const counts = passes.passes[0]?.counts;
  await operator.stop();
  await configs.stop();

  return {
    lokiObjects: managed,
    debounceMs: DEBOUNCE_MS,
    latencyMs: latencies.map((ms) => round(ms)),
    medianMs: round(median(latencies)),
    maxMs: round(Math.max(...latencies)),
    medianAfterDebounceMs: round(median(latencies) - DEBOUNCE_MS),
    maxAfterDebounceMs: round(Math.max(...latencies) - DEBOUNCE_MS),
    operatorNoop: {
      passes: OPERATOR_PASSES,
      passMs: round(median(noopPassMs), 1),
      counts,
      requests,
      requestsPerPass: round(requests.total / OPERATOR_PASSES, 2),
      writesPerPass: round(requests.writes / OPERATOR_PASSES, 2),
      objectGetsPerPass: round(requests.objectGets / OPERATOR_PASSES, 2),
    },
    store: {
      passes: OPERATOR_PASSES,
      bytesPerPass: round(grown.total / OPERATOR_PASSES),
      heapAndIndexBytesPerPass: round(grown.heapAndIndexes / OPERATOR_PASSES),
      grewBy: grown.tables,
    },
  };
}

/**
 * Our first install of a fresh copy: planChanges against an empty cache and inventory, then applyChangeSet at
 * CONCURRENCY, timed from a new (cold) discovery and client, as a freshly started operator has them. Waits for the
 * copy to settle afterwards (untimed).
 */
async function installOurs(config: KubeConfig, copy: string) {
  const objects = syntheticObjects(copy);
  log(`first install: ours, ${objects.length} objects (${copy}), concurrency ${CONCURRENCY}`);
  const measured = http.window();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const discovery = createDiscovery(config);
  const port = countingPort(createClusterPort(config, createKubeClient(config, { discovery }), discovery));
  const plan = planChanges(objects, new Map(), new Map());
  const results = await applyChangeSet(plan, port.port, { concurrency: CONCURRENCY });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const requests = measured();
  expectOutcomes('our first install', results, 'done', objects.length);
  log(`  ours: ${round(ms)} ms, ${requests.total} requests over ${requests.connections} connections`);
  await settle(config, copy);
  return {
    ms,
    plan,
    results,
    calls: { ...port.calls },
    http: requests,
    cpuMs: (used.user + used.system) / 1000,
  };
}

/** `kubectl apply --server-side -f` of a fresh copy, timed as a user sees it (process start included); then settles. */
async function installKubectl(
  kubectl: (args: readonly string[]) => Promise<{ stdout: string; ms: number }>,
  copy: string,
) {
  const file = kubectlFile(copy);
  log(`first install: kubectl apply --server-side -f (${copy})`);
  const { stdout, ms } = await kubectl([
    'apply',
    '--server-side',
    `--field-manager=${KUBECTL_MANAGER}`,
    '-f',
    file,
  ]);
  const applied = stdout.trim().split('\n').length;
  if (applied !== syntheticObjects(copy).length) throw new Error(`kubectl applied ${applied} objects`);
  log(`  kubectl: ${round(ms)} ms`);
  await settle(platform!.config, copy);
  return { ms };
}

/** The copy as one YAML file, Namespaces first, as anyone writing it for kubectl would (it applies in file order). */
function kubectlFile(copy: string): string {
  const file = join(work, `${copy}.yaml`);
  const objects = syntheticObjects(copy);
  const ordered = [
    ...objects.filter((o) => o.kind === 'Namespace'),
    ...objects.filter((o) => o.kind !== 'Namespace'),
  ];
  writeFileSync(file, ordered.map((o) => stringify(o)).join('---\n'));
  return file;
}

/** Waits until every Deployment of a copy is available, so its controllers' work does not overlap the next step. */
async function settle(config: KubeConfig, copy: string): Promise<void> {
  await eventually(
    `the ${copy} copy's Deployments available`,
    async () => {
      const list = await requestJson<{ items: Array<{ status?: { availableReplicas?: number } }> }>(config, {
        path: '/apis/apps/v1/deployments',
        query: { labelSelector: `${COPY_LABEL}=${copy}` },
      });
      const pending = list.items.filter((d) => d.status?.availableReplicas !== 1).length;
      return list.items.length > 0 && pending === 0 ? true : undefined;
    },
    { timeoutMs: 120_000 },
  );
  await sleep(1000);
}

/** Average stored size of one `passes` row (its tuple, without page overhead or index entries). */
async function averagePassRowBytes(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ bytes: number | string }>(
    'SELECT avg(pg_column_size(p.*)) AS bytes FROM passes p',
  );
  return Number(row?.bytes ?? 0);
}

/** Requests in a `kubectl -v=6` log, by verb: `"Response" verb="PATCH" url=…` (1.34) or `PATCH https://…` (older). */
function countKubectlRequests(stderr: string): { total: number; byVerb: Record<string, number> } {
  const byVerb: Record<string, number> = {};
  for (const line of stderr.split('\n')) {
    const match = /verb="(\w+)"/.exec(line) ?? /\] (GET|PATCH|POST|PUT|DELETE) https?:\/\//.exec(line);
    if (match && !/"Request"/.test(line)) byVerb[match[1]!] = (byVerb[match[1]!] ?? 0) + 1;
  }
  return { total: Object.values(byVerb).reduce((a, b) => a + b, 0), byVerb };
}

function sumMax(counts: readonly HttpCounts[]) {
  const keys = ['total', 'writes', 'objectGets', 'listsAndWatches', 'discovery', 'connections'] as const;
  return Object.fromEntries(keys.map((k) => [k, Math.max(...counts.map((c) => c[k]))])) as Record<
    (typeof keys)[number],
    number
  >;
}

type Figures = Awaited<ReturnType<typeof measure>>;

function printTable(f: Figures): void {
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  const mb = (value: number) => `${Math.round(value)} MB`;
  const rows: string[][] = [
    ['1,000 objects', 'ours', 'kubectl --server-side', 'ratio', 'target', ''],
    [
      'first install (2 rounds)',
      `${f.firstInstall.rounds.map((r) => r.oursMs).join(' / ')} ms (${f.firstInstall.oursHttp.total} requests, ${f.firstInstall.oursHttp.connections} connections)`,
      `${f.firstInstall.rounds.map((r) => r.kubectlMs).join(' / ')} ms`,
      `${f.firstInstall.ratio}×`,
      '> 1×',
      verdict(f.firstInstall.ratio > 1),
    ],
    [
      'no-op pass: snapshot → plan → apply',
      `${f.noop.oursCoreMs} ms`,
      `${f.noop.kubectlMs} ms`,
      `${f.noop.ratioCore}×`,
      '≥ 20×',
      verdict(f.noop.ratioCore >= 20),
    ],
    [
      'no-op pass incl. store read + record',
      `${f.noop.oursFullMs} ms`,
      `${f.noop.kubectlMs} ms`,
      `${f.noop.ratioFull}×`,
      '≥ 100×',
      verdict(f.noop.ratioFull >= 100),
    ],
    [
      'no-op pass: API writes / object GETs',
      `${f.noop.oursWrites} / ${f.noop.oursGets} (HTTP requests: ${f.noop.oursHttpMax.total})`,
      `${f.noop.kubectlRequests.total} requests (${Object.entries(f.noop.kubectlRequests.byVerb)
        .map(([verb, n]) => `${n} ${verb}`)
        .join(', ')})`,
      '',
      '0 / 0',
      verdict(f.noop.oursWrites === 0 && f.noop.oursGets === 0),
    ],
    [
      `operator no-op pass (runPass, ${f.edit.operatorNoop.counts?.unchanged ?? '?'} objects)`,
      `${f.edit.operatorNoop.writesPerPass} writes, ${f.edit.operatorNoop.objectGetsPerPass} GETs per pass`,
      '',
      '',
      '0 writes',
      verdict(f.edit.operatorNoop.writesPerPass === 0),
    ],
    [
      `${f.instances.postgresClusters} PostgresClusters + ${f.instances.redisInstances} RedisInstances (${f.instances.objects} objects): generate`,
      `${f.instances.generateColdMs} ms first, ${f.instances.generateWithMs} ms after (renders reused), ${f.instances.generateWithoutMs} ms without (${f.instances.generateMsPerInstance} ms per instance)`,
      '',
      `${f.instances.generateRatio}×`,
      '',
      '',
    ],
    [
      'instances: plan (first install) / no-op pass',
      `${f.instances.firstPlanMs} ms / ${f.instances.noopMs} ms: ${f.instances.noopWrites} writes, ${f.instances.noopGets} GETs (HTTP requests: ${f.instances.noopHttpMax.total})`,
      '',
      '',
      '0 / 0',
      verdict(f.instances.noopWrites === 0 && f.instances.noopGets === 0),
    ],
    [
      'Battery edit → ConfigMap, minus debounce',
      `median ${f.edit.medianAfterDebounceMs} ms, max ${f.edit.maxAfterDebounceMs} ms`,
      '',
      '',
      '< 1000 ms',
      verdict(f.edit.maxAfterDebounceMs < 1000),
    ],
    [
      'memory: client + cache of 1,000 (compiled)',
      `${mb(f.memory.compiled.afterPass.rssMB)} RSS, ${mb(f.memory.compiled.afterPass.heapUsedMB)} heap`,
      '',
      '',
      '< 200 MB',
      verdict(f.memory.compiled.afterPass.rssMB < 200),
    ],
    [
      '  … with the embedded store (default: PGlite in its own process)',
      `operator ${mb(f.memory.compiled.withStoreProcess.rssMB)} RSS + database process ${mb(f.memory.compiled.databaseProcessMB ?? NaN)}`,
      '',
      '',
      '< 200 MB',
      verdict(f.memory.compiled.withStoreProcess.rssMB < 200),
    ],
    [
      '  … with PGlite inline (BI_EMBEDDED_STORE=inline)',
      `${mb(f.memory.compiled.withPglite?.rssMB ?? NaN)} RSS (peak ${mb(f.memory.compiled.peakMB ?? NaN)})`,
      '',
      '',
      '< 200 MB',
      verdict((f.memory.compiled.withPglite?.rssMB ?? NaN) < 200),
    ],
    [
      '  same, under tsx (npm run operator)',
      `${mb(f.memory.tsx.afterPass.rssMB)} RSS; ${mb(f.memory.tsx.withStoreProcess.rssMB)} + ${mb(f.memory.tsx.databaseProcessMB ?? NaN)} with the store process; ${mb(f.memory.tsx.withPglite?.rssMB ?? NaN)} inline`,
      '',
      '',
      '',
      '',
    ],
    [
      'store bytes per no-op pass',
      `${f.store.synthetic.bytesPerPass} B (1,000 objects), ${f.store.operator.bytesPerPass} B (operator)`,
      '',
      '',
      '< 1024 B',
      verdict(Math.max(f.store.synthetic.bytesPerPass, f.store.operator.bytesPerPass) < 1024),
    ],
  ];
  printRows(rows);
}
