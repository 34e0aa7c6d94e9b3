import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

/** Whether a generated file on disk matches what its generator renders now. */
export type FileState = 'up to date' | 'missing' | 'out of date';

export function fileState(path: string, content: string): FileState {
  if (!existsSync(path)) return 'missing';
  return readFileSync(path, 'utf8') === content ? 'up to date' : 'out of date';
}

export interface GeneratedFileOptions {
  /** Compare only; write nothing. */
  readonly check: boolean;
  /** Paths in messages are relative to this directory. */
  readonly root: string;
  readonly log?: (line: string) => void;
  readonly error?: (line: string) => void;
}

/**
 * Writes `content` to `path` when it differs, or with `check` reports the difference; returns the exit code
 * (1: stale under --check). `command` is what a developer should run to refresh the file.
 */
export function syncGeneratedFile(
  path: string,
  content: string,
  command: string,
  { check, root, log = console.log, error = console.error }: GeneratedFileOptions,
): number {
  const shown = relative(root, path);
  const state = fileState(path, content);
  if (state === 'up to date') {
    log(`${shown} is up to date`);
    return 0;
  }
  if (check) {
    error(`${shown} is ${state}; run ${command} and commit the result`);
    return 1;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  log(`wrote ${shown}`);
  return 0;
}

/** `--check` or nothing; anything else is a usage error (exit 2). */
export function parseCheckFlag(args: readonly string[], usage: string): boolean | undefined {
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown.join(' ')}; usage: ${usage}`);
    return undefined;
  }
  return args.includes('--check');
}
