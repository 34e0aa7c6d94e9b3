// npm run bench:scale — the pass at 1,000, 3,000 and 10,000 managed objects on one testenv cluster (DESIGN §8
// "Scale"): a no-op pass including the store, a one-object edit pass, and the memory of an operator-shaped
// process, per size, with the growth from one size to the next. Prints a table, then one JSON line.
// Environment: SCALE_SIZES (namespaces per size, default "10,30,100": × 100 objects), NOOP_RUNS (default 15),
// EDIT_RUNS (default 5); BENCH_BASELINE=1 measures the pass without the store's memory and the drift memo.
import { cpus, loadavg, totalmem } from 'node:os';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  HASH_ANNOTATION,
  MANAGED_SELECTOR,
  hashObject,
  objectKey,
  type KubeObject,
} from '@batteries-included/batteries';
import { eventually, startPlatform, type Platform } from '@batteries-included/operator/testing';
import { createDriftMemo } from '../src/engine/plan/index.js';
import { createClusterPort } from '../src/kube/cluster-port.js';
import {
  createClusterCache,
  createDiscovery,
  createKubeClient,
  type ClusterCache,
} from '../src/kube/index.js';
import { createPgliteSql, createStore } from '../src/store/index.js';
import { countingPort, writesOf } from './counting-port.js';
import { compileProbe, rssProbe } from './memory-probe.js';
import { COPY_LABEL, syntheticObjects } from './objects.js';
import {
  cachedCount,
  expectOutcomes,
  isBaseline,
  kindsOf,
  syntheticPass,
  withoutMemory,
  type PassTimings,
} from './synthetic-pass.js';
import { benchSeconds, log, median, printRows, round, sleep, within } from './timing.js';

const SIZES = (process.env.SCALE_SIZES ?? '10,30,100').split(',').map(Number);
const NOOP_RUNS = Number(process.env.NOOP_RUNS ?? 15);
const EDIT_RUNS = Number(process.env.EDIT_RUNS ?? 5);
const CONCURRENCY = 16;
const TARGET = { noopMs: 150, rssMB: 300 };

let platform: Platform | undefined;
const cleanups: Array<() => Promise<unknown>> = [];
const stopAll = async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await platform?.stop().catch(() => undefined);
};
process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
const overall = setTimeout(() => {
  console.error('bench:scale: over 25 minutes, giving up');
  void stopAll().finally(() => process.exit(1));
}, 25 * 60_000);
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
  platform = await startPlatform({ nodes: 2, operator: false });
  const compiled = await compileProbe();
  const sizes: SizeFigures[] = [];
  for (const namespaces of SIZES) sizes.push(await measureSize(platform.config, namespaces, compiled));
  return {
    baseline: isBaseline,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memGB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
    },
    sizes,
    growth: sizes.slice(1).map((size, index) => {
      const previous = sizes[index]!;
      return {
        from: previous.objects,
        to: size.objects,
        objects: round(size.objects / previous.objects, 2),
        noop: round(size.noop.medianMs / previous.noop.medianMs, 2),
        noopCpu: round(size.noop.cpuMs / previous.noop.cpuMs, 2),
        editCpu: round(size.edit.cpuMs / previous.edit.cpuMs, 2),
        edit: round(size.edit.medianMs / previous.edit.medianMs, 2),
        rss: round(size.memory.rssMB / previous.memory.rssMB, 2),
      };
    }),
    benchSeconds: round(benchSeconds(), 1),
  };
}

/**
 * One size: a fresh copy of `namespaces × 100` objects (Deployments at 0 replicas: the pass, not the scheduler, is
 * measured) installed by our apply, a cache of it, a store holding its first install; then no-op passes, edit
 * passes and the memory of an operator-shaped process holding it.
 */
