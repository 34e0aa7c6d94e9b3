import type { Store } from '../store/store.js';
import type { InventoryEntry } from './plan/inventory.js';

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

/** The inventory by ref, or undefined when the store cannot be read (then nothing is inferred from its absence). */
export async function tryReadInventory(
  store: Pick<Store, 'getInventory'>,
): Promise<Map<string, InventoryEntry> | undefined> {
  try {
    return new Map((await store.getInventory()).map((entry) => [entry.ref, entry]));
  } catch {
    return undefined;
  }
}
