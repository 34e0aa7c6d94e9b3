import { findBattery, CATALOG } from './catalog/index.js';
import { bundleKey, type UpstreamBundle } from './model/bundle.js';

/** A bundle and the batteries that declare it. */
export interface NeededBundle {
  readonly bundle: UpstreamBundle;
  /** `<name>@<version>`. */
  readonly key: string;
  readonly batteries: readonly string[];
}

/**
 * The bundles the given batteries declare for their specs, one entry per bundle key, sorted by key. Unknown
 * types and invalid specs are skipped (Generate reports them). With no argument: every battery in the catalog
 * with its default spec (`bi bundles pull`).
 */
export function neededBundles(
  batteries: Readonly<Record<string, unknown>> = Object.fromEntries(CATALOG.map((b) => [b.type, {}])),
): NeededBundle[] {
  const byKey = new Map<string, { bundle: UpstreamBundle; batteries: string[] }>();
  for (const type of Object.keys(batteries).sort()) {
    const battery = findBattery(type);
    if (!battery?.bundles) continue;
    const parsed = battery.schema.safeParse(batteries[type] ?? {});
    if (!parsed.success) continue;
    for (const bundle of battery.bundles(parsed.data)) {
      const key = bundleKey(bundle);
      const entry = byKey.get(key) ?? { bundle, batteries: [] };
      entry.batteries.push(type);
      byKey.set(key, entry);
    }
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, { bundle, batteries }]) => ({ key, bundle, batteries }));
}
