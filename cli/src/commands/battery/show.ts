import { Args } from '@oclif/core';
import { z } from 'zod';
import { findBattery, reverseDependents, UnknownBatteryError } from '@batteries-included/batteries';
import { BaseCommand } from '../../lib/base-command.js';
import { formatTable } from '../../lib/output.js';
import { batteryState, describeState } from '../../kube/wait-ready.js';

interface FieldRow {
  path: string;
  type: string;
  default: string;
  description: string;
}

interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
}

/** One row per leaf field of the schema (objects are walked), with its type, default and description. */
function fieldRows(schema: JsonSchema, prefix = ''): FieldRow[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (child.properties) return fieldRows(child, path);
    return [
      {
        path,
        type: child.enum
          ? child.enum.join('|')
          : child.type === 'array'
            ? `${child.items?.type ?? 'any'}[]`
            : (child.type ?? 'any'),
        default: child.default === undefined ? '' : JSON.stringify(child.default),
        description: child.description ?? '',
      },
    ];
  });
}

export default class BatteryShow extends BaseCommand<typeof BatteryShow> {
  static override summary = "Show a battery's settings schema, defaults, dependencies and live status.";
  static override examples = [
    '<%= config.bin %> battery show redis',
    '<%= config.bin %> battery show grafana --output yaml',
  ];
  static override args = { type: Args.string({ description: 'Battery type, e.g. redis.', required: true }) };

  async run(): Promise<void> {
    const battery = findBattery(this.args.type);
    if (!battery) throw new UnknownBatteryError(this.args.type);
    const schema = z.toJSONSchema(battery.schema, {
      target: 'openapi-3.0',
      io: 'input',
      unrepresentable: 'any',
    }) as JsonSchema;
    const defaults = battery.schema.parse({});
    const cluster = await this.connect();
    const installed = await cluster.listBatteries();
    const live = installed.find((b) => b.metadata.name === battery.type);
    const dependents = reverseDependents(
      battery.type,
      installed.map((b) => b.metadata.name),
    );
    const data = {
      type: battery.type,
      name: battery.name,
      group: battery.group,
      description: battery.description,
      dependencies: battery.dependencies,
      integrations: battery.integrations,
      installedDependents: dependents,
      installed: Boolean(live),
      spec: live?.spec,
      status: live?.status,
      defaults,
      schema,
    };
    this.print(data, () => {
      const state = live ? batteryState(live) : undefined;
      return [
        `${battery.name} (${battery.type}) — ${battery.group}`,
        battery.description,
        '',
        `Depends on:   ${battery.dependencies.join(', ') || 'nothing'}`,
        `Integrates:   ${battery.integrations.join(', ') || 'nothing'}`,
        `Installed:    ${live ? 'yes' : 'no'}${dependents.length ? ` (needed by ${dependents.join(', ')})` : ''}`,
        ...(state
          ? [`Status:       ${describeState(state)}`, `Spec:         ${JSON.stringify(live!.spec ?? {})}`]
          : []),
        '',
        formatTable(
          ['FIELD', 'TYPE', 'DEFAULT', 'DESCRIPTION'],
          fieldRows(schema).map((r) => [r.path, r.type, r.default, r.description]),
        ),
      ].join('\n');
    });
  }
}
