// What "the store agrees with the world" means, as checks that return their problems (empty when consistent), so
// a failing test prints every discrepancy at once.
import type { Store } from '../store/store.js';
import type { PassSummary } from '../store/types.js';
import { liveHashes, liveManagedObjects, type HasKubectl } from './platform-state.js';

/** Every recorded pass, oldest first. */
export async function allPasses(store: Store): Promise<PassSummary[]> {
  const passes: PassSummary[] = [];
  let before: number | undefined;
  do {
    const page = await store.listPasses({ limit: 500, before });
    passes.push(...page.passes);
    before = page.nextBefore;
  } while (before !== undefined);
  return passes.reverse();
}

/**
 * What "no duplicate or lost records" means for the pass history: ids strictly increasing in the order the
 * passes ran (started), and no pass recorded twice (the same start and trigger under two ids). Returns the
 * problems found, empty when consistent.
 */
export function passHistoryProblems(passes: readonly PassSummary[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const [i, pass] of passes.entries()) {
    const previous = passes[i - 1];
    if (previous && pass.id <= previous.id) problems.push(`pass ${pass.id} listed after pass ${previous.id}`);
    if (previous && pass.startedAt < previous.startedAt)
      problems.push(`pass ${pass.id} started before the earlier-recorded pass ${previous.id}`);
    const identity = `${pass.startedAt.toISOString()} ${pass.trigger}`;
    const twin = seen.get(identity);
    if (twin !== undefined) problems.push(`pass ${pass.id} repeats pass ${twin} (${identity})`);
    seen.set(identity, pass.id);
  }
  return problems;
}

/** Differences between the store's inventory and the live managed set, by ref and hash; empty when equal. */
export async function inventoryProblems(store: Store, platform: HasKubectl): Promise<string[]> {
  const inventory = new Map((await store.getInventory()).map((entry) => [entry.ref, entry.hash]));
  const live = liveHashes(await liveManagedObjects(platform));
  const problems: string[] = [];
  for (const [ref, hash] of live) {
    if (!inventory.has(ref)) problems.push(`${ref}: live but not in the inventory`);
    else if (inventory.get(ref) !== hash)
      problems.push(`${ref}: live hash ${hash}, inventory ${inventory.get(ref)}`);
  }
  for (const ref of inventory.keys()) if (!live.has(ref)) problems.push(`${ref}: in the inventory, not live`);
  return problems;
}
