import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Flags } from '@oclif/core';
import { stringify } from 'yaml';
import { catalogTypes, generate, type KubeObject, type SnapshotBundle } from '@batteries-included/batteries';
import { parseBundle, prepareSnapshot, readPulledBundles } from '@batteries-included/operator';
import { BaseCommand } from '../lib/base-command.js';
import { CliFailure } from '../lib/errors.js';
import { EXIT_CODES } from '../lib/exit-codes.js';
import { readBatteryFiles } from '../lib/battery-files.js';

const REDACTED = '<redacted>';

/** Secret values are never printed: generated material is replaced by a marker (as in every diff and log). */
function redact(object: KubeObject): KubeObject {
  if (object.kind !== 'Secret' || object.apiVersion !== 'v1') return object;
  const copy = structuredClone(object) as KubeObject & {
    data?: Record<string, string>;
    stringData?: Record<string, string>;
  };
  for (const field of ['data', 'stringData'] as const) {
    if (copy[field]) copy[field] = Object.fromEntries(Object.keys(copy[field]!).map((k) => [k, REDACTED]));
  }
  return copy;
}

export default class Synth extends BaseCommand<typeof Synth> {
  static override summary = 'Render every object the operator would apply for Battery YAMLs, offline.';
  static override description = `No cluster is needed: the same generate() the operator runs turns the Battery objects into the complete desired object set, sorted and deterministic. Secret values are redacted (passwords are minted on the cluster, never here). With -o DIR, one file per battery (DIR/<type>.yaml; earlier <type>.yaml renders there are replaced, any other file is left alone); otherwise one multi-document YAML stream on stdout. Batteries built on upstream releases (cert-manager, cloudnative-pg, …) need those releases: pass a directory written by \`bi bundles pull\` with --bundles-dir. Exit 1 when a battery cannot be generated (its reason is printed).`;
  static override examples = [
    '<%= config.bin %> synth -f examples/platform.yaml',
    '<%= config.bin %> synth -f batteries/ -o rendered/',
    '<%= config.bin %> synth -f examples/redis.yaml --output json',
    '<%= config.bin %> synth -f examples/cert-manager.yaml --bundles-dir ./bundles',
  ];
  static override flags = {
    file: Flags.string({
      char: 'f',
      description: 'Battery YAML file or directory. Repeatable.',
      multiple: true,
      required: true,
    }),
    'output-dir': Flags.string({
      char: 'o',
      description: 'Write one YAML file per battery into this directory.',
    }),
    'bundles-dir': Flags.string({
      description:
        'A directory written by `bi bundles pull`: the upstream releases bundle batteries render from.',
    }),
  };

  async run(): Promise<void> {
    const { batteries, skipped } = readBatteryFiles(this.flags.file);
    for (const line of skipped) this.debugLine(`skipped ${line}`);
    // Deterministic placeholder material: the output is for review, and every Secret value is redacted anyway.
    const bundlesDir = this.flags['bundles-dir'];
    const { snapshot } = prepareSnapshot({
      batteries,
      live: new Map(),
      mint: (request) => '0'.repeat(request.length),
      bundles: bundlesDir ? await pulledBundles(bundlesDir) : undefined,
    });
    const result = generate(snapshot);
    const failed = result.batteries.flatMap((b) => (b.status === 'generated' ? [] : [b]));
    const objects = result.objects.map(redact);
    const outputDir = this.flags['output-dir'];
    if (outputDir) {
      // Never a surprise deletion: only earlier renders (<battery type>.yaml) are replaced.
      mkdirSync(outputDir, { recursive: true });
      const renders = new Set(catalogTypes().map((type) => `${type}.yaml`));
      for (const file of readdirSync(outputDir)) if (renders.has(file)) rmSync(join(outputDir, file));
      for (const battery of result.batteries) {
        if (battery.status !== 'generated') continue;
        writeFileSync(
          join(outputDir, `${battery.type}.yaml`),
          battery.objects.map((o) => stringify(redact(o))).join('---\n'),
        );
      }
      this.note(
        `Wrote ${objects.length} objects for ${result.batteries.length - failed.length} batteries to ${outputDir}`,
      );
    } else if (this.outputFormat === 'json') {
      this.log(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2));
    } else {
      this.log(
        objects
          .map((o) => stringify(o))
          .join('---\n')
          .trimEnd(),
      );
    }
    if (failed.length > 0) {
      throw new CliFailure(
        `some batteries produced no objects:\n${failed.map((b) => `  - ${b.type}: ${b.message}`).join('\n')}`,
        EXIT_CODES.failed,
      );
    }
  }
}

/** The releases in a `bi bundles pull` directory (digests verified), as the snapshot carries them. */
async function pulledBundles(dir: string): Promise<Record<string, SnapshotBundle>> {
  if (!existsSync(dir)) throw new CliFailure(`--bundles-dir ${dir}: no such directory`, EXIT_CODES.usage);
  const pulled = await readPulledBundles(dir).catch((error: unknown) => {
    throw new CliFailure(
      `--bundles-dir ${dir}: ${error instanceof Error ? error.message : String(error)}`,
      EXIT_CODES.usage,
    );
  });
  return Object.fromEntries(
    pulled.map((bundle) => [
      bundle.key,
      { digest: bundle.sha256, objects: parseBundle(bundle.key, bundle.content) },
    ]),
  );
}
