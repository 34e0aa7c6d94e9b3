import {
  canonicalJson,
  neededBundles,
  objectKey,
  sha256Hex,
  splitApiVersion,
  type BatteryResult,
  type KubeObject,
  type ObjectRef,
  type Snapshot,
  type SnapshotBundle,
} from '@batteries-included/batteries';
import type { BundleResolver } from '../bundles/resolve-bundles.js';
import type { BatteryStatus } from '@batteries-included/crds';
import type { Store } from '../store/store.js';
import type { ObjectResult, PassRecord, PassStatus } from '../store/types.js';
import { applyChangeSet, WAITING_FOR_CRD } from './apply/apply-change-set.js';
import type { ApplyPort } from './apply/apply-port.js';
import type { ApplyResult } from './apply/apply-result.js';
import { batteryStatus } from './battery-status.js';
import type { EventBus } from './event-bus.js';
import type { PassOutcome } from './pass-outcome.js';
import { type Change, type InventoryEntry } from './plan/index.js';
import { batterySpecs } from './prepare.js';
import { planPass } from './preview.js';
import { DEPENDENTS_FINALIZER, planDeletions } from './deletion-hold.js';
import { specChangeInfo } from '../rollback/spec-change-info.js';

/** What a pass reads and writes through; `main.ts` wires the real ones, integration tests too. */
export interface PassDependencies {
  /** Battery objects and managed objects, from the informer cache (no per-object GETs). */
  cache: { batteries(): readonly KubeObject[]; live(): ReadonlyMap<string, KubeObject> };
  cluster: ApplyPort & {
    patchBatteryStatus(battery: KubeObject, status: BatteryStatus): Promise<void>;
    addFinalizer(battery: KubeObject, finalizer: string): Promise<unknown>;
    removeFinalizer(battery: KubeObject, finalizer: string): Promise<unknown>;
    createEvent(
      battery: KubeObject,
      event: { type: 'Normal' | 'Warning'; reason: string; message: string },
    ): Promise<void>;
  };
  store: Store;
  /** Obtains the upstream bundles the batteries declare (cache, pushed ConfigMaps, HTTPS). Absent: none. */
  bundles?: BundleResolver;
  bus?: EventBus;
  now?: () => Date;
  /** Apply concurrency within a stage. Default 16. */
  concurrency?: number;
  /**
   * Passes applied while the store was unreachable, oldest first: recorded, in order, before the next pass's own
   * record once the store answers again. Owned by the caller so it outlives one pass.
   */
  unrecorded?: PassRecord[];
}

/** The latest pass's results per battery, kept so status can be recomputed when only readiness changes. */
export interface PassReport {
  passId?: number;
  results: BatteryResult[];
  applied: ApplyResult[];
  generations: Map<string, number | undefined>;
  /** Deleting batteries kept because installed batteries depend on them, with those dependents. */
  heldBy: Map<string, string[]>;
}

/**
 * One pass, top to bottom: prepare → generate → plan → apply → record → broadcast. Each step takes the
 * previous step's value; the outcome is interpreted by the runner (retry after failures, otherwise done).
 */
