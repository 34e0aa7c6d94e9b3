import { App, Chart } from 'cdk8s';
import type { z } from 'zod';
import { findInstanceKind } from './catalog/index.js';
import { formatIssues } from './format-issues.js';
import { canonicalJson } from './hash/canonical-json.js';
import { markReused } from './kit/reused-objects.js';
import { memoKey, RenderMemo } from './render-memo.js';
import { MissingSecretMaterialError } from './model/errors.js';
import {
  instanceKey,
  type Instance,
  type InstanceDefinition,
  type InstanceProblem,
  type SnapshotInstance,
} from './model/instance.js';
import type { KubeObject } from './model/kube-object.js';
import {
  BATTERY_LABEL,
  INSTANCE_KIND_LABEL,
  INSTANCE_LABEL,
  INSTANCE_NAMESPACE_LABEL,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
} from './model/labels.js';
import type { PlatformSettings } from './model/settings.js';
import type { IngressPlan } from './platform-ingress.js';
import { secretMaterialKey, type Snapshot } from './model/snapshot.js';

/** Which instance a result is about, and the battery that renders it. */
export interface InstanceIdentity {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** The owning battery type ('' for a kind the catalog does not know). */
  readonly battery: string;
}

/** Why an instance produced no objects. */
export type InstanceFailureReason =
  'UnknownKind' | 'InvalidName' | 'InvalidSpec' | 'BatteryFailed' | 'GeneratorError';

/**
 * What Generate said about one instance, in the same shape as a battery's result (`type` is `instanceKey`), so
 * the engine's rules (never prune on failure, status) apply to both. A missing owning battery is
 * `dependencies-unmet`.
 */
export type InstanceResult = { instance: InstanceIdentity } & (
  | {
      type: string;
      status: 'generated';
      objects: KubeObject[];
      /** Connection information for the status; never secret values. */
      connection?: Readonly<Record<string, string>>;
      /** What keeps the instance from being Ready although it rendered (a missing credential grant). */
      problems: readonly InstanceProblem[];
    }
  | { type: string; status: 'dependencies-unmet'; missing: string[]; message: string }
  | { type: string; status: 'failed'; reason: InstanceFailureReason; message: string }
);

/** What rendering instances needs from the battery pass. */
export interface InstancePassInput {
  snapshot: Snapshot;
  settings: PlatformSettings;
  installed: ReadonlySet<string>;
  /** The parsed spec of every battery that generated this pass; an instance of any other battery fails. */
  batterySpecs: ReadonlyMap<string, unknown>;
  /** Why a battery that is installed did not generate, by type. */
  batteryFailures: ReadonlyMap<string, string>;
  /** The platform's ingress, with the instances' hosts and the ones refused. */
  ingress: IngressPlan;
}

/** DNS label: what every instance name must be, since it becomes part of object and host names. */
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** An instance whose kind is known, whose battery is installed and whose spec and name are valid. */
interface ValidInstance {
  readonly definition: InstanceDefinition;
  readonly instance: Instance;
}

/**
 * Sorts instances into those that can render and the results of those that cannot. Pure. Invalid names and
 * specs, unknown kinds and missing batteries each fail only their instance.
 */
