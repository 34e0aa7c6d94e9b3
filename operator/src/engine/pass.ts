import {
  instanceKeyOf,
  neededBundles,
  type KubeObject,
  type SnapshotBundle,
} from '@batteries-included/batteries';
import { unavailablePort, type PreparedKeycloak } from '../keycloak/keycloak-target.js';
import { applyChangeSet } from './apply/apply-change-set.js';
import { routeApplyPort } from './apply/route-port.js';
import { broadcastStatuses } from './broadcast.js';
import { DEPENDENTS_FINALIZER, planDeletions, type DeletionPlan } from './decide/deletion-hold.js';
import { planPass } from './decide/plan-pass.js';
import { batterySpecs } from './decide/prepare-snapshot.js';
import { recordedOutcome, summarizePass } from './decide/summarize-pass.js';
import { tryReadInventory } from './inventory.js';
import { mintRandom } from './mint-secret.js';
import type { PassDependencies, PassReport } from './pass-dependencies.js';
import { passRecordOf, recordOrKeep } from './record.js';
import type { PlanInventory } from './plan/inventory.js';
import type { PassOutcome } from './vocabulary.js';

/**
 * One pass, top to bottom: prepare → generate → plan → apply → record → broadcast. Each step takes the
 * previous step's value; `summarizePass` classifies the result once, and the runner interprets the outcome.
 */
export async function runPass(
  deps: PassDependencies,
  triggers: readonly string[],
  signal?: AbortSignal,
): Promise<{ outcome: PassOutcome; report: PassReport }> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  deps.bus?.publish({ type: 'pass-started', triggers, at: startedAt.toISOString() });

  // Prepare: one consistent read of the cache. A battery others depend on is held by a finalizer and keeps running.
  const batteryObjects = deps.cache.batteries();
  const instanceObjects = deps.cache.instances?.() ?? [];
  const live = deps.cache.live();
  const deletions = planDeletions(batteryObjects);
  await holdDeletions(deps, deletions);
  const heldBy = new Map(deletions.held.map((h) => [h.battery.metadata.name, h.dependents]));
  const held = new Set(heldBy.keys());
  // Upstream bundles are I/O, so they are obtained before the pure steps; one that cannot be had fails only the
  // batteries that declare it (and keeps what they have in the cluster).
  const bundles = await resolveBundles(deps, batteryObjects, held, signal);
  const inventory = await tryReadInventory(deps.store);
  // Keycloak, the second target: read like the cache (only while sso is installed or Keycloak objects are
  // recorded). When it cannot be used, its objects and the Secrets carrying its credentials wait; nothing else does.
  const keycloak = await prepareKeycloak(deps, batteryObjects, held, live, inventory);

  // Generate and plan (pure): a battery or instance whose generation fails keeps every live object untouched.
  const planned = planPass({
    batteries: batteryObjects,
    instances: instanceObjects,
    live: keycloak.live.size > 0 ? new Map([...live, ...keycloak.live]) : live,
    inventory,
    held,
    bundles,
    mint: mintRandom,
    driftMemo: deps.driftMemo,
  });

  // Apply: staged, bounded; unchanged objects cost nothing, suspected drift is confirmed by dry-run first.
  const applied = await applyChangeSet(planned.changeSet, routeApplyPort(deps.cluster, keycloak.port), {
    signal,
    concurrency: deps.concurrency,
  });
  const result = summarizePass({
    generated: planned.generated.batteries,
    instances: planned.generated.instances,
    changeSet: planned.changeSet,
    kept: planned.kept,
    applied,
    inventory,
    isSuperseded: signal?.aborted ?? false,
  });

  // Record: one transaction; unchanged objects only feed the manifest.
  const record = passRecordOf({
    startedAt,
    finishedAt: now(),
    triggers,
    snapshot: planned.snapshot,
    result,
    batteryObjects,
    instanceObjects,
  });
  const recorded = await recordOrKeep(deps, record);
  // Released deletions: their objects are pruned now, so let the Battery objects go.
  if (result.isComplete) await releaseDeletions(deps, deletions);

  // Broadcast: Battery status conditions and the event stream. A failed status write must not fail the pass: the
  // operator refreshes status again right after it.
  const report: PassReport = {
    passId: recorded?.id,
    batteries: result.batteries,
    heldBy,
    generations: new Map(batteryObjects.map((b) => [b.metadata.name, b.metadata.generation])),
    instances: result.instances,
    instanceGenerations: new Map(
      instanceObjects.map((object) => [instanceKeyOf(object), object.metadata.generation]),
    ),
  };
  await broadcastStatuses(deps, report, batteryObjects, instanceObjects).catch(() => undefined);
  deps.bus?.publish({
    type: 'pass-finished',
    passId: recorded?.id,
    status: result.status,
    counts: recorded?.counts,
    durationMs: record.finishedAt.getTime() - startedAt.getTime(),
    at: now().toISOString(),
  });
  return { outcome: recordedOutcome(result.outcome, recorded, deps.unrecorded?.length ?? 0), report };
}

async function holdDeletions(deps: PassDependencies, deletions: DeletionPlan): Promise<void> {
  for (const battery of deletions.addFinalizer)
    await deps.cluster.addFinalizer(battery, DEPENDENTS_FINALIZER).catch(() => undefined);
}

async function releaseDeletions(deps: PassDependencies, deletions: DeletionPlan): Promise<void> {
  for (const battery of deletions.release)
    await deps.cluster.removeFinalizer(battery, DEPENDENTS_FINALIZER).catch(() => undefined);
}

async function resolveBundles(
  deps: PassDependencies,
  batteryObjects: readonly KubeObject[],
  held: ReadonlySet<string>,
  signal: AbortSignal | undefined,
): Promise<Record<string, SnapshotBundle> | undefined> {
  if (!deps.bundles) return undefined;
  return deps.bundles.resolve(neededBundles(batterySpecs(batteryObjects, held).specs), signal);
}

async function prepareKeycloak(
  deps: PassDependencies,
  batteryObjects: readonly KubeObject[],
  held: ReadonlySet<string>,
  live: ReadonlyMap<string, KubeObject>,
  inventory: PlanInventory | undefined,
): Promise<PreparedKeycloak> {
  if (!deps.keycloak) return NO_KEYCLOAK;
  return deps.keycloak.prepare({ batteries: batterySpecs(batteryObjects, held).specs, live, inventory });
}

/** Without a Keycloak target (a test of Kubernetes alone), Keycloak objects wait and say why. */
const NO_KEYCLOAK: PreparedKeycloak = {
  status: 'unavailable',
  message: 'no Keycloak target is configured',
  live: new Map(),
  port: unavailablePort('no Keycloak target is configured'),
};