export async function runPass(
  deps: PassDependencies,
  triggers: readonly string[],
  signal?: AbortSignal,
): Promise<{ outcome: PassOutcome; report: PassReport }> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  deps.bus?.publish({ type: 'pass-started', triggers, at: startedAt.toISOString() });

  // Prepare: one consistent read of the cache; secret material read back or minted here, never in Generate.
  const batteryObjects = deps.cache.batteries();
  const live = deps.cache.live();
  // Deletions: a battery others depend on is held by a finalizer and keeps running until they are gone.
  const deletions = planDeletions(batteryObjects);
  for (const battery of deletions.addFinalizer)
    await deps.cluster.addFinalizer(battery, DEPENDENTS_FINALIZER).catch(() => undefined);
  const heldBy = new Map(deletions.held.map((h) => [h.battery.metadata.name, h.dependents]));
  const held = new Set(heldBy.keys());
  // Upstream bundles are I/O, so they are obtained here, before the pure steps; a bundle that cannot be had fails
  // only the batteries that declare it.
  const bundles = deps.bundles
    ? await deps.bundles.resolve(neededBundles(batterySpecs(batteryObjects, held).specs), signal)
    : undefined;
  // Prepare → generate (pure; one battery's failure never blocks another's objects) → plan against the live cache
  // and the previous pass's inventory (which finds objects the cache lost).
  const inventory = await tryReadInventory(deps.store);
  const { snapshot, generated, changeSet } = planPass({
    batteries: batteryObjects,
    live,
    inventory: inventory ?? new Map(),
    held,
    bundles,
  });

  // Apply: staged, bounded; unchanged objects cost nothing, suspected drift is confirmed by dry-run first.
  const applied = await applyChangeSet(changeSet, deps.cluster, { signal, concurrency: deps.concurrency });

  // Record: one transaction; unchanged objects only feed the manifest.
  const status = passStatus(applied, signal);
  const record: PassRecord = {
    startedAt,
    finishedAt: now(),
    trigger: triggers.join(','),
    status,
    inputsHash: sha256Hex(
      canonicalJson({
        batteries: snapshot.batteries,
        live: Object.keys(snapshot.live),
        ...(snapshot.bundles ? { bundles: recordedBundles(snapshot.bundles) } : {}),
      }),
    ),
    snapshot: recordedSnapshot(snapshot),
    objects: objectResults(changeSet.changes, applied, inventory),
    // Who changed each spec and when, for battery_history (the store keeps it only when a spec changed).
    batteries: Object.fromEntries(
      batteryObjects
        .filter((battery) => Object.hasOwn(snapshot.batteries, battery.metadata.name))
        .map((battery) => [battery.metadata.name, specChangeInfo(battery)]),
    ),
  };
  const recorded = await recordOrKeep(deps, record);

  // Released deletions: their objects are pruned now, so let the Battery objects go.
  if (!applied.some((r) => r.outcome === 'failed' || r.outcome === 'skipped')) {
    for (const battery of deletions.release)
      await deps.cluster.removeFinalizer(battery, DEPENDENTS_FINALIZER).catch(() => undefined);
  }

  // Broadcast: Battery status conditions and the event stream.
  const report: PassReport = {
    passId: recorded?.id,
    results: generated.batteries,
    heldBy,
    applied,
    generations: new Map(
      batteryObjects.map((b) => [b.metadata.name, (b.metadata as { generation?: number }).generation]),
    ),
  };
  // A failed status write must not fail the pass: the operator refreshes status again right after it.
  await broadcastStatuses(deps, report, batteryObjects).catch(() => undefined);
  const durationMs = record.finishedAt.getTime() - startedAt.getTime();
  deps.bus?.publish({
    type: 'pass-finished',
    passId: recorded?.id,
    status,
    counts: recorded?.counts,
    durationMs,
    at: now().toISOString(),
  });

  const failed = applied.filter((r) => r.outcome === 'failed').length;
  const waiting = applied.filter(
    (r) => r.outcome === 'skipped' && r.message?.includes(WAITING_FOR_CRD),
  ).length;
  const unavailable = generated.batteries.filter(
    (b) => b.status === 'failed' && b.reason === 'BundleUnavailable',
  );
  const outcome: PassOutcome =
    failed > 0
      ? { kind: 'retry', reason: `${failed} object(s) failed`, passId: recorded?.id }
      : waiting > 0 || unavailable.length > 0
        ? {
            kind: 'retry',
            reason: [
              waiting > 0 ? `${waiting} object(s) wait for their CRD` : '',
              unavailable.length > 0
                ? `bundles unavailable for ${unavailable.map((b) => b.type).join(', ')}`
                : '',
            ]
              .filter(Boolean)
              .join('; '),
            passId: recorded?.id,
          }
        : !recorded
          ? {
              kind: 'retry',
              reason: `the store is unavailable; ${deps.unrecorded?.length ?? 0} pass(es) await recording`,
            }
          : { kind: 'done', passId: recorded.id };
  return { outcome, report };
}

