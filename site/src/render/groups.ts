import { BATTERY_GROUPS, type BatteryGroup } from '@batteries-included/batteries';

/** The catalog groups as people read them (the console's labels, in the catalog's order). */
export const GROUP_LABELS: Readonly<Record<BatteryGroup, string>> = {
  magic: 'Platform core',
  data: 'Data',
  devtools: 'Developer tools',
  monitoring: 'Monitoring',
  net_sec: 'Network & security',
  ai: 'AI',
};

/** Items grouped by battery group, in catalog order, empty groups left out. */
export function byGroup<T extends { group: BatteryGroup }>(items: readonly T[]): [BatteryGroup, T[]][] {
  return BATTERY_GROUPS.map(
    (group) => [group, items.filter((item) => item.group === group)] as [BatteryGroup, T[]],
  ).filter(([, members]) => members.length > 0);
}
