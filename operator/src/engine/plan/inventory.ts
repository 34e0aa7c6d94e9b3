import { splitApiVersion, type ObjectRef } from '@batteries-included/batteries';

/**
 * A managed object as the platform last recorded it: one row of the store's inventory, written by the pass that
 * last applied it. Defined here, in the pure core, because planning reads it (it finds objects the cache lost);
 * the store returns exactly these.
 */
export interface InventoryEntry {
  /** The canonical ref string (`formatRef`). */
  ref: string;
  /** The hash (`batteriesincl.com/hash`) last applied. */
  hash: string;
  /** The stored (redacted) object last applied. */
  documentHash: string;
  /** The battery whose label the object carried; empty when it had none. */
  battery: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** The pass that last wrote the entry; absent once that pass is reaped. */
  passId?: number;
}

/** What planning reads of an inventory entry: enough to name, own and delete the object. */
export type InventoryRef = Pick<InventoryEntry, 'hash' | 'apiVersion' | 'kind' | 'namespace' | 'name'> &
  Partial<Pick<InventoryEntry, 'battery'>>;

/** The previous pass's objects by canonical ref string, as planning reads them. */
export type PlanInventory = ReadonlyMap<string, InventoryRef>;

/** The object ref an inventory entry names. */
export function refOfEntry(entry: InventoryRef): ObjectRef {
  const { group, version } = splitApiVersion(entry.apiVersion);
  const ref: ObjectRef = { group, version, kind: entry.kind, name: entry.name };
  if (entry.namespace) ref.namespace = entry.namespace;
  return ref;
}

/** An entry's battery, or undefined when it recorded none. */
export function batteryOfEntry(entry: InventoryRef | undefined): string | undefined {
  return entry?.battery || undefined;
}
