import { BATTERY_GROUPS, CATALOG, type KubeObject } from '@batteries-included/batteries';
import { batteryState } from './wait-ready.js';

export interface BatteryRow {
  type: string;
  name: string;
  group: string;
  installed: boolean;
  ready: string;
  resources: string;
  dependencies: string[];
  description: string;
}

/** The catalog joined with what is installed: one row per battery type, by group in the console's navigation order. */
export function catalogRows(installed: readonly KubeObject[]): BatteryRow[] {
  const live = new Map(installed.map((b) => [b.metadata.name, b]));
  return CATALOG.map((battery) => {
    const object = live.get(battery.type);
    const state = object ? batteryState(object) : undefined;
    return {
      type: battery.type,
      name: battery.name,
      group: battery.group,
      installed: Boolean(object),
      ready: state ? state.ready : '',
      resources: state?.resources ? `${state.resources.applied}/${state.resources.desired}` : '',
      dependencies: [...battery.dependencies],
      description: battery.description,
    };
  }).sort(
    (a, b) =>
      BATTERY_GROUPS.indexOf(a.group as (typeof BATTERY_GROUPS)[number]) -
        BATTERY_GROUPS.indexOf(b.group as (typeof BATTERY_GROUPS)[number]) || a.type.localeCompare(b.type),
  );
}
