import {
  CATALOG,
  canonicalJson,
  findBattery,
  installOrder,
  type KubeObject,
} from '@batteries-included/batteries';
import { KubeApiError } from '../kube/errors.js';
import type { Store } from '../store/store.js';
import {
  BatteryWriteError,
  RollbackIncompleteError,
  RollbackRefusedError,
  RollbackRejectedError,
} from './errors.js';
import { planRollback, specOf, type BatteryRollback } from './plan-rollback.js';
import type { RollbackOptions } from './preview-rollback.js';
import { loadRestorablePass } from './restorable-pass.js';
import type { RollbackClient } from './rollback-client.js';

export interface RestoreRollbackOptions extends RollbackOptions {
  /** Validate every write with a server-side dry-run and write nothing. @default false */
  dryRun?: boolean;
}

/**
 * How a Battery was written: `apply` (server-side apply, force), `replace` (its whole spec, when fields added since
 * the pass must go and server-side apply would keep them), or `delete`.
 */
export type BatteryWriteMethod = 'apply' | 'replace' | 'delete';

/** One battery's part in a restore, as carried out. */
export interface RestoredBattery extends BatteryRollback {
  /** How it is (or, in a dry run, would be) written; absent for `unchanged`. */
  method?: BatteryWriteMethod;
  /** Whether it was written: false in a dry run and for `unchanged`. */
  isWritten: boolean;
}

export interface RestoreRollbackResult {
  passId: number;
  isDryRun: boolean;
  /** Every battery of the plan, in the order written: installs and spec restores dependencies first, then uninstalls dependents first. */
  batteries: RestoredBattery[];
}

/**
 * Writes the Battery specs of pass `passId` back, as `batteries-included-rollback`: restores changed specs, installs
 * the batteries that were there and uninstalls the ones that were not; the operator's next pass regenerates the
 * objects. Reads the Battery objects from the cluster, plans like `previewRollback`, then dry-runs every write on
 * the server before making any, so a spec that no longer validates against today's schema writes nothing at all.
 *
 * A changed spec is restored by server-side apply when that yields exactly the recorded spec; when fields set since
 * the pass are owned by another manager (server-side apply would keep them), the whole spec is replaced instead,
 * guarded by the object's generation.
 * @throws RollbackPassNotFoundError when the pass was never recorded or was reaped
 * @throws RollbackRefusedError when an uninstall would break a battery that stays (unless `cascade`), or a battery to
 *   install is still being deleted; nothing written
 * @throws RollbackRejectedError when a dry-run fails, naming each battery, field and the API server's message;
 *   nothing written
 * @throws RollbackIncompleteError when a write fails after the dry-runs passed, naming what was written
 * @example await restoreRollback(store, createRollbackClient(config), 12, { dryRun: true })
 */
export async function restoreRollback(
  store: Store,
  client: RollbackClient,
  passId: number,
  { dryRun = false, batteries, cascade = false, keepPasses }: RestoreRollbackOptions = {},
): Promise<RestoreRollbackResult> {
  const recorded = await loadRestorablePass(store, passId, keepPasses === undefined ? {} : { keepPasses });
  const types = [...new Set([...CATALOG.map((battery) => battery.type), ...Object.keys(recorded.specs)])];
  const current = (await Promise.all(types.map((type) => client.getBattery(type)))).filter(
    (battery): battery is KubeObject => battery !== undefined,
  );
  const plan = planRollback({ recorded: recorded.specs, current, batteries, cascade });
  if (plan.problems.length > 0) throw new RollbackRefusedError(passId, plan.problems);

  const live = new Map(current.map((battery) => [battery.metadata.name, battery]));
  const steps = inWriteOrder(plan.batteries);
  const write = (step: BatteryRollback, method: BatteryWriteMethod, isDryRun: boolean) =>
    writeBattery(client, step, recorded.specs[step.type], live.get(step.type), method, isDryRun);

  // Every write is validated before any is made: a rollback is all or nothing as far as the server can tell.
  const validated = await Promise.all(
    steps.map(async (step) => {
      if (step.action === 'unchanged') return { step };
      try {
        return { step, method: await chooseMethod(write, step, recorded.specs[step.type]) };
      } catch (error) {
        return { step, errors: writeErrors(step.type, error) };
      }
    }),
  );
  const rejected = validated.flatMap((v) => v.errors ?? []);
  if (rejected.length > 0) throw new RollbackRejectedError(passId, rejected);

  const result: RestoredBattery[] = [];
  for (const { step, method } of validated) {
    if (!method || dryRun) {
      result.push({ ...step, ...(method ? { method } : {}), isWritten: false });
      continue;
    }
    try {
      await write(step, method, false);
    } catch (error) {
      const written = result.filter((r) => r.isWritten).map((r) => r.type);
      const notWritten = validated
        .filter((v) => v.method && !written.includes(v.step.type))
        .map((v) => v.step.type);
      throw new RollbackIncompleteError(passId, written, notWritten, writeErrors(step.type, error));
    }
    result.push({ ...step, method, isWritten: true });
  }
  return { passId, isDryRun: dryRun, batteries: result };
}

