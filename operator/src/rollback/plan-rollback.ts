import { API_GROUP, findBattery, splitApiVersion, type KubeObject } from '@batteries-included/batteries';
import { crdKind } from '@batteries-included/crds';
import type { RollbackProblem } from './errors.js';
import { diffSpecs, type SpecFieldChange } from './spec-diff.js';

/**
 * What restoring does to one battery:
 * - `restore-spec`: installed then and now, with different specs: the recorded spec is written back;
 * - `install`: in the recorded pass, absent now: the Battery is created with the recorded spec;
 * - `uninstall`: installed now, absent then: the Battery is deleted, so its objects are pruned and its volumes
 *   (PersistentVolumeClaims, Namespaces) kept, as for any uninstall;
 * - `unchanged`: the same spec then and now (or absent then and being deleted now).
 */
export type BatteryRollbackAction = 'restore-spec' | 'install' | 'uninstall' | 'unchanged';

/** One battery's part in a rollback. A plain value, safe to serialize: Battery specs hold no secrets. */
export interface BatteryRollback {
  type: string;
  action: BatteryRollbackAction;
  /** The fields that change, now → restored: every changed leaf for `restore-spec`, every set field for `install`. */
  fields: SpecFieldChange[];
  /** Dependencies, cascades, minted secrets: short sentences for the human approving the rollback. */
  notes: string[];
}

export interface PlanRollbackInput {
  /** The recorded pass's Battery specs, by type. */
  recorded: Readonly<Record<string, unknown>>;
  /** The Battery objects that exist now (any kind; objects whose kind does not match their name are ignored). */
  current: readonly KubeObject[];
  /** Roll back only these batteries; the others keep their current spec. @default every battery, then or now */
  batteries?: readonly string[];
  /** Also uninstall the batteries that depend on one this rollback uninstalls, instead of refusing. @default false */
  cascade?: boolean;
}

/** The battery-level plan of a rollback; previews print it, restores carry it out. */
export interface RollbackPlan {
  /** One entry per battery in scope that is installed then or now, sorted by type. */
  batteries: BatteryRollback[];
  /** The Battery specs once restored, by type: what the operator's next pass generates from. */
  target: Record<string, unknown>;
  /** Why the plan cannot be carried out as it stands; empty when it can. */
  problems: RollbackProblem[];
}

const UNINSTALL_NOTE =
  'its objects will be pruned; its volumes (PersistentVolumeClaims, Namespaces) are kept';

/**
 * Compares a recorded pass's Battery specs with the Battery objects of now, battery by battery. Pure.
 *
 * An uninstall that would leave a battery that stays without one of its dependencies is a `breaks-dependent`
 * problem naming that battery — unless `cascade`, which uninstalls the dependents too (transitively). A battery
 * the rollback must install while its Battery object is still being deleted is a `being-deleted` problem.
 * @example planRollback({ recorded: pass.specs, current: cache.batteries() }).batteries
 */
