import { Flags } from '@oclif/core';
import { catalogTypes, findBattery, neededBundles } from '@batteries-included/batteries';
import { pullBundles } from '@batteries-included/operator';
import { BaseCommand } from '../../lib/base-command.js';
import { readBatteryFiles } from '../../lib/battery-files.js';
import { CliFailure, InvalidInputError } from '../../lib/errors.js';
import { EXIT_CODES } from '../../lib/exit-codes.js';
import { formatTable } from '../../lib/output.js';

export default class BundlesPull extends BaseCommand<typeof BundlesPull> {
  static override summary = 'Download the upstream bundles batteries need, for a cluster without internet.';
  static override description = `Fetches every upstream release a battery installs (cert-manager, CloudNativePG, the Gateway API, MetalLB, Knative Serving) from its pinned URL into DIR: one <name>-<version>.yaml per bundle and bundles.json with each SHA-256 digest. A digest the catalog declares must match. Which bundles: those of -f Battery files (with their specs), else of --battery types (default specs), else the whole catalog. Carry DIR to the air-gapped side and run \`bi bundles push --dir DIR\`. Exit 1 when a bundle could not be pulled (the others are written).`;
  static override examples = [
    '<%= config.bin %> bundles pull --dir ./bundles',
    '<%= config.bin %> bundles pull --dir ./bundles --battery cert-manager --battery cloudnative-pg',
    '<%= config.bin %> bundles pull --dir ./bundles -f examples/gateway-api.yaml --output json',
  ];
  static override flags = {
    dir: Flags.string({
      description: 'Directory to write the bundles and bundles.json into.',
      required: true,
    }),
    battery: Flags.string({
      char: 'b',
      description:
        'Battery type whose bundles to pull (default spec). Repeatable. Default: the whole catalog.',
      multiple: true,
    }),
    file: Flags.string({
      char: 'f',
      description:
        'Battery YAML file or directory: pull what these batteries, with these specs, need. Repeatable.',
      multiple: true,
    }),
    mirror: Flags.string({
      description: 'Fetch https://host/path from <mirror>/host/path instead (an internal file server).',
      env: 'BI_BUNDLE_MIRROR',
    }),
    'max-bytes': Flags.integer({
      description: 'Refuse a release file larger than this many bytes.',
      default: 32 * 1024 * 1024,
      min: 1,
    }),
  };

  async run(): Promise<void> {
    const specs = this.specs();
    const needed = neededBundles(specs);
    this.note(`Pulling ${needed.length} bundle(s) into ${this.flags.dir}`);
    const { index, failures } = await pullBundles(needed, this.flags.dir, {
      mirror: this.flags.mirror,
      maxBytes: this.flags['max-bytes'],
      onRetry: ({ url, attempt, reason }) =>
        this.note(`retrying ${url} (attempt ${attempt} failed: ${reason})`),
    });
    const rows = index.bundles.map((b) => ({
      key: b.key,
      sha256: b.sha256,
      sizeBytes: b.sizeBytes,
      file: b.file,
      batteries: b.batteries,
    }));
    this.print({ dir: this.flags.dir, bundles: rows }, () =>
      formatTable(
        ['BUNDLE', 'SHA256', 'SIZE', 'FILE', 'BATTERIES'],
        rows.map((r) => [r.key, r.sha256, `${r.sizeBytes}`, r.file, r.batteries.join(',')]),
      ),
    );
    if (failures.length > 0) {
      throw new CliFailure(
        `${failures.length} of ${needed.length} bundle(s) could not be pulled:\n${failures.map((e) => `  - ${e.message}`).join('\n')}`,
        EXIT_CODES.failed,
        { cause: new AggregateError(failures) },
      );
    }
  }

  /** Battery specs by type: from files, from --battery, or every catalog battery with its defaults. */
  private specs(): Record<string, unknown> {
    if (this.flags.file?.length) {
      const { batteries } = readBatteryFiles(this.flags.file);
      return Object.fromEntries(batteries.map((b) => [b.metadata.name, b.spec ?? {}]));
    }
    if (this.flags.battery?.length) {
      const unknown = this.flags.battery.filter((type) => !findBattery(type));
      if (unknown.length > 0)
        throw new InvalidInputError(
          `--battery ${unknown.join(', ')}: not in the catalog; known batteries: ${catalogTypes().join(', ')}`,
        );
      return Object.fromEntries(this.flags.battery.map((type) => [type, {}]));
    }
    return Object.fromEntries(catalogTypes().map((type) => [type, {}]));
  }
}
