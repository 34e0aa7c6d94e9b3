import { Args, Flags, type Command } from '@oclif/core';
import type {
  DeleteInstanceResponse,
  Instance,
  InstanceCredentials,
  PodList,
  PutInstanceResponse,
} from '@batteries-included/operator/api-types';
import { apiFlags, connectApi, type ApiClient } from './api-client.js';
import { BaseCommand } from './base-command.js';
import {
  findInstance,
  instanceApiPath,
  instancePods,
  listInstances,
  namespaceFlag,
  type InstanceFamily,
} from './instances.js';
import { formatTable } from './output.js';
import { confirm } from './prompt.js';

/**
 * What every instance command shares: the family it manages (each topic's command sets `static family`) and the
 * operator's API. `bi postgres list` is `class PostgresList extends InstanceList { static family = POSTGRES }`.
 */
export abstract class InstanceCommand<T extends typeof Command> extends BaseCommand<T> {
  static family: InstanceFamily;

  protected get family(): InstanceFamily {
    return (this.constructor as unknown as { family: InstanceFamily }).family;
  }

  /** The API with the admin token, or (`readOnly`) the viewer token when it comes from the cluster. */
  protected async operatorApi(options: { readOnly?: boolean } = {}): Promise<ApiClient> {
    const flags = this.flags as { 'api-url'?: string; token?: string };
    const needsCluster = !flags['api-url'] || !flags.token;
    return connectApi(needsCluster ? await this.connect() : undefined, {
      apiUrl: flags['api-url'],
      token: flags.token,
      readOnly: options.readOnly ?? false,
    });
  }
}

/** `bi <topic> list`: the family's instances with readiness and where each is reached. */
export abstract class InstanceList extends InstanceCommand<typeof InstanceList> {
  static override flags = {
    ...apiFlags,
    namespace: Flags.string({ char: 'n', description: 'Only this namespace (default: all).' }),
  };

  async run(): Promise<void> {
    const family = this.family;
    const instances = await listInstances(
      await this.operatorApi({ readOnly: true }),
      family,
      this.flags.namespace,
    );
    this.print(instances, () =>
      instances.length === 0
        ? `No ${family.nouns}. ${family.firstStep}`
        : formatTable(
            ['NAMESPACE', 'NAME', ...family.columns.map(([header]) => header)],
            instances.map((i) => [i.namespace, i.name, ...family.columns.map(([, cell]) => cell(i))]),
          ),
    );
  }
}

/** `Key:     value` lines, the values aligned. */
export const fieldLines = (entries: ReadonlyArray<readonly [string, string]>): string[] => {
  const width = Math.max(0, ...entries.map(([key]) => key.length)) + 2;
  return entries.map(([key, value]) => `${`${key}:`.padEnd(width)}${value}`);
};
/** `SIZE` → `Size`; an abbreviation (`URL`) stays. */
const titleCase = (header: string) =>
  header.length <= 3 ? header : header.charAt(0) + header.slice(1).toLowerCase();

/**
 * An instance as people read it: kind and name, the family's columns, its connection information (host, port, the
 * credential Secrets by name — never values), the revealed credentials when given, its spec and pods.
 */
export function describeInstance(
  instance: Instance,
  family: InstanceFamily,
  pods: PodList['pods'],
  credentials?: InstanceCredentials['secrets'],
): string {
  const connection = Object.entries((instance.status?.connection ?? {}) as Record<string, string>);
  const columns = family.columns.filter(([header]) => header !== 'KIND');
  const lines = [
    `${instance.kind} ${instance.namespace}/${instance.name}`,
    ...fieldLines([
      ...columns.map(([header, cell]) => [titleCase(header), cell(instance)] as const),
      ...(instance.message ? [['Message', instance.message] as const] : []),
      ['Spec', JSON.stringify(instance.spec)],
    ]),
  ];
  if (connection.length > 0) lines.push('', 'Connection:', ...fieldLines(connection).map((l) => `  ${l}`));
  if (credentials) {
    for (const secret of credentials)
      lines.push(
        '',
        `Secret ${secret.namespace}/${secret.name}:`,
        ...fieldLines(Object.entries(secret.data).sort(([a], [b]) => a.localeCompare(b))).map(
          (l) => `  ${l}`,
        ),
      );
    if (credentials.length === 0)
      lines.push('', 'No credential Secrets yet: the next pass writes them once the battery is installed.');
  }
  lines.push(
    '',
    pods.length === 0
      ? 'No pods.'
      : formatTable(
          ['POD', 'PHASE', 'READY', 'RESTARTS', 'NODE'],
          pods.map((p) => [p.name, p.phase, p.ready ? 'yes' : 'no', String(p.restarts), p.node ?? '-']),
        ),
  );
  return lines.join('\n');
}