export function planRollback({
  recorded,
  current,
  batteries,
  cascade = false,
}: PlanRollbackInput): RollbackPlan {
  const live = new Map<string, KubeObject>();
  const deleting = new Set<string>();
  for (const object of current) {
    if (!isBatteryObject(object)) continue;
    if (object.metadata.deletionTimestamp) deleting.add(object.metadata.name);
    else live.set(object.metadata.name, object);
  }
  const everything = new Set([...Object.keys(recorded), ...live.keys(), ...deleting]);
  const scope = new Set(batteries ?? everything);
  for (const type of scope) {
    if (!everything.has(type)) {
      throw new RangeError(`batteries: "${type}" is installed neither in the recorded pass nor now`);
    }
  }

  const entries = new Map<string, BatteryRollback>();
  const target: Record<string, unknown> = {};
  const problems: RollbackProblem[] = [];
  for (const type of [...everything].sort()) {
    const now = live.get(type);
    if (!scope.has(type)) {
      if (now) target[type] = specOf(now);
      continue;
    }
    const isRecorded = Object.hasOwn(recorded, type);
    if (isRecorded) target[type] = recorded[type];
    if (isRecorded && now) {
      const fields = diffSpecs(specOf(now), recorded[type]);
      entries.set(type, {
        type,
        action: fields.length > 0 ? 'restore-spec' : 'unchanged',
        fields,
        notes: [],
      });
    } else if (isRecorded) {
      const notes = findBattery(type)?.secrets
        ? ['new secret material is minted (the store never keeps secret values)']
        : [];
      if (deleting.has(type)) {
        const message = `${type}: its Battery object is being deleted; restore it once the deletion has finished`;
        problems.push({ battery: type, kind: 'being-deleted', message });
        notes.push('being deleted now');
      }
      entries.set(type, { type, action: 'install', fields: diffSpecs({}, recorded[type]), notes });
    } else if (now) {
      entries.set(type, { type, action: 'uninstall', fields: [], notes: [UNINSTALL_NOTE] });
    } else {
      entries.set(type, { type, action: 'unchanged', fields: [], notes: ['already being deleted'] });
    }
  }

  problems.push(...resolveDependents(entries, target, cascade));
  for (const [type, entry] of entries) {
    if (!Object.hasOwn(target, type)) continue;
    const missing = (findBattery(type)?.dependencies ?? []).filter((dep) => !Object.hasOwn(target, dep));
    if (missing.length > 0) {
      entry.notes.push(
        `needs ${missing.join(', ')}, which will not be installed: it will report DependenciesMet=False`,
      );
    }
  }
  return { batteries: [...entries.values()], target, problems };
}

/**
 * Finds the batteries left in `target` that depend on one being uninstalled. Without `cascade` each is a problem;
 * with it each is uninstalled too (and removed from `target`), until no staying battery depends on an uninstalled one.
 */
function resolveDependents(
  entries: Map<string, BatteryRollback>,
  target: Record<string, unknown>,
  cascade: boolean,
): RollbackProblem[] {
  const problems: RollbackProblem[] = [];
  const uninstalled = () => [...entries.values()].filter((e) => e.action === 'uninstall').map((e) => e.type);
  for (;;) {
    const gone = new Set(uninstalled());
    const breaking = Object.keys(target)
      .sort()
      .map((type) => ({ type, deps: (findBattery(type)?.dependencies ?? []).filter((dep) => gone.has(dep)) }))
      .filter(({ deps }) => deps.length > 0);
    if (breaking.length === 0) return problems;
    if (!cascade) {
      for (const { type, deps } of breaking) {
        for (const dep of deps) {
          problems.push({
            battery: dep,
            kind: 'breaks-dependent',
            message:
              `${dep}: cannot be uninstalled: ${type} stays installed and depends on it ` +
              `(roll ${type} back too, or pass cascade to uninstall it as well)`,
          });
          entries.get(dep)!.notes.push(`${type} depends on it: refused unless cascade`);
        }
      }
      return problems;
    }
    for (const { type, deps } of breaking) {
      delete target[type];
      const entry = entries.get(type);
      const because = `cascade: depends on ${deps.join(', ')}`;
      // A battery the rollback was to install is not there to uninstall: it is simply left out.
      const next: BatteryRollback =
        entry?.action === 'install'
          ? { type, action: 'unchanged', fields: [], notes: [`not installed: ${because}`] }
          : { type, action: 'uninstall', fields: [], notes: [`${because}; ${UNINSTALL_NOTE}`] };
      entries.set(type, next);
    }
  }
}

/** Battery objects as Prepare takes them: in the batteries group, of the kind their name calls for. */
export function isBatteryObject(object: KubeObject): boolean {
  if (splitApiVersion(object.apiVersion).group !== API_GROUP) return false;
  try {
    return object.kind === crdKind(object.metadata.name);
  } catch {
    return false;
  }
}

/** The spec as Prepare records it (`{}` when the object has none), so specs then and now compare alike. */
export function specOf(battery: KubeObject): unknown {
  return battery.spec ?? {};
}