async function measureSize(config: KubeConfig, namespaces: number, compiledProbe: string) {
  const copy = `scale-${namespaces}`;
  const desired = syntheticObjects(copy, namespaces, { replicas: 0 });
  log(`${desired.length} objects (${copy}): install`);
  const discovery = createDiscovery(config);
  const counted = countingPort(createClusterPort(config, createKubeClient(config, { discovery }), discovery));
  const sql = await createPgliteSql();
  const opened = await createStore(sql);
  cleanups.push(() => opened.close());
  const store = isBaseline ? withoutMemory(opened, sql) : opened;
  const installed = await syntheticPass({
    desired,
    cache: { snapshot: () => new Map() },
    port: counted.port,
    store,
    concurrency: CONCURRENCY,
  });
  expectOutcomes('the install', installed.applied, 'done', desired.length);

  const cache = createClusterCache(config, {
    discovery,
    managedSelector: `${MANAGED_SELECTOR},${COPY_LABEL}=${copy}`,
  });
  cleanups.push(() => cache.stop());
  await cache.start();
  await cache.watchKinds(kindsOf(desired));
  if (!(await within('cache sync', cache.waitForSync(), 180_000))) throw new Error('the cache stopped');
  await eventually(`the cache holding all ${desired.length} objects`, async () =>
    cachedCount(cache, desired) === desired.length ? true : undefined,
  );

  // The operator's first pass after start-up fills its drift memo and the store's memory; the runs after it are
  // what every later pass costs.
  const driftMemo = isBaseline ? undefined : createDriftMemo();
  const pass = (objects: readonly KubeObject[]) =>
    syntheticPass({
      desired: objects,
      cache,
      port: counted.port,
      store,
      driftMemo,
      concurrency: CONCURRENCY,
    });
  log(`${desired.length} objects: first pass, then ${NOOP_RUNS} no-op passes`);
  const first = await pass(desired);
  expectOutcomes('the first pass', first.applied, 'unchanged', desired.length, first.plan);
  const noop: PassTimings[] = [];
  let noopWrites = 0;
  for (let i = 0; i < NOOP_RUNS; i++) {
    counted.reset();
    const { applied, plan, timings } = await pass(desired);
    expectOutcomes('a no-op pass', applied, 'unchanged', desired.length, plan);
    noopWrites = Math.max(noopWrites, writesOf(counted.calls));
    noop.push(timings);
  }

  log(`${desired.length} objects: ${EDIT_RUNS} one-object edit passes`);
  const edits: PassTimings[] = [];
  let current = desired;
  for (let i = 0; i < EDIT_RUNS; i++) {
    const { objects, edited } = editOne(current, `edit-${i}`);
    counted.reset();
    const { applied, plan, timings } = await pass(objects);
    const done = applied.filter((r) => r.outcome === 'done').length;
    if (done !== 1 || plan.counts.update !== 1) throw new Error(`an edit pass applied ${done} objects`);
    edits.push(timings);
    current = objects;
    await untilCached(cache, edited);
  }
  // Put the original back, so the memory probe plans the copy as it was generated.
  await pass(desired);

  log(`${desired.length} objects: memory of an operator-shaped process (compiled)`);
  await sleep(500);
  const memory = await rssProbe(platform!.kubeconfigPath, ['--enable-source-maps', compiledProbe], {
    copy,
    namespaces,
    replicas: 0,
    inlinePglite: false,
  });
  await cache.stop();
  await store.close();

  const summary = (runs: readonly PassTimings[]) => ({
    medianMs: round(median(runs.map((t) => t.totalMs)), 1),
    cpuMs: round(median(runs.map((t) => t.cpuMs)), 1),
    minMs: round(Math.min(...runs.map((t) => t.totalMs)), 1),
    maxMs: round(Math.max(...runs.map((t) => t.totalMs)), 1),
    steps: {
      inventoryMs: round(median(runs.map((t) => t.inventoryMs)), 1),
      planMs: round(median(runs.map((t) => t.planMs)), 1),
      applyMs: round(median(runs.map((t) => t.applyMs)), 1),
      recordMs: round(median(runs.map((t) => t.recordMs)), 1),
    },
  });
  return {
    objects: desired.length,
    installMs: round(installed.timings.totalMs),
    firstPassMs: round(first.timings.totalMs, 1),
    noop: { ...summary(noop), writes: noopWrites },
    edit: summary(edits),
    memory: {
      rssMB: round(memory.withStoreProcess.rssMB),
      heapUsedMB: round(memory.withStoreProcess.heapUsedMB),
      withoutStoreRssMB: round(memory.afterPass.rssMB),
      databaseProcessMB: round(memory.databaseProcessMB ?? NaN),
      cachedObjects: memory.cachedObjects,
    },
  };
}

