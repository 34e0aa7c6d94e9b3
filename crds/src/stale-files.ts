import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PER_BATTERY_DIR, type CrdFile } from './crd-files.js';

/** Why a committed file differs from a fresh synth. */
export type StaleReason = 'missing' | 'out of date' | 'not in the catalog';

export interface StaleFile {
  readonly path: string;
  readonly reason: StaleReason;
}

/**
 * Compares freshly rendered files with those under `crdsDir`: each rendered file must exist with the same
 * bytes, and `dist/` may hold no other YAML (a battery removed from the catalog leaves a stale file).
 */
export function findStaleFiles(files: readonly CrdFile[], crdsDir: string): StaleFile[] {
  const stale: StaleFile[] = [];
  for (const file of files) {
    const onDisk = join(crdsDir, file.path);
    if (!existsSync(onDisk)) stale.push({ path: file.path, reason: 'missing' });
    else if (readFileSync(onDisk, 'utf8') !== file.content)
      stale.push({ path: file.path, reason: 'out of date' });
  }
  const expected = new Set(files.map((file) => file.path));
  for (const path of committedBatteryFiles(crdsDir)) {
    if (!expected.has(path)) stale.push({ path, reason: 'not in the catalog' });
  }
  return stale;
}

/** The YAML files under `<crdsDir>/dist`, as paths relative to `crdsDir`. */
export function committedBatteryFiles(crdsDir: string): string[] {
  const dir = join(crdsDir, PER_BATTERY_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => `${PER_BATTERY_DIR}/${name}`);
}