type Write = (step: BatteryRollback, method: BatteryWriteMethod, isDryRun: boolean) => Promise<unknown>;

/**
 * Dry-runs the write a step needs and answers the method that does it. A spec restore tries server-side apply
 * first and keeps it when the server's result is exactly the recorded spec; otherwise fields set since the pass
 * survive it (another manager owns them), so the spec is replaced whole — dry-run as well.
 */
async function chooseMethod(
  write: Write,
  step: BatteryRollback,
  recordedSpec: unknown,
): Promise<BatteryWriteMethod> {
  if (step.action === 'uninstall') {
    await write(step, 'delete', true);
    return 'delete';
  }
  const applied = (await write(step, 'apply', true)) as KubeObject;
  if (step.action === 'install' || canonicalJson(specOf(applied)) === canonicalJson(recordedSpec))
    return 'apply';
  await write(step, 'replace', true);
  return 'replace';
}

async function writeBattery(
  client: RollbackClient,
  step: BatteryRollback,
  spec: unknown,
  live: KubeObject | undefined,
  method: BatteryWriteMethod,
  isDryRun: boolean,
): Promise<unknown> {
  const options = { dryRun: isDryRun };
  if (method === 'apply') return client.applyBattery(step.type, spec, options);
  if (!live) throw new Error(`${step.type}: no Battery object to ${method}`);
  if (method === 'replace') return client.replaceBatterySpec(live, spec, options);
  return client.deleteBattery(live, options);
}

/**
 * Installs and spec restores first, dependencies before dependents (so a new battery never waits on one the same
 * rollback is about to write); then uninstalls, dependents first; `unchanged` last. Types outside the catalog go
 * after the ones in it.
 */
function inWriteOrder(batteries: readonly BatteryRollback[]): BatteryRollback[] {
  const known = batteries.map((b) => b.type).filter((type) => findBattery(type));
  const rank = new Map(installOrder(known).map((type, index) => [type, index]));
  const byDependencies = (a: BatteryRollback, b: BatteryRollback) =>
    (rank.get(a.type) ?? rank.size) - (rank.get(b.type) ?? rank.size) || (a.type < b.type ? -1 : 1);
  const writes = batteries.filter((b) => b.action === 'install' || b.action === 'restore-spec');
  const uninstalls = batteries.filter((b) => b.action === 'uninstall');
  const unchanged = batteries.filter((b) => b.action === 'unchanged');
  return [
    ...writes.sort(byDependencies),
    ...uninstalls.sort(byDependencies).reverse(),
    ...unchanged.sort(byDependencies),
  ];
}

/**
 * One BatteryWriteError per field the API server named (its Status `details.causes`), or one for the whole object,
 * with the server's message.
 */
function writeErrors(battery: string, error: unknown): BatteryWriteError[] {
  if (!(error instanceof KubeApiError)) {
    return [
      new BatteryWriteError(battery, undefined, error instanceof Error ? error.message : String(error), {
        cause: error,
      }),
    ];
  }
  const body = (error.cause as { body?: unknown } | undefined)?.body;
  const causes = (body as { details?: { causes?: Array<{ field?: string; message?: string }> } } | undefined)
    ?.details?.causes;
  const named = (causes ?? []).filter((cause) => cause.message);
  if (named.length === 0) {
    return [
      new BatteryWriteError(battery, undefined, `${error.reason}: ${error.apiMessage}`, { cause: error }),
    ];
  }
  return named.map((cause) => new BatteryWriteError(battery, cause.field, cause.message!, { cause: error }));
}