/**
 * Writes each Battery's status from the latest pass and the current cache. Called after every pass and, cheaply,
 * when only readiness changed (a Deployment became Available), so `Ready` follows the cluster without a pass.
 */
export async function broadcastStatuses(
  deps: PassDependencies,
  report: PassReport,
  batteryObjects = deps.cache.batteries(),
): Promise<void> {
  const now = (deps.now ?? (() => new Date()))().toISOString();
  const live = deps.cache.live();
  const failures: unknown[] = [];
  for (const object of batteryObjects) {
    const result = report.results.find((r) => r.type === object.metadata.name);
    if (!result) continue;
    const previous = (object.status as BatteryStatus | undefined)?.conditions;
    const keys = new Set(result.status === 'generated' ? result.objects.map((o) => objectKey(o)) : []);
    const status = batteryStatus({
      result,
      applied: report.applied.filter((r) => keys.has(r.key)),
      live,
      generation: report.generations.get(object.metadata.name),
      passId: report.passId,
      previous,
      heldBy: report.heldBy.get(object.metadata.name),
      now,
    });
    if (sameStatus(object.status as BatteryStatus | undefined, status)) continue;
    try {
      await deps.cluster.patchBatteryStatus(object, status);
    } catch (error) {
      failures.push(error);
      continue;
    }
    await recordTransitions(deps, object, previous, status);
    deps.bus?.publish({ type: 'battery-status', battery: object.metadata.name, status, at: now });
  }
  // A status that could not be written is retried by the caller; the others are already out.
  if (failures.length > 0)
    throw new AggregateError(failures, `${failures.length} Battery status write(s) failed`);
}

/**
 * Records the pass, first flushing any passes that could not be recorded earlier. If the store is down, the
 * cluster work still counts: the record waits in memory (bounded) and the outcome asks for a retry.
 */
async function recordOrKeep(deps: PassDependencies, record: PassRecord) {
  const queue = deps.unrecorded ?? [];
  queue.push(record);
  let last: Awaited<ReturnType<Store['recordPass']>> | undefined;
  try {
    while (queue.length > 0) {
      last = await deps.store.recordPass(queue[0]!);
      queue.shift();
    }
    return last;
  } catch {
    // Keep at most the newest 100: an outage longer than that loses the oldest unrecorded passes, not the process.
    if (queue.length > 100) queue.splice(0, queue.length - 100);
    return undefined;
  }
}

/**
 * The previous pass's inventory by ref. A store outage must not stop the cluster work (the record waits in
 * `unrecorded`), so when the store cannot be read the pass plans without it: the live objects' own labels still
 * find what to prune, and only objects the cache lost wait for the store to return.
 */
export async function readInventory(
  store: Pick<Store, 'getInventory'>,
): Promise<Map<string, InventoryEntry>> {
  return (await tryReadInventory(store)) ?? new Map();
}

/** The inventory, or undefined when the store cannot be read. */
async function tryReadInventory(
  store: Pick<Store, 'getInventory'>,
): Promise<Map<string, InventoryEntry> | undefined> {
  try {
    return new Map((await store.getInventory()).map((entry) => [entry.ref, inventoryEntry(entry)]));
  } catch {
    return undefined;
  }
}

