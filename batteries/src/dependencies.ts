import { CATALOG, findBattery } from './catalog/index.js';
import type { BatteryDefinition } from './model/battery.js';

export class UnknownBatteryError extends Error {
  override readonly name = 'UnknownBatteryError';
  constructor(readonly type: string) {
    super(`unknown battery "${type}"; known batteries: ${CATALOG.map((b) => b.type).join(', ')}`);
  }
}

export class DependencyCycleError extends Error {
  override readonly name = 'DependencyCycleError';
  constructor(readonly cycle: readonly string[]) {
    super(`battery dependency cycle: ${cycle.join(' → ')}`);
  }
}

/**
 * The batteries to install, dependencies first (depth-first, each once), for the given types.
 * @example installOrder(['grafana']) // ['core', 'grafana']
 */
export function installOrder(
  types: readonly string[],
  catalog: readonly BatteryDefinition[] = CATALOG,
): string[] {
  const lookup = new Map(catalog.map((b) => [b.type, b]));
  const order: string[] = [];
  const done = new Set<string>();
  const visiting: string[] = [];
  const visit = (type: string) => {
    if (done.has(type)) return;
    const cycleStart = visiting.indexOf(type);
    if (cycleStart >= 0) throw new DependencyCycleError([...visiting.slice(cycleStart), type]);
    const battery = lookup.get(type);
    if (!battery) throw new UnknownBatteryError(type);
    visiting.push(type);
    for (const dep of battery.dependencies) visit(dep);
    visiting.pop();
    done.add(type);
    order.push(type);
  };
  for (const type of types) visit(type);
  return order;
}

/** Installed batteries that depend on `type`, directly or transitively, sorted. */
export function reverseDependents(
  type: string,
  installed: Iterable<string>,
  catalog: readonly BatteryDefinition[] = CATALOG,
): string[] {
  const lookup = new Map(catalog.map((b) => [b.type, b]));
  const installedSet = new Set(installed);
  const result = new Set<string>();
  let frontier = [type];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const candidate of installedSet) {
      if (result.has(candidate)) continue;
      const deps = lookup.get(candidate)?.dependencies ?? [];
      if (frontier.some((t) => deps.includes(t))) {
        result.add(candidate);
        next.push(candidate);
      }
    }
    frontier = next;
  }
  return [...result].sort();
}

/** Uninstall order: dependents before what they depend on (the reverse of the install order). */
export function uninstallOrder(types: readonly string[]): string[] {
  const wanted = new Set(types);
  return installOrder(types)
    .filter((t) => wanted.has(t))
    .reverse();
}

export { findBattery };
