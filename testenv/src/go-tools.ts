import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { capture, runGo } from './build.js';
import { cacheRoot, TESTENV_DIR } from './paths.js';

/** A Go program kept in `testenv/go/<name>/` (its own go.mod and go.sum pinning what it builds from). */
export interface GoTool {
  /** The folder under `testenv/go/` and the binary's name, e.g. `cert-manager-controller`. */
  readonly name: string;
  /** What to say while building, e.g. "cert-manager v1.21.0 controllers (first run: several minutes)". */
  readonly description: string;
  /**
   * The main package to build: the folder's own (`.`), or a command of a module its go.mod requires (pinned there and
   * by a `tools.go`), e.g. `go.universe.tf/metallb/controller`. @default '.'
   */
  readonly package?: string;
}

/**
 * The path of a Go tool's binary, building it the first time, cached like the Kubernetes binaries:
 * `cacheRoot()/tools/<name>_<go version>_<digest of its go.mod, go.sum and sources>/<name>`, so a second call takes
 * milliseconds and any change to the pinned versions or the sources rebuilds. Built into a staging name and renamed
 * into place, so an interrupted build never leaves a broken binary; a failed build raises a `ComponentError` naming
 * the command and its log.
 * @example const controller = await ensureGoTool({ name: 'cert-manager-controller', description: 'cert-manager' });
 */
export async function ensureGoTool(
  tool: GoTool,
  onProgress: (line: string) => void = () => {},
): Promise<string> {
  const source = join(TESTENV_DIR, 'go', tool.name);
  const goVersion = (await capture('go', ['env', 'GOVERSION'], tool.name)).trim();
  const digest = createHash('sha256');
  for (const file of readdirSync(source).sort()) digest.update(file).update(readFileSync(join(source, file)));
  const dir = join(cacheRoot(), 'tools', `${tool.name}_${goVersion}_${digest.digest('hex').slice(0, 12)}`);
  const binary = join(dir, tool.name);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const staging = `${binary}.staging`;
  rmSync(staging, { force: true });
  const started = performance.now();
  onProgress(`building ${tool.description}`);
  await runGo(
    ['build', '-trimpath', '-ldflags', '-s -w', '-o', staging, tool.package ?? '.'],
    {},
    tool.name,
    join(dir, 'build.log'),
    source,
  );
  renameSync(staging, binary);
  onProgress(`built ${tool.name} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return binary;
}

/** cert-manager's certificate, request, issuer and cluster-issuer controllers (v1.21.0), wired by a small main. */
export const CERT_MANAGER_CONTROLLER: GoTool = {
  name: 'cert-manager-controller',
  description: 'cert-manager v1.21.0 controllers (first run: several minutes)',
};

/** MetalLB's own controller command (v0.15.2). */
export const METALLB_CONTROLLER: GoTool = {
  name: 'metallb-controller',
  description: 'MetalLB v0.15.2 controller (first run: several minutes)',
  package: 'go.universe.tf/metallb/controller',
};

/** Every Go tool the tests run; `npm run testenv -- build` builds them with the Kubernetes binaries. */
export const GO_TOOLS: readonly GoTool[] = [CERT_MANAGER_CONTROLLER, METALLB_CONTROLLER];
