import { databaseRequests, platformSettings } from './generate.js';
import { renderableInstances } from './generate-instances.js';
import { instanceKey } from './model/instance.js';
import { findBattery } from './catalog/index.js';
import type { SecretRequest } from './model/battery.js';
import { secretMaterialKey, type Snapshot } from './model/snapshot.js';

export interface BatterySecretRequest extends SecretRequest {
  /** The battery that asks (for an instance: the battery that renders it). */
  battery: string;
  /** The instance that asks (`Kind/namespace/name`), if it is an instance's. */
  instance?: string;
  /** `<battery>/<name>` or `<instance>/<name>`: the key in `Snapshot.secretMaterial`. */
  key: string;
}

/** The secret material every installed, valid battery and every renderable instance needs. Invalid specs ask for none. */
export function secretRequests(snapshot: Snapshot): BatterySecretRequest[] {
  const settings = platformSettings(snapshot);
  const context = {
    databaseRequests: databaseRequests(snapshot, settings),
    isInstalled: (other: string) => Object.hasOwn(snapshot.batteries, other),
  };
  const forBatteries = Object.keys(snapshot.batteries)
    .sort()
    .flatMap((type) => {
      const battery = findBattery(type);
      if (!battery?.secrets) return [];
      const parsed = battery.schema.safeParse(snapshot.batteries[type] ?? {});
      if (!parsed.success) return [];
      return battery.secrets(parsed.data, settings.namespaces, context).map((request) => ({
        ...request,
        battery: type,
        key: secretMaterialKey(type, request.name),
      }));
    });
  const forInstances = renderableInstances(snapshot).flatMap(({ definition, instance }) => {
    const key = instanceKey(instance);
    return (definition.secrets?.(instance) ?? []).map((request) => ({
      ...request,
      battery: definition.battery,
      instance: key,
      key: secretMaterialKey(key, request.name),
    }));
  });
  return [...forBatteries, ...forInstances];
}

/**
 * Fills in the secret material the snapshot lacks by calling `mint` (Prepare passes a CSPRNG; tests a
 * deterministic function). Material already present is kept, so passwords never change by themselves.
 */
export function withSecretMaterial(
  snapshot: Snapshot,
  mint: (request: BatterySecretRequest) => string,
): Snapshot {
  const material = { ...snapshot.secretMaterial };
  for (const request of secretRequests(snapshot)) {
    if (material[request.key] === undefined) material[request.key] = mint(request);
  }
  return { ...snapshot, secretMaterial: material };
}

const ALPHABETS: Record<SecretRequest['alphabet'], string> = {
  alphanumeric: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  hex: '0123456789abcdef',
};

/** Maps random bytes onto the request's alphabet without modulo bias (rejection sampling). */
export function secretFromBytes(request: SecretRequest, randomBytes: (count: number) => Uint8Array): string {
  const alphabet = ALPHABETS[request.alphabet];
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < request.length) {
    for (const byte of randomBytes(request.length * 2)) {
      if (byte < limit && out.length < request.length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}
