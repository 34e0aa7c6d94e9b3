import { App } from 'cdk8s';
import { CATALOG, findBattery } from './catalog/index.js';
import { coreSchema, settingsFromCore } from './catalog/core/schema.js';
import { OBJECT_HASH_KEY_MATERIAL } from './catalog/core/secrets.js';
import { HostRoute } from './kit/ingress/host-route.js';
import { planIngress, type IngressPlan } from './platform-ingress.js';
import { networkPolicies } from './network/network-policies.js';
import { meshedNamespaces } from './catalog/istio/peer-authentication.js';
import { addConfigHashes } from './config-hash.js';
import { formatIssues } from './format-issues.js';
import { generateInstances, type InstanceResult } from './generate-instances.js';
import { bundleObjectsOf } from './kit/bundle-objects.js';
import { hashOnce, isReused, markReused } from './kit/reused-objects.js';
import type { BatteryDefinition } from './model/battery.js';
import { bundleKey, BundleUnavailableError, type BatteryDatabaseRequest } from './model/bundle.js';
import { InvalidSpecError, MissingSecretMaterialError } from './model/errors.js';
import { objectKey, type KubeObject } from './model/kube-object.js';
import {
  BATTERY_LABEL,
  HASH_ANNOTATION,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  instanceOwnerOf,
} from './model/labels.js';
import type { PlatformSettings } from './model/settings.js';
import { secretMaterialKey, type Snapshot } from './model/snapshot.js';

/** Why a battery produced no objects; mirrors the reasons on its status conditions. */
export type BatteryResult =
  | { type: string; status: 'generated'; objects: KubeObject[] }
  | { type: string; status: 'dependencies-unmet'; missing: string[]; message: string }
  | {
      type: string;
      status: 'failed';
      reason: 'InvalidSpec' | 'GeneratorError' | 'UnknownBattery' | 'BundleUnavailable';
      message: string;
    };

export interface GenerateResult {
  /** Every desired object, labelled and hashed, sorted by `objectKey`. */
  objects: KubeObject[];
  /** One entry per battery in the snapshot, sorted by type. */
  batteries: BatteryResult[];
  /** One entry per instance in the snapshot, sorted by `type` (`Kind/namespace/name`). */
  instances: InstanceResult[];
}

/**
 * Turns a snapshot into the complete desired object set. Pure and deterministic: the same snapshot
 * gives the same bytes on any machine, in any time zone. One battery's failure never blocks another.
 */
export function generate(snapshot: Snapshot): GenerateResult {
  const installed = new Set(Object.keys(snapshot.batteries));
  const settings = platformSettings(snapshot);
  const results: BatteryResult[] = [];
  const databases = databaseRequests(snapshot, settings);
  const batterySpecs = new Map<string, unknown>();
  const ingress = planIngress(snapshot, settings);

  for (const type of [...installed].sort()) {
    results.push(generateBattery(type, snapshot, settings, installed, databases, ingress, batterySpecs));
  }
  // Instances render through their battery in the same pass; one that fails fails only itself.
  const batteryFailures = new Map(
    results.flatMap((r) => (r.status === 'generated' ? [] : [[r.type, r.message] as const])),
  );
  const instances = generateInstances({
    snapshot,
    settings,
    installed,
    batterySpecs,
    batteryFailures,
    ingress,
  });

  if (settings.networkPolicies) addNetworkPolicies(results, installed, settings, ingress);
  const objects = [
    ...results.flatMap((r) => (r.status === 'generated' ? r.objects : [])),
    ...instances.flatMap((r) => (r.status === 'generated' ? r.objects : [])),
  ];
  // Secrets are hashed under the installation's key (core's secret material), so no digest reveals their values.
  const hashKey = snapshot.secretMaterial[OBJECT_HASH_KEY_MATERIAL];
  const withConfigHashes = addConfigHashes(objects, hashKey);
  const finished = withConfigHashes.map((object) => stampHash(object, hashKey)).sort(byKey);
  // Each object goes back to its owner: the instance it was rendered for, else its battery.
  const byOwner = new Map<string, KubeObject[]>();
  for (const object of finished) {
    const labels = object.metadata.labels!;
    const owner = instanceOwnerOf(labels) ?? labels[BATTERY_LABEL]!;
    const list = byOwner.get(owner);
    if (list) list.push(object);
    else byOwner.set(owner, [object]);
  }
  return {
    objects: finished,
    batteries: results.map((r) =>
      r.status === 'generated' ? { ...r, objects: byOwner.get(r.type) ?? [] } : r,
    ),
    instances: instances.map((r) =>
      r.status === 'generated' ? { ...r, objects: byOwner.get(r.type) ?? [] } : r,
    ),
  };
}

