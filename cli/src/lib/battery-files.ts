import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  API_GROUP,
  findBattery,
  splitApiVersion,
  UnknownBatteryError,
  type KubeObject,
} from '@batteries-included/batteries';
import { crdKind } from '@batteries-included/crds';
import { validateBatteries } from '../kube/battery-specs.js';
import { BATTERY_API_VERSION } from '../kube/cluster.js';
import { InvalidInputError } from './errors.js';

function filesUnder(path: string): string[] {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new InvalidInputError(`-f ${path}: no such file or directory`);
  }
  if (!stats.isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => {
      const child = join(path, entry);
      return statSync(child).isDirectory() ? filesUnder(child) : /\.(ya?ml|json)$/.test(entry) ? [child] : [];
    });
}

/**
 * Reads Battery objects from YAML/JSON files and directories (recursively; multi-document files welcome).
 * Documents of other API groups are skipped (a GitOps folder holds more than batteries); Battery documents
 * must name a catalog type, have the matching kind, and a spec its schema accepts — all checked together.
 */
export function readBatteryFiles(paths: readonly string[]): { batteries: KubeObject[]; skipped: string[] } {
  const batteries = new Map<string, KubeObject>();
  const skipped: string[] = [];
  const issues: string[] = [];
  for (const file of paths.flatMap(filesUnder)) {
    const documents = parseAllDocuments(readFileSync(file, 'utf8'));
    documents.forEach((document, index) => {
      const where = `${file}${documents.length > 1 ? `#${index + 1}` : ''}`;
      if (document.errors.length > 0) {
        issues.push(`${where}: not YAML: ${document.errors[0]!.message}`);
        return;
      }
      const object = document.toJSON() as KubeObject | null;
      if (!object) return;
      if (typeof object.apiVersion !== 'string' || splitApiVersion(object.apiVersion).group !== API_GROUP) {
        skipped.push(`${where}: ${object.kind ?? 'document'} is not a Battery`);
        return;
      }
      const type = object.metadata?.name;
      if (!type || !findBattery(type)) {
        issues.push(`${where}: ${type ? new UnknownBatteryError(type).message : 'metadata.name is missing'}`);
        return;
      }
      if (object.kind !== crdKind(type)) {
        issues.push(`${where}: a battery named ${type} must be kind ${crdKind(type)}, not ${object.kind}`);
        return;
      }
      if (batteries.has(type)) issues.push(`${where}: ${type} is given twice`);
      batteries.set(type, {
        apiVersion: BATTERY_API_VERSION,
        kind: object.kind,
        metadata: { name: type },
        spec: (object.spec ?? {}) as Record<string, unknown>,
      });
    });
  }
  if (issues.length > 0) throw new InvalidInputError('invalid Battery files', issues);
  if (batteries.size === 0) throw new InvalidInputError(`no Battery objects in ${paths.join(', ')}`);
  const list = [...batteries.values()].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  validateBatteries(list.map((b) => ({ type: b.metadata.name, spec: b.spec as Record<string, unknown> })));
  return { batteries: list, skipped };
}
