import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goVersion, runGo } from './build.js';
import { cacheRoot, TESTENV_DIR } from './paths.js';

/**
 * A Go program the tests run beside the control plane, built once and cached like the Kubernetes binaries. Either a
 * command of a published module (`go install <package>@<version>`), or a program kept in `testenv/go/<name>/` with
 * its own go.mod and go.sum pinning what it builds from (for upstreams whose command module the proxy does not
 * serve, such as cert-manager's controllers).
 */
export type GoTool = GoModuleTool | GoFolderTool;

/** A command of a published Go module, e.g. VictoriaMetrics' `app/victoria-metrics` at v1.151.0. */
export interface GoModuleTool {
  /** The binary's name in the cache, e.g. `victoria-metrics`. */
  readonly name: string;
  /** The Go package of the command, e.g. `github.com/VictoriaMetrics/VictoriaMetrics/app/victoria-metrics`. */
  readonly package: string;
  /** The module version, e.g. `v1.151.0`. */
  readonly version: string;
  /** Linker flags (version stamps); `-s -w` when not given. */
  readonly ldflags?: string;
}

/** A program kept in `testenv/go/<name>/`. */
export interface GoFolderTool {
  /** The folder under `testenv/go/` and the binary's name, e.g. `cert-manager-controller`. */
  readonly name: string;
  /** What to say while building, e.g. "cert-manager v1.21.0 controllers". */
  readonly description: string;
  /**
   * The main package to build: the folder's own (`.`), or a command of a module its go.mod requires (pinned there and
   * by a `tools.go`), e.g. `go.universe.tf/metallb/controller`. @default '.'
   */
  readonly folderPackage?: string;
}

export interface EnsureGoToolOptions {
  /** Called with a line when a build starts and ends (the first build takes minutes). */
  onProgress?: (line: string) => void;
}

/** Bump when the way tools are built changes, so cached binaries are rebuilt. */
const TOOL_BUILD_REVISION = 2;

/**
 * The path of `tool`'s binary, building it the first time. Cached under `cacheRoot()/tools/<name>-<version or source
 * digest>_<go>_r<rev>/<name>`, so a second call takes milliseconds and a version bump (or, for a folder tool, any change
 * to its go.mod, go.sum or sources) rebuilds. Each process builds into a staging folder of its own and renames the
 * complete binary into place, so an interrupted or concurrent build never leaves a broken one; a failed build raises a
 * `ComponentError` naming the command and its log.
 * @example const vm = await ensureGoTool(VICTORIA_METRICS_TOOL); // ~/.cache/batteries-included/testenv/tools/…
 */
export async function ensureGoTool(tool: GoTool, options: EnsureGoToolOptions = {}): Promise<string> {
  const isModule = 'version' in tool;
  const source = isModule ? undefined : join(TESTENV_DIR, 'go', tool.name);
  const identity = isModule ? tool.version : folderDigest(source!);
  const dir = join(
    cacheRoot(),
    'tools',
    `${tool.name}-${identity}_${await goVersion()}_r${TOOL_BUILD_REVISION}`,
  );
  const binary = join(dir, tool.name);
  if (existsSync(binary)) return binary;
  const staging = join(dir, `staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const progress = options.onProgress ?? (() => {});
  const started = performance.now();
  progress(
    isModule
      ? `building ${tool.name} ${tool.version} from its Go module (first run: minutes)`
      : `building ${tool.description} (first run: several minutes)`,
  );
  try {
    if (isModule) {
      await runGo(
        ['install', '-ldflags', tool.ldflags ?? '-s -w', `${tool.package}@${tool.version}`],
        // Outside any module: `go install pkg@version` resolves the tool's own go.mod and nothing else.
        { GOBIN: staging, GOFLAGS: '' },
        tool.name,
        join(dir, 'build.log'),
        dir,
      );
      if (!existsSync(binary)) renameSync(join(staging, installedName(tool.package)), binary);
    } else {
      await runGo(
        [
          'build',
          '-trimpath',
          '-ldflags',
          '-s -w',
          '-o',
          join(staging, tool.name),
          tool.folderPackage ?? '.',
        ],
        {},
        tool.name,
        join(dir, 'build.log'),
        source,
      );
      if (!existsSync(binary)) renameSync(join(staging, tool.name), binary);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  progress(`built ${tool.name} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return binary;
}

/** The name `go install` gives a command: its package's last element, without a major-version suffix (`…/v7`). */
function installedName(goPackage: string): string {
  const parts = goPackage.split('/');
  return /^v\d+$/.test(parts.at(-1)!) ? parts.at(-2)! : parts.at(-1)!;
}

function folderDigest(folder: string): string {
  const digest = createHash('sha256');
  for (const file of readdirSync(folder).sort()) digest.update(file).update(readFileSync(join(folder, file)));
  return digest.digest('hex').slice(0, 12);
}

/**
 * A file from a published Go module, as the Go module proxy serves it (`go mod download`, so it is verified against
 * the checksum database and cached in the module cache): e.g. the dashboards VictoriaMetrics ships in its module.
 * Synchronous, for test fixtures built before a server starts; the first call downloads the module.
 * @example goModuleFile('github.com/VictoriaMetrics/VictoriaMetrics', 'v1.151.0', 'dashboards/victoriametrics.json')
 */
export function goModuleFile(module: string, version: string, path: string): string {
  const output = execFileSync('go', ['mod', 'download', '-json', `${module}@${version}`], {
    cwd: tmpdir(),
    env: { ...process.env, GOFLAGS: '' },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const { Dir, Error: error } = JSON.parse(output) as { Dir?: string; Error?: string };
  if (!Dir) throw new Error(`go mod download ${module}@${version}: ${error ?? 'no directory'}`);
  return readFileSync(join(Dir, path), 'utf8');
}

/** cert-manager's certificate, request, issuer and cluster-issuer controllers (v1.21.0), wired by a small main. */
export const CERT_MANAGER_CONTROLLER: GoFolderTool = {
  name: 'cert-manager-controller',
  description: 'cert-manager v1.21.0 controllers',
};

/** MetalLB's own controller command (v0.15.2). */
export const METALLB_CONTROLLER: GoFolderTool = {
  name: 'metallb-controller',
  description: 'MetalLB v0.15.2 controller',
  folderPackage: 'go.universe.tf/metallb/controller',
};

/** oauth2-proxy, the current v7 release: what the sso battery runs in front of battery UIs. */
export const OAUTH2_PROXY: GoModuleTool = {
  name: 'oauth2-proxy',
  package: 'github.com/oauth2-proxy/oauth2-proxy/v7',
  version: 'v7.15.6',
};
