import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CrdSchemaError } from './crd-schema-error.js';
import { renderCrdFiles, type CrdFile } from './crd-files.js';
import { findStaleFiles } from './stale-files.js';

/** The `crds/` folder, where the synthesized files live. */
export const CRDS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface SynthOptions {
  /** Where to write or compare; `crds/` by default. */
  readonly crdsDir?: string;
  readonly log?: (line: string) => void;
  readonly error?: (line: string) => void;
}

/**
 * Runs the synth and returns the exit code. Without flags it writes `dist/<type>.yaml` and `all.yaml` and
 * deletes per-battery files of batteries no longer in the catalog. With `--check` it writes nothing and
 * returns 1 when any file is stale, listing each (CI runs this). A schema that cannot be a CRD returns 2.
 */
export function runSynth(
  args: readonly string[],
  { crdsDir = CRDS_DIR, log = console.log, error = console.error }: SynthOptions = {},
): number {
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    error(`synth: unknown argument ${unknown.join(' ')}; usage: synth [--check]`);
    return 2;
  }
  let files: CrdFile[];
  try {
    files = renderCrdFiles();
  } catch (failure) {
    error(`synth: ${describe(failure)}`);
    return 2;
  }
  const stale = findStaleFiles(files, crdsDir);
  if (args.includes('--check')) {
    if (stale.length === 0) {
      log(`synth --check: ${files.length} files are up to date`);
      return 0;
    }
    error(
      `synth --check: ${stale.length} stale file(s) under ${crdsDir}; run npm run synth and commit the result:`,
    );
    for (const file of stale) error(`  ${file.path}: ${file.reason}`);
    return 1;
  }
  for (const file of stale) {
    const path = join(crdsDir, file.path);
    if (file.reason === 'not in the catalog') {
      rmSync(path);
      log(`removed ${file.path}`);
      continue;
    }
    const content = files.find((candidate) => candidate.path === file.path)!.content;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    log(`wrote ${file.path}`);
  }
  log(`synth: ${files.length} files, ${stale.length} changed`);
  return 0;
}

function describe(failure: unknown): string {
  if (failure instanceof AggregateError) {
    return [failure.message, ...failure.errors.map((inner) => describe(inner))].join('\n');
  }
  if (failure instanceof CrdSchemaError) return failure.message;
  return failure instanceof Error ? (failure.stack ?? failure.message) : String(failure);
}
