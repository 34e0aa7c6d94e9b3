import type { Store } from '../store/store.js';
import type { InventoryEntry } from './plan/inventory.js';

/**
 * The previous pass's inventory by ref. A store outage must not stop the cluster work (the record waits in
 * `unrecorded`), so when the store cannot be read the pass plans without it: the live objects' own labels still
 * find what to prune, and only objects the cache lost wait for the store to return.
 */
export async function readInventory(
  store: Pick<Store, 'getInventory'>,
): Promise<ReadonlyMap<string, InventoryEntry>> {
  return (await tryReadInventory(store)) ?? new Map();
}

// The store hands out the same inventory array until a pass changes it; so is the map made of it.
const byRef = new WeakMap<readonly InventoryEntry[], ReadonlyMap<string, InventoryEntry>>();

/** The inventory by ref, or undefined when the store cannot be read (then nothing is inferred from its absence). */
export async function tryReadInventory(
  store: Pick<Store, 'getInventory'>,
): Promise<ReadonlyMap<string, InventoryEntry> | undefined> {
  let entries: readonly InventoryEntry[];
  try {
    entries = await store.getInventory();
  } catch {
    return undefined;
  }
  let map = byRef.get(entries);
  if (!map) {
    map = new Map(entries.map((entry) => [entry.ref, entry]));
    byRef.set(entries, map);
  }
  return map;
}
