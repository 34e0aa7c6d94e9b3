import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { ComponentError } from './errors.js';
import { cacheRoot, TESTENV_DIR } from './paths.js';
import {
  BINARY_NAMES,
  ETCD_VERSION,
  KUBERNETES_COMMANDS,
  KUBERNETES_VERSION,
  KWOK_PACKAGE,
  KWOK_VERSION,
  type BinaryName,
  BUILD_REVISION,
  versionLdflags,
} from './versions.js';

export interface EnsureBinariesOptions {
  /** Called with one line per step, e.g. "building kube-apiserver (first run: several minutes)". */
  onProgress?: (line: string) => void;
}

export type Binaries = Record<BinaryName, string>;

/**
 * Returns the paths of the control-plane binaries, building them with Go the first time.
 * Binaries are cached under `cacheRoot()/<key>/bin`, keyed by component versions, the Go version and the
 * contents of testenv/go.mod and go.sum, so a second call takes milliseconds and a version bump rebuilds.
 */
export async function ensureBinaries(options: EnsureBinariesOptions = {}): Promise<Binaries> {
  const progress = options.onProgress ?? (() => {});
  const binDir = join(cacheRoot(), await cacheKey(), 'bin');
  const binaries = Object.fromEntries(BINARY_NAMES.map((name) => [name, join(binDir, name)])) as Binaries;
  const missing = BINARY_NAMES.filter((name) => !existsSync(binaries[name]));
  if (missing.length === 0) return binaries;

  mkdirSync(binDir, { recursive: true });
  const logPath = join(binDir, '..', 'build.log');
  // A staging folder per process: two processes building at once (two terminals, two jest workers) must not
  // delete or move each other's half-built files; each renames its complete binaries into place atomically.
  const staging = join(binDir, '..', `staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const started = performance.now();
  for (const name of missing) {
    if (existsSync(binaries[name])) continue; // another process finished it meanwhile
    progress(
      `building ${name} (${name === 'kwok' ? KWOK_VERSION : name === 'etcd' ? ETCD_VERSION : KUBERNETES_VERSION})`,
    );
    if (name === 'kwok') {
      await runGo(['install', `${KWOK_PACKAGE}@${KWOK_VERSION}`], { GOBIN: staging }, name, logPath);
    } else {
      const ldflags = name === 'etcd' ? '-s -w' : versionLdflags();
      await runGo(
        ['build', '-ldflags', ldflags, '-o', join(staging, name), KUBERNETES_COMMANDS[name]],
        {},
        name,
        logPath,
      );
    }
    // Rename into place only when complete, so an interrupted build never leaves a broken binary.
    renameSync(join(staging, name), binaries[name]);
  }
  rmSync(staging, { recursive: true, force: true });
  progress(`built ${missing.join(', ')} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return binaries;
}

async function cacheKey(): Promise<string> {
  const go = await goVersion('go');
  const digest = createHash('sha256')
    .update(readFileSync(join(TESTENV_DIR, 'go.mod')))
    .update(readFileSync(join(TESTENV_DIR, 'go.sum')))
    .digest('hex')
    .slice(0, 12);
  return `k8s-${KUBERNETES_VERSION}_etcd-${ETCD_VERSION}_kwok-${KWOK_VERSION}_${go}_${digest}_r${BUILD_REVISION}`;
}

/**
 * Runs `go <args>` in `testenv/` (its module graph), appending the command and its output to `logPath`; rejects with
 * a `ComponentError` naming `component`, the command and the log. Shared by `ensureBinaries` and `ensureGoTool`.
 */
export function runGo(
  args: string[],
  env: Record<string, string>,
  component: string,
  logPath: string,
): Promise<void> {
  const command = `go ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logPath, { flags: 'a' });
    log.write(`\n$ (cd ${TESTENV_DIR} && ${command})\n`);
    const child = spawn('go', args, {
      cwd: TESTENV_DIR,
      env: { ...process.env, GOFLAGS: '-mod=mod', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('error', (error) =>
      reject(
        new ComponentError(
          component,
          (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? 'the Go toolchain is not installed (no `go` on PATH); install Go ≥ 1.24 and re-run'
            : `could not run go: ${error.message}`,
          command,
          logPath,
          { cause: error },
        ),
      ),
    );
    child.on('close', (code) => {
      log.end();
      if (code === 0) resolve();
      else
        reject(
          new ComponentError(
            component,
            `build failed with exit code ${code}`,
            `cd ${TESTENV_DIR} && ${command}`,
            logPath,
          ),
        );
    });
  });
}

/** The Go toolchain's version (`go1.26.8`), part of every build cache key. */
export async function goVersion(component: string): Promise<string> {
  return (await capture('go', ['env', 'GOVERSION'], component)).trim();
}

function capture(command: string, args: string[], component: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', (error) =>
      reject(
        new ComponentError(
          component,
          (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? `\`${command}\` is not installed; install the Go toolchain (≥ 1.24) and re-run`
            : error.message,
          `${command} ${args.join(' ')}`,
        ),
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new ComponentError(component, `exited with ${code}`, `${command} ${args.join(' ')}`)),
    );
  });
}
