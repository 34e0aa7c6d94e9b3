import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Flags } from '@oclif/core';
import { stringify } from 'yaml';
import { generate, type KubeObject } from '@batteries-included/batteries';
import { prepareSnapshot } from '@batteries-included/operator';
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
  static override description = `No cluster is needed: the same generate() the operator runs turns the Battery objects into the complete desired object set, sorted and deterministic. Secret values are redacted (passwords are minted on the cluster, never here). With -o DIR, one file per battery (DIR/<type>.yaml, the directory's previous files replaced); otherwise one multi-document YAML stream on stdout. Exit 1 when a battery cannot be generated (its reason is printed).`;
  static override examples = [
    '<%= config.bin %> synth -f examples/platform.yaml',
    '<%= config.bin %> synth -f batteries/ -o rendered/',
    '<%= config.bin %> synth -f examples/redis.yaml --output json',
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
  };

  async run(): Promise<void> {
    const { batteries, skipped } = readBatteryFiles(this.flags.file);
    for (const line of skipped) this.debugLine(`skipped ${line}`);
    // Deterministic placeholder material: the output is for review, and every Secret value is redacted anyway.
    const { snapshot } = prepareSnapshot({
      batteries,
      live: new Map(),
      mint: (request) => '0'.repeat(request.length),
    });
    const result = generate(snapshot);
    const failed = result.batteries.flatMap((b) => (b.status === 'generated' ? [] : [b]));
    const objects = result.objects.map(redact);
    const outputDir = this.flags['output-dir'];
    if (outputDir) {
      rmSync(outputDir, { recursive: true, force: true });
      mkdirSync(outputDir, { recursive: true });
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
