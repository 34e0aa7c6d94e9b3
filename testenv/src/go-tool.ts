import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { goVersion, runGo } from './build.js';
import { cacheRoot } from './paths.js';

/** A command built from a published Go module with `go install <package>@<version>`. */
export interface GoTool {
  /** The binary's name, e.g. `oauth2-proxy` (what `go install` names it: the package path's last element). */
  readonly name: string;
  /** The package to install, e.g. `github.com/oauth2-proxy/oauth2-proxy/v7`. */
  readonly package: string;
  /** A released version of its module, e.g. `v7.15.6`. */
  readonly version: string;
}

/** oauth2-proxy, the current v7 release: what the sso battery runs in front of battery UIs. */
export const OAUTH2_PROXY: GoTool = {
  name: 'oauth2-proxy',
  package: 'github.com/oauth2-proxy/oauth2-proxy/v7',
  version: 'v7.15.6',
};

/** The Go tools tests use besides the control plane; `npm test`'s setup builds the missing ones. */
export const GO_TOOLS: readonly GoTool[] = [OAUTH2_PROXY];

export interface EnsureGoToolOptions {
  /** Called with one line per step, e.g. "building oauth2-proxy v7.15.6". */
  onProgress?: (line: string) => void;
}

/**
 * The path of `tool`'s binary, built with `go install` the first time (minutes; through the Go module proxy) and
 * cached under `cacheRoot()/go-tools/<name>-<version>_<go version>/<name>`, so later calls take milliseconds and a
 * version bump rebuilds. A build goes to a staging folder of this process and is renamed into place whole, so two
 * processes building at once never see each other's half-built file.
 * @example const binary = await ensureGoTool(OAUTH2_PROXY); // ~/.cache/batteries-included/testenv/go-tools/…
 */
export async function ensureGoTool(tool: GoTool, options: EnsureGoToolOptions = {}): Promise<string> {
  const dir = join(cacheRoot(), 'go-tools', `${tool.name}-${tool.version}_${await goVersion(tool.name)}`);
  const binary = join(dir, tool.name);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const staging = join(dir, `staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const started = performance.now();
  options.onProgress?.(`building ${tool.name} ${tool.version} (first run: a few minutes)`);
  try {
    await runGo(
      ['install', `${tool.package}@${tool.version}`],
      { GOBIN: staging },
      tool.name,
      join(dir, 'build.log'),
    );
    if (!existsSync(binary)) renameSync(join(staging, tool.name), binary);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  options.onProgress?.(`built ${tool.name} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return binary;
}