export function parseInstances(
  instances: readonly SnapshotInstance[],
  installed: ReadonlySet<string>,
): { valid: ValidInstance[]; results: InstanceResult[] } {
  const valid: ValidInstance[] = [];
  const results: InstanceResult[] = [];
  for (const raw of sortInstances(instances)) {
    const definition = findInstanceKind(raw.kind);
    const type = instanceKey(raw);
    const identity = { kind: raw.kind, namespace: raw.namespace, name: raw.name };
    if (!definition) {
      results.push({
        type,
        instance: { ...identity, battery: '' },
        status: 'failed',
        reason: 'UnknownKind',
        message: `${type}: ${raw.kind} is not an instance kind of any battery in the catalog`,
      });
      continue;
    }
    const instance = { ...identity, battery: definition.battery };
    if (!installed.has(definition.battery)) {
      results.push({
        type,
        instance,
        status: 'dependencies-unmet',
        missing: [definition.battery],
        message: `${type}: requires the ${definition.battery} battery, which is not installed; install with: bi battery install ${definition.battery}`,
      });
      continue;
    }
    const maxLength = definition.maxNameLength ?? 63;
    if (!DNS_LABEL.test(raw.name) || raw.name.length > maxLength) {
      results.push({
        type,
        instance,
        status: 'failed',
        reason: 'InvalidName',
        message: `${type}: metadata.name must be a DNS label of at most ${maxLength} characters (lower-case letters, digits and -, starting with a letter) (got "${raw.name}")`,
      });
      continue;
    }
    const parsed = definition.schema.safeParse(raw.spec ?? {}, { reportInput: true });
    if (!parsed.success) {
      results.push({
        type,
        instance,
        status: 'failed',
        reason: 'InvalidSpec',
        message: `${type}: invalid spec: ${formatIssues(parsed.error as z.ZodError).join('; ')}`,
      });
      continue;
    }
    valid.push({ definition, instance: { ...identity, spec: parsed.data } });
  }
  return { valid, results };
}

/**
 * Renders every instance through its battery: one cdk8s Chart per instance, its objects labelled with the
 * battery and the instance. Results are sorted by `type` (`Kind/namespace/name`). Pure.
 */
