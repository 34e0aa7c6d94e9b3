import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UpstreamCrd } from './release-host-stand-in.js';

/** The variable naming a directory of upstream CRDs to use as the offline mirror's feed (see `upstreamFixturesDir`). */
export const UPSTREAM_FIXTURES_VARIABLE = 'BI_UPSTREAM_FIXTURES';

/** The documented default place of the optional offline mirror's CRDs, relative to the repository. */
export const DEFAULT_UPSTREAM_FIXTURES = '../shared/fixtures/upstream-crds';

/**
 * Where the optional offline mirror's upstream CRDs are: `BI_UPSTREAM_FIXTURES`, else the documented default
 * `DEFAULT_UPSTREAM_FIXTURES` beside the repository (one folder per project, one CRD per file). Nothing
 * requires it: without it, tests obtain the bundles from their release URLs.
 */
export function upstreamFixturesDir(): string {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
  return process.env[UPSTREAM_FIXTURES_VARIABLE] || resolve(repo, DEFAULT_UPSTREAM_FIXTURES);
}

/** The CRDs in a fixtures directory (every `<project>/*.yaml`, sorted), or undefined when it does not exist. */
export function readFixtureCrds(dir: string = upstreamFixturesDir()): UpstreamCrd[] | undefined {
  if (!existsSync(dir)) return undefined;
  const crds: UpstreamCrd[] = [];
  const projects = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  for (const project of projects.map((entry) => entry.name).sort()) {
    const folder = join(dir, project);
    for (const file of readdirSync(folder)
      .filter((name) => name.endsWith('.yaml'))
      .sort()) {
      const text = readFileSync(join(folder, file), 'utf8')
        .replace(/^---\n/, '')
        .trimEnd();
      // One CRD per file: its group is the one two-space-indented `group:` (under `spec:`).
      const group = /^ {2}group: (\S+)$/m.exec(text)?.[1];
      if (!group) throw new Error(`${join(folder, file)}: not a CustomResourceDefinition (no spec.group)`);
      const name = /^ {2}name: (\S+)$/m.exec(text)?.[1] ?? file;
      const channel = /^ {4}gateway\.networking\.k8s\.io\/channel: (\S+)$/m.exec(text)?.[1];
      crds.push({
        name,
        group,
        ...(channel ? { channel } : {}),
        // MetalLB's fixture CRDs were vendored with our namespace; upstream's is metallb-system, and the battery's
        // re-namespacing is what must move it.
        text:
          group === 'metallb.io'
            ? text.replaceAll('namespace: battery-base', 'namespace: metallb-system')
            : text,
      });
    }
  }
  return crds;
}
