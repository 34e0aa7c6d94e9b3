import { Flags } from '@oclif/core';
import { pushedBundleConfigMaps, readPulledBundles } from '@batteries-included/operator';
import { BaseCommand } from '../../lib/base-command.js';
import { InvalidInputError } from '../../lib/errors.js';
import { formatTable } from '../../lib/output.js';

export default class BundlesPush extends BaseCommand<typeof BundlesPush> {
  static override summary = 'Load pulled bundles into a cluster, so the operator never needs the internet.';
  static override description = `Reads DIR as \`bi bundles pull\` wrote it, verifies every file against the SHA-256 in bundles.json, and server-side applies each bundle as gzip'd binaryData ConfigMaps (split into parts under the 1 MiB ConfigMap limit) labelled batteriesincl.com/bundle in the operator's namespace, annotated with the bundle key and digest. The operator imports them into its cache when it needs them, verifying the digest again and pinning it on first use; pushing works before the operator is installed. Pushing again is a no-op: ConfigMap names come from the digest.`;
  static override examples = [
    '<%= config.bin %> bundles push --dir ./bundles',
    '<%= config.bin %> bundles push --dir ./bundles --namespace batteries-included-system --output json',
  ];
  static override flags = {
    dir: Flags.string({ description: 'Directory written by `bi bundles pull`.', required: true }),
    namespace: Flags.string({
      char: 'n',
      description: "The operator's namespace, where it looks for pushed bundles.",
      default: 'batteries-included-system',
    }),
  };

  async run(): Promise<void> {
    let bundles: Awaited<ReturnType<typeof readPulledBundles>>;
    try {
      bundles = await readPulledBundles(this.flags.dir);
    } catch (error) {
      throw new InvalidInputError(`--dir ${this.flags.dir}: ${(error as Error).message}`, [], {
        cause: error,
      });
    }
    const cluster = await this.connect();
    const namespace = this.flags.namespace;
    await cluster.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { 'app.kubernetes.io/part-of': 'batteries-included' } },
    });
    const rows: Array<{ key: string; sha256: string; configMaps: string[] }> = [];
    for (const bundle of bundles) {
      const configMaps = pushedBundleConfigMaps(bundle, namespace);
      for (const configMap of configMaps) await cluster.apply(configMap);
      rows.push({
        key: bundle.key,
        sha256: bundle.sha256,
        configMaps: configMaps.map((c) => c.metadata.name),
      });
      this.debugLine(`pushed ${bundle.key} as ${configMaps.length} ConfigMap(s)`);
    }
    this.print({ namespace, bundles: rows }, () =>
      formatTable(
        ['BUNDLE', 'SHA256', 'CONFIGMAPS'],
        rows.map((r) => [r.key, r.sha256, r.configMaps.join(',')]),
      ),
    );
  }
}
