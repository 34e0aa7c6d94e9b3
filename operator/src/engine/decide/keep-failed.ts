import { BATTERY_LABEL, DATABASE_FOR_LABEL, instanceOwnerOf } from '@batteries-included/batteries';
import { countChanges, type Change, type ChangeSet } from '../plan/change-set.js';
import { isRemoval } from '../vocabulary.js';
import type { GenerationResult } from './generation-failures.js';

/**
 * The labels that name whose generation an object comes from: the battery that generates it, and the battery a
 * shared object serves (a CloudNativePG `Cluster` made for Keycloak's database request carries
 * `batteriesincl.com/database-for: keycloak`, so it depends on Keycloak's spec as much as on its own battery's).
 * Objects of instances are also owned by their instance (`instanceOwnerOf`: the instance labels).
 */
export const OWNER_LABELS: readonly string[] = [BATTERY_LABEL, DATABASE_FOR_LABEL];

/** A plan with the objects of failed generations held out of it. */
export interface KeptPlan {
  changeSet: ChangeSet;
  /**
   * The removals held out: objects of a battery whose generation failed, left exactly as they are (no prune, no
   * orphan label, no update) until it generates again or its Battery object is deleted.
   */
  kept: Change[];
}

/**
 * The batteries whose live objects must be kept because their generation produced nothing this pass: any failure
 * (an invalid spec, a generator error, an unavailable bundle, a duplicate object, an unknown type) and a missing
 * dependency. A battery whose Battery object is gone is not among them (it has no result), so deleting the Battery
 * is what prunes.
 */
export function withheldBatteries(results: readonly GenerationResult[]): Set<string> {
  return new Set(results.filter((result) => result.status !== 'generated').map((result) => result.type));
}

/**
 * The never-prune-on-failure rule (ADR 7): every removal whose object belongs to a withheld battery — by the plan's
 * battery (desired, inventory or live label) or by any of `OWNER_LABELS` on the live object — is taken out of the
 * plan and reported as kept. Failed batteries generate nothing, so nothing of theirs is created or updated either:
 * their objects stay untouched. Pure; the order of the remaining changes is kept.
 */
export function keepWithheld(changeSet: ChangeSet, withheld: ReadonlySet<string>): KeptPlan {
  if (withheld.size === 0) return { changeSet, kept: [] };
  const changes: Change[] = [];
  const kept: Change[] = [];
  for (const change of changeSet.changes) {
    const isKept = isRemoval(change.action) && ownersOf(change).some((owner) => withheld.has(owner));
    (isKept ? kept : changes).push(change);
  }
  if (kept.length === 0) return { changeSet, kept };
  return { changeSet: { changes, counts: countChanges(changes) }, kept };
}

/**
 * Whose generation a planned change depends on: its battery, the owner labels of the live object, and the
 * instance it was rendered for (`Kind/namespace/name`, from the desired or live object's instance labels).
 */
export function ownersOf(change: Change): string[] {
  const owners = new Set<string>();
  if (change.battery) owners.add(change.battery);
  for (const label of OWNER_LABELS) {
    const owner = change.live?.metadata.labels?.[label];
    if (owner) owners.add(owner);
  }
  const instance =
    instanceOwnerOf(change.desired?.metadata.labels) ?? instanceOwnerOf(change.live?.metadata.labels);
  if (instance) owners.add(instance);
  return [...owners];
}
