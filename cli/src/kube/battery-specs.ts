import { findBattery, UnknownBatteryError, type KubeObject } from '@batteries-included/batteries';
import { InvalidInputError } from '../lib/errors.js';
import { unknownFields } from '../lib/values.js';
import { batteryObject, type Cluster } from './cluster.js';

export interface BatteryEntry {
  readonly type: string;
  readonly spec: Record<string, unknown>;
}

/**
 * Validates every entry with its battery's schema, all at once: unknown types and every invalid field of every
 * battery are reported together, each naming the battery, the field and what is accepted. Nothing is sent.
 */
export function validateBatteries(entries: readonly BatteryEntry[]): void {
  const issues: string[] = [];
  for (const { type, spec } of entries) {
    const battery = findBattery(type);
    if (!battery) {
      issues.push(new UnknownBatteryError(type).message);
      continue;
    }
    for (const issue of unknownFields(battery.schema, spec)) issues.push(`${type}: ${issue}`);
    let parsed: ReturnType<typeof battery.schema.safeParse>;
    try {
      parsed = battery.schema.safeParse(spec);
    } catch (error) {
      // A refinement that throws on a value an earlier check already rejected is still an invalid value.
      issues.push(`${type}: ${(error as Error).message}`);
      continue;
    }
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.code === 'unrecognized_keys') continue;
        const value = valueAt(spec, issue.path);
        const path = ['spec', ...issue.path.map(String)].join('.');
        issues.push(
          `${type}: ${path}: ${issue.message}${value === undefined ? '' : `; got ${JSON.stringify(value)}`}`,
        );
      }
    }
  }
  if (issues.length > 0) throw new InvalidInputError('invalid battery spec', issues);
}

/**
 * Applies a set of Battery objects all-or-nothing as far as the API allows: first a server-side dry run of every
 * one (admission, CEL rules), and only when all pass, the real applies. Resolves with what the server stored.
 */
export async function applyBatteries(
  cluster: Cluster,
  entries: readonly BatteryEntry[],
): Promise<KubeObject[]> {
  validateBatteries(entries);
  const objects = entries.map(({ type, spec }) => batteryObject(type, spec));
  const dryRuns = await Promise.allSettled(objects.map((o) => cluster.apply(o, { dryRun: true })));
  const refused = dryRuns.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (refused.length > 0) {
    const status = (refused[0] as { status?: number }).status;
    if (status === 422 || status === 400) {
      throw new InvalidInputError(
        'the cluster refused the batteries (nothing was applied)',
        refused.map((e) => e.message),
      );
    }
    throw refused.length === 1
      ? refused[0]!
      : new AggregateError(refused, 'the cluster refused the batteries (nothing was applied)');
  }
  const applied: KubeObject[] = [];
  for (const object of objects) applied.push(await cluster.apply(object));
  return applied;
}

function valueAt(spec: unknown, path: readonly PropertyKey[]): unknown {
  let node = spec;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}
