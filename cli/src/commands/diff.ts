import { Flags } from '@oclif/core';
import { isKeycloakObject, type ObjectRef } from '@batteries-included/batteries';
import { countChanges, formatPlan, PLACEHOLDER_MINT, planPass } from '@batteries-included/operator';
import { BaseCommand } from '../lib/base-command.js';
import { EXIT_CODES } from '../lib/exit-codes.js';
import { readBatteryFiles } from '../lib/battery-files.js';
import { readManagedObjects } from '../kube/live-state.js';

export default class Diff extends BaseCommand<typeof Diff> {
  static override summary =
    'Show the plan against the live cluster as a table; exit 1 when something would change.';
  static override description = `Without -f, plans the live Battery objects (what the operator's next pass would do: drift, pending changes). With -f, plans the proposed Battery YAMLs on top of the live ones (a battery in the files replaces the live one; the others stay) — or, with --complete, as the whole set, so installed batteries missing from the files are planned as uninstalled (a GitOps folder). The plan comes from planPass, the function the operator's pass runs, against the managed objects read from the cluster. Only refs, actions and changed field paths are printed; Secret values never are.
Exit codes: 0 nothing would change, 1 something would.`;
  static override examples = [
    '<%= config.bin %> diff',
    '<%= config.bin %> diff -f batteries/ --complete',
    '<%= config.bin %> diff -f examples/redis.yaml --output json',
  ];
  static override flags = {
    file: Flags.string({
      char: 'f',
      description: 'Proposed Battery YAML file or directory. Repeatable.',
      multiple: true,
    }),
    'show-unchanged': Flags.boolean({ description: 'Also list objects that would not change.' }),
    complete: Flags.boolean({
      description: 'The files are the whole set: installed batteries not in them are planned as uninstalled.',
      dependsOn: ['file'],
    }),
  };

  async run(): Promise<void> {
    const proposed = this.flags.file ? readBatteryFiles(this.flags.file).batteries : undefined;
    const cluster = await this.connect();
    const installed = await cluster.listBatteries();
    const proposedTypes = new Set((proposed ?? []).map((b) => b.metadata.name));
    const batteries = !proposed
      ? installed
      : this.flags.complete
        ? proposed
        : [...installed.filter((b) => !proposedTypes.has(b.metadata.name)), ...proposed];
    const { live, inventory } = await readManagedObjects(cluster, [...installed, ...batteries]);
    // Instances are planned as they are on the cluster: `bi diff -f` proposes Battery specs only.
    const instances = await cluster.listInstances();
    const planned = planPass({ batteries, instances, live, inventory, mint: PLACEHOLDER_MINT });
    const { generated } = planned;
    // Keycloak's objects (sso) live in Keycloak, which this command cannot read from outside the cluster: they are
    // left out of the plan and the exit code, and counted in a note; the operator plans them (console preview).
    const keycloak = planned.changeSet.changes.filter((c) =>
      isKeycloakObject({ apiVersion: apiVersionOf(c.ref) }),
    );
    const kept = planned.changeSet.changes.filter((c) => !keycloak.includes(c));
    const changeSet = { changes: kept, counts: countChanges(kept) };
    const problems = generated.batteries.flatMap((b) =>
      b.status === 'generated' ? [] : [{ type: b.type, status: b.status, message: b.message }],
    );
    const changes = changeSet.changes.filter((c) => this.flags['show-unchanged'] || c.action !== 'unchanged');
    this.print(
      {
        counts: changeSet.counts,
        changes: changes.map((c) => ({
          ref: c.ref,
          battery: c.battery,
          action: c.action,
          note: c.note,
          driftPaths: c.driftPaths,
        })),
        problems,
        keycloakObjectsNotDiffed: keycloak.length,
      },
      () =>
        [
          formatPlan(changeSet, { showUnchanged: this.flags['show-unchanged'] }),
          ...problems.map((p) => `warning: ${p.type}: ${p.status}: ${p.message}`),
          ...(keycloak.length > 0
            ? [
                `note: ${keycloak.length} Keycloak object(s) of sso not diffed: bi diff reads the cluster, not Keycloak; the operator plans them (console preview, bi history)`,
              ]
            : []),
        ].join('\n'),
    );
    const changed = changeSet.changes.some((c) => c.action !== 'unchanged');
    if (changed) this.exit(EXIT_CODES.failed);
  }
}

function apiVersionOf(ref: ObjectRef): string {
  return ref.group ? `${ref.group}/${ref.version}` : ref.version;
}
