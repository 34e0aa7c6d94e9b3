import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goVersion, runGo } from './build.js';
import { cacheRoot } from './paths.js';

/** A command to build from a published Go module, pinned to one version. */
export interface GoTool {
  /** The binary's name in the cache, e.g. `victoria-metrics`. */
  readonly name: string;
  /** The Go package of the command, e.g. `github.com/VictoriaMetrics/VictoriaMetrics/app/victoria-metrics`. */
  readonly package: string;
  /** The module version, e.g. `v1.151.0`. */
  readonly version: string;
  /** Linker flags (version stamps); `-s -w` when not given. */
  readonly ldflags?: string;
}

export interface EnsureGoToolOptions {
  /** Called with a line when a build starts and ends (the first build takes minutes). */
  onProgress?: (line: string) => void;
}

/** Bump when the way tools are built changes, so cached binaries are rebuilt. */
const TOOL_BUILD_REVISION = 1;

/**
 * Returns the path of a command built from its Go module with `go install <package>@<version>`, building it the
 * first time. Cached like the control plane's binaries: `cacheRoot()/tools/<name>-<version>_<go>_r<rev>/<name>`,
 * renamed into place only when complete, so an interrupted build never leaves a broken binary; a second call
 * takes milliseconds. A failed build raises a `ComponentError` naming the command and its log.
 * @example const vm = await ensureGoTool({ name: 'victoria-metrics', package: '…/app/victoria-metrics', version: 'v1.151.0' });
 */
export async function ensureGoTool(tool: GoTool, options: EnsureGoToolOptions = {}): Promise<string> {
  const dir = join(
    cacheRoot(),
    'tools',
    `${tool.name}-${tool.version}_${await goVersion()}_r${TOOL_BUILD_REVISION}`,
  );
  const binary = join(dir, tool.name);
  if (existsSync(binary)) return binary;
  const staging = join(dir, 'staging');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const progress = options.onProgress ?? (() => {});
  const started = performance.now();
  progress(`building ${tool.name} ${tool.version} from its Go module (first run: minutes)`);
  await runGo(
    ['install', '-ldflags', tool.ldflags ?? '-s -w', `${tool.package}@${tool.version}`],
    // Outside any module: `go install pkg@version` resolves the tool's own go.mod and nothing else.
    { GOBIN: staging, GOFLAGS: '' },
    tool.name,
    join(dir, 'build.log'),
    dir,
  );
  const built = join(staging, tool.package.split('/').at(-1)!);
  renameSync(built, binary);
  rmSync(staging, { recursive: true, force: true });
  progress(`built ${tool.name} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return binary;
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
