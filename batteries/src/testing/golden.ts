import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Yaml } from 'cdk8s';
import type { KubeObject } from '../model/kube-object.js';

/**
 * Compares objects, as multi-document YAML, with a committed golden file. `UPDATE_GOLDEN=1` rewrites it;
 * a missing golden file fails the test (run once with UPDATE_GOLDEN=1 and review the YAML before committing).
 */
export function expectGolden(objects: readonly KubeObject[], path: string): void {
  expectGoldenText(Yaml.stringify(...objects), path);
}

/** Compares text with a committed file the same way (`UPDATE_GOLDEN=1` rewrites it): generated docs, tables. */
export function expectGoldenText(text: string, path: string): void {
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return;
  }
  if (!existsSync(path))
    throw new Error(`golden file ${path} is missing; run with UPDATE_GOLDEN=1 and review it`);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

/**
 * The golden files beside a test: `__golden__/<name>.yaml` next to the module at `moduleUrl`.
 * @example const golden = goldenFiles(import.meta.url); expectGolden(objects, golden('default'));
 */
export function goldenFiles(moduleUrl: string): (name: string) => string {
  return (name) => fileURLToPath(new URL(`./__golden__/${name}.yaml`, moduleUrl));
}