/**
 * `bi <topic> show NAME`: status, connection information and pods. Secret values only with `--show-password`,
 * fetched from the API's one reveal route; never by default, in any output format.
 */
export abstract class InstanceShow extends InstanceCommand<typeof InstanceShow> {
  static override args = { name: Args.string({ description: 'Its name.', required: true }) };
  static override flags = {
    ...apiFlags,
    namespace: namespaceFlag('instance'),
    'show-password': Flags.boolean({
      description: 'Also print the credential Secrets’ values (password, DSN, URI).',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const isRevealing = this.flags['show-password'];
    const api = await this.operatorApi({ readOnly: !isRevealing });
    const instance = await findInstance(api, this.family, this.args.name, this.flags.namespace);
    const [pods, credentials] = await Promise.all([
      instancePods(api, instance),
      isRevealing
        ? api.get<InstanceCredentials>(`${instanceApiPath(instance)}/credentials`).then((c) => c.secrets)
        : undefined,
    ]);
    this.print({ ...instance, pods, ...(credentials ? { credentials } : {}) }, () =>
      [
        describeInstance(instance, this.family, pods, credentials),
        ...(isRevealing ? [] : ['', 'Credentials are not printed; pass --show-password to print them.']),
      ].join('\n'),
    );
  }
}

/** `kubectl delete` for a kept object's key (`Cluster.postgresql.cnpg.io/orders/pg-orders`). */
export function deleteCommandFor(key: string): string {
  const [type = '', namespace = '', name = ''] = key.split('/');
  const [kind = '', ...group] = type.split('.');
  return `kubectl delete ${[kind.toLowerCase(), ...group].join('.')} ${name} -n ${namespace}`;
}

/**
 * `bi <topic> delete NAME`: asks first (or `--yes`), naming what is kept: the objects holding data stay, labelled
 * orphaned, with the command that deletes each; volumes its pods claimed stay too.
 */
export abstract class InstanceDelete extends InstanceCommand<typeof InstanceDelete> {
  static override args = { name: Args.string({ description: 'Its name.', required: true }) };
  static override flags = {
    ...apiFlags,
    namespace: namespaceFlag('instance'),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask first.', default: false }),
    'dry-run': Flags.boolean({ description: 'Check on the server and list what is kept; delete nothing.' }),
  };

  async run(): Promise<void> {
    const api = await this.operatorApi();
    const instance = await findInstance(api, this.family, this.args.name, this.flags.namespace);
    const path = instanceApiPath(instance);
    const label = `${instance.kind} ${instance.namespace}/${instance.name}`;
    const preview = await api.delete<DeleteInstanceResponse>(path, { dryRun: true });
    const kept = [
      `Its data is kept: the volumes (PersistentVolumeClaims) stay; list them with: kubectl get pvc -n ${instance.namespace}`,
      ...preview.kept.map(
        (key) => `Kept, labelled orphaned: ${key} (delete it with: ${deleteCommandFor(key)})`,
      ),
    ];
    if (this.flags['dry-run']) {
      this.print(preview, () => [`Would delete ${label}.`, ...kept].join('\n'));
      return;
    }
    if (!this.flags.yes && !(await confirm(`Delete ${label}? ${kept.join('. ')}.`))) {
      this.note('Nothing deleted.');
      return;
    }
    const deleted = await api.delete<DeleteInstanceResponse>(path);
    this.print(deleted, () => [`Deleted ${label}.`, ...kept].join('\n'));
  }
}

/** Create flags every instance kind shares. */
export const createFlags = {
  ...apiFlags,
  'dry-run': Flags.boolean({ description: 'Validate on the server, write nothing.', default: false }),
  'confirm-capacity': Flags.boolean({
    description: 'Create it even though the nodes cannot fit what it requests.',
    default: false,
  }),
};

/**
 * Creates `name` in `namespace` from `spec`: the kind's schema, the capacity check and a server-side dry-run on the
 * server first (422 names the field), then the write. Answers what the server wrote (or would write).
 */
export async function createInstance(
  api: ApiClient,
  target: { plural: string; namespace: string; name: string },
  spec: Record<string, unknown>,
  options: { dryRun: boolean; confirmCapacity: boolean },
): Promise<PutInstanceResponse> {
  return api.post<PutInstanceResponse>(`/api/v1/instances/${target.plural}/${target.namespace}`, {
    name: target.name,
    spec,
    dryRun: options.dryRun,
    confirmCapacity: options.confirmCapacity,
  });
}

/** What `create` prints: created (or would be), and how to see it once ready. */
export function createdLine(family: InstanceFamily, written: Instance & { isDryRun?: boolean }): string {
  const label = `${written.kind} ${written.namespace}/${written.name}`;
  return written.isDryRun
    ? `${label} is valid; nothing written (--dry-run).`
    : `Created ${label}. Its connection information: bi ${family.topic} show ${written.name} -n ${written.namespace}`;
}
