import { readFileSync } from 'node:fs';
import { Flags } from '@oclif/core';
import { parseAllDocuments } from 'yaml';
import type { Instance, InstanceList, PutInstanceResponse } from '@batteries-included/operator/api-types';
import { apiFlags, connectApi } from '../../lib/api-client.js';
import { BaseCommand } from '../../lib/base-command.js';
import { InvalidInputError } from '../../lib/errors.js';
import { formatTable } from '../../lib/output.js';
import { SERVICES } from '../../lib/instances.js';

interface ServiceManifest {
  kind: string;
  plural: string;
  namespace: string;
  name: string;
  spec: Record<string, unknown>;
}

/** The service documents of a YAML file; anything else in it is refused, naming the document. */
export function readServiceManifests(text: string, file: string, namespace: string): ServiceManifest[] {
  return parseAllDocuments(text).flatMap((document, index) => {
    if (document.errors.length > 0)
      throw new InvalidInputError(`${file}: document ${index + 1}: ${document.errors[0]!.message}`);
    const value = document.toJS() as {
      kind?: string;
      metadata?: { name?: string; namespace?: string };
      spec?: Record<string, unknown>;
    } | null;
    if (value === null) return [];
    const kind = Object.values(SERVICES.kinds).find((k) => k.kind === value.kind);
    if (!kind)
      throw new InvalidInputError(
        `${file}: document ${index + 1} is a ${value.kind ?? 'document without a kind'}; only TraditionalService and KnativeService deploy here (kubectl applies the rest)`,
      );
    if (!value.metadata?.name)
      throw new InvalidInputError(`${file}: document ${index + 1}: metadata.name is required`);
    return [
      {
        kind: kind.kind,
        plural: kind.plural,
        namespace: value.metadata.namespace ?? namespace,
        name: value.metadata.name,
        spec: value.spec ?? {},
      },
    ];
  });
}

export default class ServiceDeploy extends BaseCommand<typeof ServiceDeploy> {
  static override summary =
    'Create or update the services in a YAML file (TraditionalService, KnativeService).';
  static override description =
    'Every service is validated by its schema and dry-run on the server before any is written; a field the ' +
    'server refuses (a port out of range, a volume that would shrink) is named.';
  static override examples = [
    '<%= config.bin %> service deploy -f web.yaml',
    '<%= config.bin %> service deploy -f services.yaml -n shop --dry-run',
  ];
  static override flags = {
    ...apiFlags,
    file: Flags.string({ char: 'f', description: 'A YAML file of services.', required: true }),
    namespace: Flags.string({
      char: 'n',
      description: 'The namespace of services that name none.',
      default: 'default',
    }),
    'dry-run': Flags.boolean({ description: 'Validate on the server, write nothing.', default: false }),
  };

  async run(): Promise<void> {
    const manifests = readServiceManifests(
      readFileSync(this.flags.file, 'utf8'),
      this.flags.file,
      this.flags.namespace,
    );
    if (manifests.length === 0) throw new InvalidInputError(`${this.flags.file} holds no service`);
    const needsCluster = !this.flags['api-url'] || !this.flags.token;
    const api = await connectApi(needsCluster ? await this.connect() : undefined, {
      apiUrl: this.flags['api-url'],
      token: this.flags.token,
    });
    const existing = async (m: ServiceManifest): Promise<Instance | undefined> =>
      (
        await api.get<InstanceList>(`/api/v1/instances/${m.plural}`, { namespace: m.namespace })
      ).instances.find((i) => i.name === m.name);
    const write = async (m: ServiceManifest, dryRun: boolean) =>
      (await existing(m))
        ? api.put<PutInstanceResponse>(`/api/v1/instances/${m.plural}/${m.namespace}/${m.name}`, {
            spec: m.spec,
            dryRun,
          })
        : api.post<PutInstanceResponse>(`/api/v1/instances/${m.plural}/${m.namespace}`, {
            name: m.name,
            spec: m.spec,
            dryRun,
          });
    // All dry-run first: one bad service leaves every other untouched.
    for (const manifest of manifests) await write(manifest, true);
    const results: Array<ServiceManifest & { action: string; written?: PutInstanceResponse }> = [];
    for (const manifest of manifests) {
      const action = (await existing(manifest)) ? 'updated' : 'created';
      const written = this.flags['dry-run'] ? undefined : await write(manifest, false);
      results.push({
        ...manifest,
        action: this.flags['dry-run'] ? `would be ${action}` : action,
        ...(written ? { written } : {}),
      });
    }
    this.print(results, () =>
      formatTable(
        ['NAMESPACE', 'NAME', 'KIND', 'RESULT'],
        results.map((r) => [r.namespace, r.name, r.kind, r.action]),
      ),
    );
  }
}
