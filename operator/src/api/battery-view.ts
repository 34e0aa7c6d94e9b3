import { findBattery, type KubeObject } from '@batteries-included/batteries';
import { crdKind, type BatteryStatus } from '@batteries-included/crds';
import type { z } from 'zod';
import type { batteryView } from './schemas.js';

export type BatteryView = z.input<typeof batteryView>;

/** A Battery object as the API shows it: spec, status, the Ready condition at a glance, and its version. */
export function batteryViewOf(battery: KubeObject): BatteryView {
  const type = battery.metadata.name;
  const definition = findBattery(type);
  const { metadata } = battery;
  const status = (battery.status as BatteryStatus | undefined) ?? null;
  const ready = status?.conditions?.find((condition) => condition.type === 'Ready')?.status ?? 'Unknown';
  return {
    type,
    name: definition?.name ?? type,
    group: definition?.group ?? 'magic',
    kind: battery.kind ?? crdKind(type),
    spec: (battery.spec as Record<string, unknown> | undefined) ?? {},
    status,
    ready,
    resourceVersion: metadata.resourceVersion ?? '',
    ...(metadata.generation === undefined ? {} : { generation: metadata.generation }),
    ...(metadata.creationTimestamp ? { createdAt: metadata.creationTimestamp } : {}),
    isDeleting: Boolean(metadata.deletionTimestamp),
  };
}

/** The Battery objects whose name is a catalog type and whose kind matches it, sorted by type. */
export function installedBatteries(batteries: readonly KubeObject[]): KubeObject[] {
  return batteries
    .filter(
      (battery) => findBattery(battery.metadata.name) && battery.kind === crdKind(battery.metadata.name),
    )
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}