/** Platform settings from the core battery's spec; catalog defaults when the core battery is absent or invalid. */
export function platformSettings(snapshot: Snapshot): PlatformSettings {
  const parsed = coreSchema.safeParse(snapshot.batteries.core ?? {});
  return settingsFromCore(parsed.success ? parsed.data : coreSchema.parse({}));
}

function generateBattery(
  type: string,
  snapshot: Snapshot,
  settings: PlatformSettings,
  installed: ReadonlySet<string>,
  databases: readonly BatteryDatabaseRequest[],
  ingress: IngressPlan,
  parsedSpecs: Map<string, unknown>,
): BatteryResult {
  const battery = findBattery(type);
  if (!battery) {
    return { type, status: 'failed', reason: 'UnknownBattery', message: `${type}: not in the catalog` };
  }
  const missing = battery.dependencies.filter((dep) => !installed.has(dep));
  if (missing.length > 0) {
    const list = missing.join(', ');
    return {
      type,
      status: 'dependencies-unmet',
      missing,
      message: `requires ${list}, which ${missing.length === 1 ? 'is' : 'are'} not installed; install with: bi battery install ${missing.join(' ')}`,
    };
  }
  const parsed = battery.schema.safeParse(snapshot.batteries[type] ?? {}, { reportInput: true });
  if (!parsed.success) {
    const error = new InvalidSpecError(type, formatIssues(parsed.error));
    return { type, status: 'failed', reason: 'InvalidSpec', message: error.message };
  }
  const refusals = ingress.refusals.get(type);
  if (refusals) {
    const error = new InvalidSpecError(type, [...refusals]);
    return { type, status: 'failed', reason: 'InvalidSpec', message: error.message };
  }
  try {
    const objects = synthBattery(battery, parsed.data, snapshot, settings, installed, databases, ingress);
    parsedSpecs.set(type, parsed.data);
    return { type, status: 'generated', objects };
  } catch (error) {
    if (error instanceof BundleUnavailableError)
      return { type, status: 'failed', reason: 'BundleUnavailable', message: error.message };
    const message = error instanceof Error ? error.message : String(error);
    return { type, status: 'failed', reason: 'GeneratorError', message: `${type}: ${message}` };
  }
}

function synthBattery(
  battery: BatteryDefinition,
  spec: unknown,
  snapshot: Snapshot,
  settings: PlatformSettings,
  installed: ReadonlySet<string>,
  databases: readonly BatteryDatabaseRequest[],
  { ingress }: IngressPlan,
): KubeObject[] {
  // Every declared bundle must be present before the chart runs, so a missing one fails the battery whole —
  // unless it is optional: then the chart gets the error when it asks for it, and decides.
  const bundles = new Map<string, readonly KubeObject[] | BundleUnavailableError>();
  for (const declared of battery.bundles?.(spec) ?? []) {
    const key = bundleKey(declared);
    const entry = snapshot.bundles?.[key];
    const value =
      entry === undefined
        ? new BundleUnavailableError(battery.type, key, 'not obtained by Prepare', declared.urls[0])
        : 'error' in entry
          ? new BundleUnavailableError(battery.type, key, entry.error, entry.url)
          : entry.objects;
    if (value instanceof BundleUnavailableError && !declared.optional) throw value;
    bundles.set(declared.name, value);
  }
  const app = new App({ outdir: 'unused' });
  const chart = battery.chart(app, {
    spec,
    settings,
    isInstalled: (other) => installed.has(other),
    secret: (name) => {
      const value = snapshot.secretMaterial[secretMaterialKey(battery.type, name)];
      if (value === undefined) throw new MissingSecretMaterialError(battery.type, name);
      return value;
    },
    live: (key) => snapshot.live[key],
    bundle: (name) => {
      const objects = bundles.get(name);
      if (!objects) throw new Error(`bundle ${name} is not declared by the battery`);
      if (objects instanceof BundleUnavailableError) throw objects;
      return objects;
    },
    databaseRequests: databases,
    ingress,
  });
  // Routes follow from the declared hosts, so no chart writes its own and every one has a listener to attach to.
  if (ingress.hasGateway)
    for (const host of ingress.hosts.filter((h) => h.battery === battery.type && !h.instance))
      new HostRoute(chart, `host-route-${host.name}`, { host, ingress });
  return [
    ...(chart.toJson() as KubeObject[]).map((object) => withLabels(object, battery.type)),
    // Prepared once per bundle (see includeBundle), labelled once per battery, hashed once (see stampHash).
    ...bundleObjectsOf(chart).map((object) => labelledBundleObject(object, battery.type)),
  ];
}