export function generateInstances(input: InstancePassInput): InstanceResult[] {
  const { snapshot, installed } = input;
  const { valid, results } = parseInstances(snapshot.instances ?? [], installed);
  const byKind = new Map<string, Instance[]>();
  for (const { instance } of valid) {
    const list = byKind.get(instance.kind);
    if (list) list.push(instance);
    else byKind.set(instance.kind, [instance]);
  }
  renders.generation();
  const fingerprints: Fingerprints = new Map([
    ...[...byKind].map(([kind, list]) => [kind, canonicalJson(list)] as const),
    [INGRESS, canonicalJson(input.ingress.ingress)],
  ]);
  for (const entry of valid) results.push(renderInstance(entry, input, byKind, fingerprints));
  return results.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

function renderInstance(
  { definition, instance }: ValidInstance,
  input: InstancePassInput,
  byKind: ReadonlyMap<string, readonly Instance[]>,
  fingerprints: Fingerprints,
): InstanceResult {
  const type = instanceKey(instance);
  const identity: InstanceIdentity = {
    kind: instance.kind,
    namespace: instance.namespace,
    name: instance.name,
    battery: definition.battery,
  };
  const batterySpec = input.batterySpecs.get(definition.battery);
  if (batterySpec === undefined) {
    const why = input.batteryFailures.get(definition.battery) ?? 'it generated nothing';
    return {
      type,
      instance: identity,
      status: 'failed',
      reason: 'BatteryFailed',
      message: `${type}: the ${definition.battery} battery did not generate, so its instances wait: ${why}`,
    };
  }
  const rendered = renders.use(
    memoKey(type, instance.spec, definition.battery, batterySpec, input.settings, fingerprints.get(INGRESS)),
    (accessor, argument) => answerNow(accessor, argument, input, fingerprints),
    (track) => render(definition, instance, identity, batterySpec, input, byKind, fingerprints, track),
  );
  if ('error' in rendered)
    return { type, instance: identity, status: 'failed', reason: 'GeneratorError', message: rendered.error };
  return {
    type,
    instance: identity,
    status: 'generated',
    objects: [...rendered.objects],
    ...(rendered.connection ? { connection: rendered.connection } : {}),
    // Refused hosts (a hostname another host has) are this pass's judgement, not part of the memoized render.
    problems: [...(input.ingress.instanceRefusals.get(type) ?? []), ...rendered.problems],
  };
}

/** What one render produced: its labelled objects (frozen, reused while its inputs hold) or why it failed. */
type Rendered =
  | {
      objects: readonly KubeObject[];
      connection?: Readonly<Record<string, string>>;
      problems: readonly InstanceProblem[];
    }
  | { error: string };

/** Renders of the last pass, reused when the instance and everything its render read are unchanged (ADR 14). */
const renders = new RenderMemo<Rendered>();

/**
 * Fingerprints of each kind's instance list, computed once per pass for the renders that read it, and of the
 * platform's ingress (under INGRESS): a render that reads hosts, the gateway's address or TLS renders again when
 * any of them changes.
 */
type Fingerprints = Map<string, string>;
const INGRESS = '#ingress';

function render(
  definition: InstanceDefinition,
  instance: Instance,
  identity: InstanceIdentity,
  batterySpec: unknown,
  input: InstancePassInput,
  byKind: ReadonlyMap<string, readonly Instance[]>,
  fingerprints: Fingerprints,
  track: <A>(accessor: string, argument: string, answer: A) => A,
): Rendered {
  const type = instanceKey(instance);
  const { ingress } = input.ingress;
  try {
    const chart = new Chart(new App({ outdir: 'unused' }), 'instance');
    const rendering = definition.render(chart, {
      instance,
      battery: {
        type: definition.battery,
        spec: batterySpec,
        settings: input.settings,
        isInstalled: (other) => track('installed', other, input.installed.has(other)),
        specOf: (other) => {
          track('specOf', other, answerNow('specOf', other, input, fingerprints));
          return input.batterySpecs.get(other);
        },
        live: (key) => track('live', key, input.snapshot.live[key]),
        ingress,
      },
      secret: (name, of) => {
        if (of && of.namespace !== instance.namespace)
          throw new RangeError(
            `secret material of ${instanceKey(of)} is not readable from another namespace`,
          );
        const key = secretMaterialKey(of ? instanceKey(of) : type, name);
        const value = track('secret', key, input.snapshot.secretMaterial[key]);
        if (value === undefined) throw new MissingSecretMaterialError(of ? instanceKey(of) : type, name);
        return value;
      },
      instances: (kind) => {
        track('instances', kind, answerNow('instances', kind, input, fingerprints));
        return byKind.get(kind) ?? [];
      },
      hosts: ingress.hosts.filter((host) => host.instance === type),
    });
    const objects = (chart.toJson() as KubeObject[]).map((object) =>
      markReused(withInstanceLabels(object, identity)),
    );
    return {
      objects,
      ...(rendering?.connection ? { connection: rendering.connection } : {}),
      problems: rendering?.problems ?? [],
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { error: `${type}: ${message}` };
  }
}

/** What a tracked accessor answers now, in the form the memo compares. */
function answerNow(
  accessor: string,
  argument: string,
  input: InstancePassInput,
  fingerprints: Fingerprints,
): unknown {
  switch (accessor) {
    case 'installed':
      return input.installed.has(argument);
    case 'specOf': {
      const spec = input.batterySpecs.get(argument);
      return spec === undefined ? undefined : canonicalJson(spec);
    }
    case 'live':
      return input.snapshot.live[argument];
    case 'secret':
      return input.snapshot.secretMaterial[argument];
    case 'instances':
      return fingerprints.get(argument) ?? '[]';
    default:
      return Symbol('unknown accessor');
  }
}

/** The instances that can render, parsed: Prepare asks for their secret material. */
export function renderableInstances(
  snapshot: Snapshot,
): Array<{ definition: InstanceDefinition; instance: Instance }> {
  return parseInstances(snapshot.instances ?? [], new Set(Object.keys(snapshot.batteries))).valid;
}

function withInstanceLabels(object: KubeObject, instance: InstanceIdentity): KubeObject {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: {
        ...object.metadata.labels,
        [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
        [BATTERY_LABEL]: instance.battery,
        [INSTANCE_KIND_LABEL]: instance.kind,
        [INSTANCE_NAMESPACE_LABEL]: instance.namespace,
        [INSTANCE_LABEL]: instance.name,
      },
    },
  };
}

/** Instances in their one order: kind, namespace, name. */
export function sortInstances<T extends SnapshotInstance>(instances: readonly T[]): T[] {
  return [...instances].sort((a, b) => {
    const ka = instanceKey(a);
    const kb = instanceKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
