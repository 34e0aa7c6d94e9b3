// The pass the benchmarks time over the synthetic object set, as runPass runs it: the inventory from the store,
// a snapshot of the watch cache, planChanges (with the operator's drift memo), applyChangeSet, and the record.
// (runPass itself would prune the set: no battery generates it.) Shared by apply.bench.ts and scale.bench.ts.
import { objectKey, type KubeObject } from '@batteries-included/batteries';
import { applyChangeSet, type ApplyPort } from '../src/engine/apply/index.js';
import { inputsHashOf } from '../src/engine/record.js';
import { planChanges, type ChangeSet, type DriftMemo, type InventoryRef } from '../src/engine/plan/index.js';
import type { ApplyResult } from '../src/engine/vocabulary.js';
import { getInventory } from '../src/store/queries.js';
import { recordPass } from '../src/store/record-pass.js';
import type { ObjectResult, PassRecord, Sql, Store } from '../src/store/index.js';

export interface SyntheticPassOptions {
  desired: readonly KubeObject[];
  cache: { snapshot(): ReadonlyMap<string, KubeObject> };
  port: ApplyPort;
  /** Read the inventory from and record the pass in this store; without one, the inventory comes from `inventory`. */
  store?: Store;
  inventory?: ReadonlyMap<string, InventoryRef>;
  driftMemo?: DriftMemo;
  concurrency?: number;
}

/** How long each step took, in ms. */
export interface PassTimings {
  inventoryMs: number;
  planMs: number;
  applyMs: number;
  recordMs: number;
  totalMs: number;
  /**
   * CPU this process spent on the pass (user + system, PGlite's included: it runs in this process). Unlike the wall
   * time it hardly grows when other work shares the cores.
   */
  cpuMs: number;
}

/** One timed pass. */
export async function syntheticPass(
  options: SyntheticPassOptions,
): Promise<{ plan: ChangeSet; applied: ApplyResult[]; timings: PassTimings }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const inventory = options.store
    ? inventoryFromStore(await options.store.getInventory())
    : options.inventory!;
  const read = performance.now();
  const live = options.cache.snapshot();
  const plan = planChanges(options.desired, live, inventory, { driftMemo: options.driftMemo });
  const planned = performance.now();
  const applied = await applyChangeSet(plan, options.port, { concurrency: options.concurrency ?? 16 });
  const appliedAt = performance.now();
  if (options.store) await options.store.recordPass(passRecord(plan, applied, live));
  const done = performance.now();
  const used = process.cpuUsage(cpu);
  return {
    plan,
    applied,
    timings: {
      inventoryMs: read - started,
      planMs: planned - read,
      applyMs: appliedAt - planned,
      recordMs: done - appliedAt,
      totalMs: done - started,
      cpuMs: (used.user + used.system) / 1000,
    },
  };
}

// The map made of the store's inventory array, which the store hands out again until a pass changes it (as
// engine/inventory.ts does for runPass).
const byRef = new WeakMap<readonly InventoryRef[], ReadonlyMap<string, InventoryRef>>();

/** As runPass reads the store's inventory: its rows are the plan's entries. */
export function inventoryFromStore(
  rows: Awaited<ReturnType<Store['getInventory']>>,
): ReadonlyMap<string, InventoryRef> {
  let map = byRef.get(rows);
  if (!map) byRef.set(rows, (map = new Map(rows.map((row) => [row.ref, row]))));
  return map;
}

/** The inventory a store would hold after `plan` was applied. */
export function inventoryFromPlan(plan: ChangeSet): Map<string, InventoryRef> {
  return new Map(
    plan.changes.map((c) => [
      c.key,
      {
        hash: c.hash!,
        battery: c.battery,
        apiVersion: c.desired!.apiVersion,
        kind: c.ref.kind,
        namespace: c.ref.namespace,
        name: c.ref.name,
      },
    ]),
  );
}

/** A PassRecord as runPass builds one (no Battery objects: this set has none). */
export function passRecord(
  plan: ChangeSet,
  applied: readonly ApplyResult[],
  live: ReadonlyMap<string, KubeObject> | Record<string, KubeObject>,
): PassRecord {
  const liveRecord = live instanceof Map ? Object.fromEntries(live) : (live as Record<string, KubeObject>);
  const snapshot = { batteries: {}, live: liveRecord, secretMaterial: {} };
  const byKey = new Map(applied.map((r) => [r.key, r]));
  const objects: ObjectResult[] = plan.changes.map((change) => {
    const result = byKey.get(change.key)!;
    return {
      ref: change.key,
      action: result.outcome === 'unchanged' ? 'unchanged' : change.action,
      hash: change.hash,
      object: change.desired,
      durationMs: Math.round(result.durationMs),
    };
  });
  const now = new Date();
  return {
    startedAt: now,
    finishedAt: now,
    trigger: 'bench',
    status: 'succeeded',
    inputsHash: inputsHashOf(snapshot),
    snapshot,
    objects,
  };
}

/**
 * `BENCH_BASELINE=1`: the pass as it was before the store kept its memory and the plan its drift memo — the
 * inventory read from the database on every pass and again inside the record, the manifest and snapshot hashed and
 * sent every time, every live object compared field by field. For before/after figures in one run of today's code.
 */
export const isBaseline = process.env.BENCH_BASELINE === '1';

/** `store` without its memory between passes (see `isBaseline`). */
export function withoutMemory(store: Store, sql: Sql): Store {
  return {
    ...store,
    getInventory: () => getInventory(sql),
    recordPass: (record) => recordPass(sql, store.redactor, record),
  };
}

export function unchangedResult(change: ChangeSet['changes'][number]): ApplyResult {
  return { key: change.key, action: change.action, outcome: 'unchanged', durationMs: 0 };
}

/** Throws unless exactly `count` results, all with `outcome`; names a few others and any drift. */
export function expectOutcomes(
  what: string,
  results: readonly ApplyResult[],
  outcome: ApplyResult['outcome'],
  count: number,
  plan?: ChangeSet,
): void {
  const matching = results.filter((r) => r.outcome === outcome).length;
  if (matching === count && results.length === count) return;
  const others = results.filter((r) => r.outcome !== outcome).slice(0, 5);
  const drift = plan?.changes.filter((c) => c.action === 'drifted').slice(0, 5);
  throw new Error(
    `${what}: ${matching} of ${results.length} ${outcome}, expected ${count}; e.g. ${JSON.stringify(others)}` +
      (drift?.length ? `; drift: ${JSON.stringify(drift.map((c) => [c.key, c.driftPaths]))}` : ''),
  );
}

/** The kinds of `objects`, for the cache's `watchKinds`. */
export function kindsOf(objects: readonly KubeObject[]) {
  return new Map(
    objects.map((o) => [`${o.apiVersion}/${o.kind}`, { apiVersion: o.apiVersion, kind: o.kind }]),
  ).values();
}

/** Whether the cache holds every one of `objects`. */
export function cachedCount(
  cache: { get(key: string): KubeObject | undefined },
  objects: readonly KubeObject[],
) {
  return objects.filter((o) => cache.get(objectKey(o))).length;
}