/**
 * Adds each generated battery's NetworkPolicies (see `networkPolicies`): they depend on every battery's output (its
 * workloads are the peers), so they are made once all batteries have generated.
 */
function addNetworkPolicies(
  results: BatteryResult[],
  installed: ReadonlySet<string>,
  settings: PlatformSettings,
  { ingress }: IngressPlan,
): void {
  const generated = new Map(
    results.flatMap((r) =>
      r.status === 'generated'
        ? [[r.type, { own: r.objects.filter((o) => !isReused(o)), all: r.objects }] as const]
        : [],
    ),
  );
  const policies = networkPolicies({
    batteries: generated,
    installed,
    find: findBattery,
    hosts: ingress.hosts,
    meshedNamespaces: new Set(installed.has('istio') ? meshedNamespaces(settings.namespaces) : []),
  });
  for (const result of results)
    if (result.status === 'generated')
      result.objects.push(
        ...(policies.get(result.type) ?? []).map((policy) => withLabels(policy, result.type)),
      );
}

/** Labelled bundle objects by prepared object and battery type; frozen and reused, so their hashes are kept too. */
const labelledBundleObjects = new WeakMap<KubeObject, Map<string, KubeObject>>();

function labelledBundleObject(object: KubeObject, type: string): KubeObject {
  const byType = labelledBundleObjects.get(object) ?? new Map<string, KubeObject>();
  labelledBundleObjects.set(object, byType);
  let labelled = byType.get(type);
  if (!labelled) {
    labelled = markReused(withLabels(object, type));
    byType.set(type, labelled);
  }
  return labelled;
}

/**
 * Every installed, valid battery's database requests, sorted by namespace and name. A battery with an invalid
 * spec asks for none (it fails on its own), so one bad spec never changes another battery's output.
 */
export function databaseRequests(
  snapshot: Snapshot,
  settings: PlatformSettings = platformSettings(snapshot),
): BatteryDatabaseRequest[] {
  const requests: BatteryDatabaseRequest[] = [];
  for (const type of Object.keys(snapshot.batteries).sort()) {
    const battery = findBattery(type);
    if (!battery?.databases) continue;
    if (battery.dependencies.some((dep) => !Object.hasOwn(snapshot.batteries, dep))) continue;
    const parsed = battery.schema.safeParse(snapshot.batteries[type] ?? {});
    if (!parsed.success) continue;
    for (const request of battery.databases(parsed.data, settings))
      requests.push({ ...request, battery: type });
  }
  return requests.sort((a, b) =>
    a.namespace === b.namespace ? (a.name < b.name ? -1 : 1) : a.namespace < b.namespace ? -1 : 1,
  );
}

function withLabels(object: KubeObject, type: string): KubeObject {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: { ...object.metadata.labels, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [BATTERY_LABEL]: type },
    },
  };
}

function stampHash(object: KubeObject, hashKey: string | undefined): KubeObject {
  // A reused object (a bundle's, a memoized instance render's) that config hashes left alone keeps last pass's hash.
  const hash = hashOnce(object, hashKey);
  return {
    ...object,
    metadata: {
      ...object.metadata,
      annotations: { ...object.metadata.annotations, [HASH_ANNOTATION]: hash },
    },
  };
}

function byKey(a: KubeObject, b: KubeObject): number {
  const ka = objectKey(a);
  const kb = objectKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export { CATALOG, formatIssues };
