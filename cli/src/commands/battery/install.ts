import { readFileSync } from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { findBattery, installOrder, UnknownBatteryError } from '@batteries-included/batteries';
import { apiFlags, connectApi } from '../../lib/api-client.js';
import { BaseCommand } from '../../lib/base-command.js';
import { createFirstAdmin } from '../../lib/first-admin.js';
import { InvalidInputError } from '../../lib/errors.js';
import { formatTable } from '../../lib/output.js';
import { confirm } from '../../lib/prompt.js';
import { parseSetFlag, parseValuesFile, setPath, type Spec } from '../../lib/values.js';
import { applyBatteries, validateBatteries, type BatteryEntry } from '../../kube/battery-specs.js';
import { describeState, waitForBatteriesReady, type BatteryState } from '../../kube/wait-ready.js';

/** The requested specs from `-f` and `--set`; with several types, values are keyed by type. */
export function requestedSpecs(
  types: readonly string[],
  valuesText: string | undefined,
  valuesSource: string,
  sets: readonly string[],
): Map<string, Spec> {
  const specs = new Map<string, Spec>(types.map((t) => [t, {}]));
  const single = types.length === 1 ? types[0]! : undefined;
  if (valuesText !== undefined) {
    const values = parseValuesFile(valuesText, valuesSource);
    if (single) specs.set(single, values);
    else {
      for (const [key, value] of Object.entries(values)) {
        if (!specs.has(key))
          throw new InvalidInputError(
            `${valuesSource}: "${key}" is not one of the batteries being installed (${types.join(', ')})`,
          );
        specs.set(key, (value ?? {}) as Spec);
      }
    }
  }
  for (const text of sets) {
    const { path, value } = parseSetFlag(text);
    const type = single ?? path[0]!;
    const rest = single ? path : path.slice(1);
    if (!specs.has(type) || rest.length === 0) {
      throw new InvalidInputError(
        `--set ${text}: with several batteries, start the path with one of them: ${types.map((t) => `${t}.<field>`).join(', ')}`,
      );
    }
    specs.set(type, setPath(specs.get(type)!, rest, value));
  }
  return specs;
}

export default class BatteryInstall extends BaseCommand<typeof BatteryInstall> {
  static override summary = 'Install batteries, with their hard dependencies, after validating every spec.';
  static override description = `Dependencies that are not installed yet are listed and installed first (confirm, or --yes). Values come from -f (YAML; with several batteries, keyed by type) and --set path=value (with several batteries, the path starts with the type). Everything is validated against each battery's schema — unknown fields included — and dry-run on the server before anything is applied. Installing a battery that is already installed updates its spec with the given values.`;
  static override examples = [
    '<%= config.bin %> battery install redis',
    '<%= config.bin %> battery install grafana --yes --wait',
    '<%= config.bin %> battery install redis --set storageSize=16Gi --set maxmemoryPolicy=allkeys-lru',
    '<%= config.bin %> battery install redis -f redis-values.yaml',
    '<%= config.bin %> battery install redis grafana --set redis.maxmemory=1Gi',
  ];
  static override strict = false;
  static override args = { types: Args.string({ description: 'Battery types to install.', required: true }) };
  static override flags = {
    set: Flags.string({
      description: 'Set a spec field: path=value (YAML value). Repeatable.',
      multiple: true,
      default: [],
    }),
    values: Flags.string({ char: 'f', description: 'A YAML file of spec values.' }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask before installing dependencies.' }),
    wait: Flags.boolean({ description: 'Wait until the batteries are Ready.' }),
    timeout: Flags.integer({ description: 'Seconds to wait with --wait.', default: 300 }),
    'first-admin': Flags.string({
      description: 'When installing sso: the first admin user to create; its password is printed once.',
      default: 'admin',
    }),
    ...apiFlags,
  };

  async run(): Promise<void> {
    const { argv } = await this.parse(BatteryInstall);
    const types = [...new Set(argv as string[])];
    for (const type of types) if (!findBattery(type)) throw new UnknownBatteryError(type);
    const valuesText = this.flags.values !== undefined ? this.readValues(this.flags.values) : undefined;
    const requested = requestedSpecs(types, valuesText, this.flags.values ?? '', this.flags.set);
    // Everything the user typed is checked before the cluster is even contacted.
    validateBatteries([...requested].map(([type, spec]) => ({ type, spec })));
    const cluster = await this.connect();
    const installed = new Map((await cluster.listBatteries()).map((b) => [b.metadata.name, b]));
    const order = installOrder(types);
    const entries: BatteryEntry[] = [];
    const rows: string[][] = [];
    for (const type of order) {
      const wanted = requested.get(type);
      const live = installed.get(type);
      if (!wanted && live) continue;
      const base = (live?.spec ?? {}) as Spec;
      entries.push({ type, spec: wanted ? deepMerge(base, wanted) : {} });
      rows.push([type, wanted ? (live ? 'update' : 'install') : 'install (dependency)']);
    }
    validateBatteries(entries);
    this.note(formatTable(['BATTERY', 'ACTION'], rows));
    const dependencies = entries.filter((e) => !requested.has(e.type)).map((e) => e.type);
    if (
      dependencies.length > 0 &&
      !this.flags.yes &&
      !(await confirm(`Also install ${dependencies.join(', ')}?`))
    ) {
      this.note('Nothing installed.');
      return;
    }
    await applyBatteries(cluster, entries);
    this.note(`Applied ${entries.map((e) => e.type).join(', ')}.`);
    let states: BatteryState[] | undefined;
    if (this.flags.wait) {
      states = await waitForBatteriesReady(cluster, {
        types: entries.map((e) => e.type),
        timeoutMs: this.flags.timeout * 1000,
        onChange: (state) => this.note(describeState(state)),
      });
    }
    // sso: the first admin, created once the operator has made the realm; its password is shown here only.
    const firstAdmin =
      entries.some((e) => e.type === 'sso') && !installed.has('sso')
        ? await createFirstAdmin(
            await connectApi(cluster, { apiUrl: this.flags['api-url'], token: this.flags.token }),
            this.flags['first-admin'],
            { timeoutMs: this.flags.timeout * 1000, onWait: (why) => this.note(`first admin: ${why}`) },
          )
        : undefined;
    this.print({ applied: entries, ready: states, ...(firstAdmin ? { firstAdmin } : {}) }, () =>
      [
        states
          ? states.map(describeState).join('\n')
          : `Installed; the operator is applying it (bi status, or --wait).`,
        ...(firstAdmin
          ? [
              `First admin ${firstAdmin.user.username}; password (shown once, a new one is asked for at first sign-in): ${firstAdmin.password}`,
            ]
          : []),
      ].join('\n'),
    );
  }

  private readValues(path: string): string {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new InvalidInputError(`cannot read the values file ${path}: ${(error as Error).message}`);
    }
  }
}

function deepMerge(base: Spec, over: Spec): Spec {
  const result: Spec = structuredClone(base);
  for (const [key, value] of Object.entries(over)) {
    const current = result[key];
    result[key] =
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current &&
      typeof current === 'object' &&
      !Array.isArray(current)
        ? deepMerge(current as Spec, value as Spec)
        : value;
  }
  return result;
}