/** `objects` with one ConfigMap's data changed (and its hash restamped), as a Battery edit would generate it. */
function editOne(objects: readonly KubeObject[], value: string) {
  const index = objects.findIndex((o) => o.kind === 'ConfigMap');
  const original = objects[index]!;
  const { [HASH_ANNOTATION]: _old, ...annotations } = original.metadata.annotations ?? {};
  const changed = { ...original, metadata: { ...original.metadata, annotations }, data: { edit: value } };
  const edited: KubeObject = {
    ...changed,
    metadata: {
      ...changed.metadata,
      annotations: { ...annotations, [HASH_ANNOTATION]: hashObject(changed) },
    },
  };
  return { objects: objects.map((o, i) => (i === index ? edited : o)), edited };
}

/** Waits until the watch cache holds `object`'s new hash, so the next pass plans against it. */
async function untilCached(cache: ClusterCache, object: KubeObject): Promise<void> {
  const hash = object.metadata.annotations![HASH_ANNOTATION];
  await eventually(`the cache seeing ${objectKey(object)}`, async () =>
    cache.get(objectKey(object))?.metadata.annotations?.[HASH_ANNOTATION] === hash ? true : undefined,
  );
}

type SizeFigures = Awaited<ReturnType<typeof measureSize>>;
type Figures = Awaited<ReturnType<typeof measure>>;

function printTable(f: Figures): void {
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  const step = (s: Figures['sizes'][number]['noop']['steps']) =>
    `inventory ${s.inventoryMs} + plan ${s.planMs} + apply ${s.applyMs} + record ${s.recordMs}`;
  const rows: string[][] = [
    [
      'objects',
      'no-op pass incl. store (median; CPU)',
      'steps (median, ms)',
      'edit pass (median)',
      'operator RSS',
      'growth vs previous size',
    ],
  ];
  f.sizes.forEach((size, index) => {
    const growth = index === 0 ? undefined : f.growth[index - 1]!;
    rows.push([
      size.objects.toLocaleString('en'),
      `${size.noop.medianMs} ms (${size.noop.minMs}–${size.noop.maxMs}; CPU ${size.noop.cpuMs} ms), ${size.noop.writes} writes`,
      step(size.noop.steps),
      `${size.edit.medianMs} ms (CPU ${size.edit.cpuMs} ms; ${step(size.edit.steps)})`,
      `${size.memory.rssMB} MB (+ database process ${size.memory.databaseProcessMB} MB)`,
      growth
        ? `objects ×${growth.objects}: no-op ×${growth.noop} (CPU ×${growth.noopCpu}), edit ×${growth.edit} (CPU ×${growth.editCpu}), RSS ×${growth.rss}`
        : '',
    ]);
  });
  printRows(rows);
  const largest = f.sizes.at(-1)!;
  // Judged on CPU time: on a shared machine the wall time of one step swings by more than the growth measured.
  const linear = f.growth.every((g) => g.noopCpu <= g.objects && g.editCpu <= g.objects);
  console.log('');
  printRows([
    ['target', 'measured', ''],
    [
      `no-op pass at ${largest.objects.toLocaleString('en')} objects incl. store < ${TARGET.noopMs} ms`,
      `${largest.noop.medianMs} ms`,
      verdict(largest.noop.medianMs < TARGET.noopMs),
    ],
    [
      `operator process < ${TARGET.rssMB} MB RSS`,
      `${largest.memory.rssMB} MB`,
      verdict(largest.memory.rssMB < TARGET.rssMB),
    ],
    [
      'growth no worse than linear (CPU time factor ≤ object factor)',
      f.growth
        .map((g) => `no-op ×${g.noopCpu}, edit ×${g.editCpu} for ×${g.objects} (wall ×${g.noop}, ×${g.edit})`)
        .join('; '),
      verdict(linear),
    ],
  ]);
}