/** A Kubernetes Event on the Battery whenever one of its conditions changes status. */
async function recordTransitions(
  deps: PassDependencies,
  battery: KubeObject,
  previous: BatteryStatus['conditions'],
  status: BatteryStatus,
): Promise<void> {
  for (const condition of status.conditions ?? []) {
    const before = previous?.find((c) => c.type === condition.type);
    if (before?.status === condition.status && before?.reason === condition.reason) continue;
    const type = condition.status === 'False' ? 'Warning' : 'Normal';
    await deps.cluster
      .createEvent(battery, {
        type,
        reason: condition.reason,
        message: `${condition.type}=${condition.status}: ${condition.message}`,
      })
      .catch(() => undefined);
  }
}

function passStatus(applied: readonly ApplyResult[], signal?: AbortSignal): PassStatus {
  if (signal?.aborted) return 'superseded';
  const failed = applied.filter((r) => r.outcome === 'failed').length;
  if (failed === 0) return 'succeeded';
  return failed === applied.length ? 'failed' : 'partial';
}

/** Apply results as the store records them; objects the pass never reached are left out. */
/**
 * Each applied object's row. An object found live with our hash but absent from the recorded inventory was
 * created by a pass that ended before it was recorded (the operator was killed): it is recorded as created now,
 * so history never lacks an object's creation. When the inventory could not be read, nothing is inferred.
 */
function objectResults(
  changes: readonly Change[],
  applied: readonly ApplyResult[],
  inventory: ReadonlyMap<string, InventoryEntry> | undefined,
): ObjectResult[] {
  const byKey = new Map(changes.map((c) => [c.key, c]));
  return applied
    .filter((r) => r.outcome !== 'skipped')
    .map((r) => {
      const change = byKey.get(r.key)!;
      const unrecorded = r.outcome === 'unchanged' && inventory !== undefined && !inventory.has(r.key);
      const action =
        r.outcome === 'failed'
          ? 'failed'
          : unrecorded
            ? 'create'
            : r.outcome === 'unchanged'
              ? 'unchanged'
              : change.action;
      return {
        ref: r.key,
        action,
        hash: change.hash ?? change.liveHash,
        object: change.desired,
        durationMs: Math.round(r.durationMs),
        message: unrecorded ? UNRECORDED_CREATE : r.message,
      };
    });
}

/** The message on a creation recorded late, by the pass after the one that made the object. */
export const UNRECORDED_CREATE =
  'found in the cluster with this hash but in no recorded pass: created by a pass that ended before it was recorded';

/** A store inventory row as the plan's inventory entry: the objects the previous pass left, by ref. */
export function inventoryEntry(entry: {
  ref: string;
  hash: string;
  battery: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}): InventoryEntry {
  const { group, version } = splitApiVersion(entry.apiVersion);
  const ref: ObjectRef = { group, version, kind: entry.kind, name: entry.name };
  if (entry.namespace) ref.namespace = entry.namespace;
  return { hash: entry.hash, battery: entry.battery, ref };
}

/**
 * The snapshot as recorded: bundles by digest only. Their content is in the store's bundle cache under that
 * digest, so a recorded snapshot still names exactly what Generate read, without megabytes of CRDs per pass.
 */
function recordedSnapshot(snapshot: Snapshot): Snapshot {
  return snapshot.bundles ? { ...snapshot, bundles: recordedBundles(snapshot.bundles) } : snapshot;
}

function recordedBundles(bundles: Record<string, SnapshotBundle>): Record<string, SnapshotBundle> {
  return Object.fromEntries(
    Object.entries(bundles).map(([key, entry]) => [
      key,
      'digest' in entry ? { digest: entry.digest, objects: [] } : entry,
    ]),
  );
}

/** Skips no-op status writes: equal apart from timestamps that only move when a condition flips. */
function sameStatus(a: BatteryStatus | undefined, b: BatteryStatus): boolean {
  // lastSnapshot alone moving is not a change: it names the pass at which the status last changed, so a no-op
  // pass writes nothing at all.
  return (
    a !== undefined &&
    canonicalJson({ ...a, lastSnapshot: undefined }) === canonicalJson({ ...b, lastSnapshot: undefined })
  );
}
