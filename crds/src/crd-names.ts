import { API_GROUP } from '@batteries-included/batteries';

const BATTERY_TYPE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The kind of a battery type's CRD: PascalCase of the kebab-case type, plus `Battery`.
 * @example crdKind('victoria-metrics') // → 'VictoriaMetricsBattery'
 */
export function crdKind(type: string): string {
  assertBatteryType(type);
  const pascal = type
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  return `${pascal}Battery`;
}

/**
 * The resource name `kubectl get` and the API path use: the lower-case kind.
 * @example crdSingular('victoria-metrics') // → 'victoriametricsbattery'
 */
export function crdSingular(type: string): string {
  return crdKind(type).toLowerCase();
}

/**
 * The plural resource name: the lower-case kind, pluralised (every kind ends in `Battery`, so `…batteries`).
 * @example crdPlural('victoria-metrics') // → 'victoriametricsbatteries'
 */
export function crdPlural(type: string): string {
  const plural = pluralise(crdSingular(type));
  if (plural.length > 63) {
    throw new RangeError(`battery type "${type}": the plural "${plural}" is longer than 63 characters`);
  }
  return plural;
}

/**
 * The CRD's `metadata.name`: `<plural>.<group>`.
 * @example crdName('redis') // → 'redisbatteries.batteries.batteriesincl.com'
 */
export function crdName(type: string): string {
  return `${crdPlural(type)}.${API_GROUP}`;
}

/** Checks a battery's short name, which `kubectl get <shortName>` accepts. */
export function assertShortName(type: string, shortName: string): void {
  if (!DNS_LABEL.test(shortName)) {
    throw new RangeError(
      `battery type "${type}": shortName "${shortName}" must be lower-case letters, digits and -, starting with a letter`,
    );
  }
}

function pluralise(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

function assertBatteryType(type: string): void {
  if (!BATTERY_TYPE.test(type)) {
    throw new RangeError(
      `battery type "${type}" must be kebab-case: lower-case words of letters and digits joined by -, e.g. victoria-metrics`,
    );
  }
}
