import { Buffer } from 'node:buffer';
import {
  BATTERY_LABEL,
  HASH_ANNOTATION,
  hashObject,
  objectKey,
  type KubeObject,
} from '@batteries-included/batteries';
import type { ObjectResult, PassRecord, ResultAction } from './types.js';

/** Test values for the store's unit and contract tests: small, valid, deterministic objects and records. */

/** A generated ConfigMap carrying the battery label and its own hash annotation, as Generate emits them. */
export function configMap(
  name: string,
  data: Record<string, string>,
  battery = 'core',
  namespace = 'battery-core',
): KubeObject {
  return stamp({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels: { [BATTERY_LABEL]: battery } },
    data,
  });
}

/** A generated Secret; `data` values are base64 of the given strings. */
export function secret(
  name: string,
  values: Record<string, string>,
  options: { stringData?: Record<string, string>; battery?: string; namespace?: string } = {},
): KubeObject {
  const data = Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
  );
  return stamp({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace: options.namespace ?? 'battery-core',
      labels: { [BATTERY_LABEL]: options.battery ?? 'core' },
    },
    data,
    ...(options.stringData ? { stringData: options.stringData } : {}),
  });
}

function stamp(object: KubeObject): KubeObject {
  return {
    ...object,
    metadata: { ...object.metadata, annotations: { [HASH_ANNOTATION]: hashObject(object) } },
  };
}

/** An ObjectResult for a desired object. */
export function result(
  action: ResultAction,
  object: KubeObject,
  extra: Partial<ObjectResult> = {},
): ObjectResult {
  return { ref: objectKey(object), action, hash: hashObject(object), object, ...extra };
}

/** An ObjectResult for an object no longer desired. */
export function removal(
  action: 'prune' | 'orphan' | 'failed',
  ref: string,
  hash = 'f'.repeat(64),
): ObjectResult {
  return { ref, action, hash };
}

let clock = Date.parse('2026-11-23T12:00:00.000Z');

/** A succeeded pass over `objects` with one core battery; each call starts one second after the last. */
export function passRecord(
  objects: readonly ObjectResult[],
  overrides: Partial<PassRecord> = {},
): PassRecord {
  clock += 1000;
  return {
    startedAt: new Date(clock),
    finishedAt: new Date(clock + 250),
    trigger: 'resync',
    status: 'succeeded',
    inputsHash: 'a'.repeat(64),
    snapshot: { batteries: { core: { namespaces: { core: 'battery-core' } } }, live: {}, secretMaterial: {} },
    objects,
    ...overrides,
  };
}
