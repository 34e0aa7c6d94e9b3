// Helpers for the setup, test and start scripts. Plain Node (no dependencies): these run before `npm ci`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export function say(line) {
  process.stderr.write(`\x1b[1m==>\x1b[0m ${line}\n`);
}

/** Runs a command with inherited stdio; returns its exit code (never throws for a non-zero exit). */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.error) {
    if (result.error.code === 'ENOENT') return 127;
    throw result.error;
  }
  return result.status ?? 1;
}

export function must(command, args, options) {
  const code = run(command, args, options);
  if (code !== 0) {
    say(`failed (exit ${code}): ${command} ${args.join(' ')}`);
    process.exit(code || 1);
  }
}

export function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * npm dependencies, installed with `npm ci` (exactly what package-lock.json says, nothing resolved anew) when
 * node_modules is missing or was installed from another lockfile, or always with `clean`.
 */
export function ensureNodeModules({ clean = false } = {}) {
  const lock = join(ROOT, 'package-lock.json');
  const stamp = join(ROOT, 'node_modules', '.bi-lock-sha256');
  const digest = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (!clean && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  say('installing npm dependencies (npm ci)');
  const code = run('npm', ['ci', '--no-audit', '--no-fund']);
  if (code !== 0) {
    say(
      `failed (exit ${code}): npm ci. If it says package.json and package-lock.json are not in sync, add or change ` +
        'dependencies only with `npm install --save-exact <name>@<version> -w <workspace>` (README, "Dependencies") and commit both.',
    );
    process.exit(code || 1);
  }
  writeFileSync(stamp, digest);
}

/**
 * Fails unless package-lock.json is complete and in sync with every package.json: npm brings the lockfile up to
 * date in place (lockfile only: no node_modules change, no scripts; offline when nothing is missing), the result is
 * compared with the committed bytes, and the committed file is put back either way. Names the entries npm would add,
 * remove or change (for example other platforms' optional binaries, which `npm ci` demands).
 */
export function checkLockfile() {
  const lock = join(ROOT, 'package-lock.json');
  const committed = readFileSync(lock);
  const code = run('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const updated = readFileSync(lock);
  writeFileSync(lock, committed);
  if (code !== 0) {
    say(`failed (exit ${code}): npm install --package-lock-only (checking package-lock.json)`);
    process.exit(code || 1);
  }
  if (updated.equals(committed)) return;
  const before = JSON.parse(committed.toString('utf8')).packages ?? {};
  const after = JSON.parse(updated.toString('utf8')).packages ?? {};
  const changes = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort().flatMap((path) => {
    const [was, now] = [before[path]?.version, after[path]?.version];
    if (!(path in before)) return [`+ ${path}@${now}`];
    if (!(path in after)) return [`- ${path}@${was}`];
    return JSON.stringify(before[path]) === JSON.stringify(after[path]) ? [] : [`~ ${path}@${was} → ${now}`];
  });
  const shown = changes.slice(0, 20).map((line) => `    ${line}`);
  if (changes.length > shown.length) shown.push(`    … and ${changes.length - shown.length} more`);
  say(
    [
      'package-lock.json is not complete or not in sync with the package.json files; npm would change it:',
      ...(shown.length > 0 ? shown : ['    (formatting or top-level fields only)']),
      'Fix: npm install --package-lock-only --ignore-scripts, then commit package-lock.json.',
    ].join('\n'),
  );
  process.exit(1);
}

/** Debian packages, installed with apt-get when their command is missing (we are root on CI machines). */
export function ensureDebianPackages(packages) {
  const missing = packages.filter(({ check }) => !check());
  if (missing.length === 0) return;
  const names = missing.map((p) => p.name);
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? [] : ['sudo'];
  say(`installing Debian packages: ${names.join(' ')}`);
  if (!asRoot && !has('sudo')) {
    say(`cannot install ${names.join(' ')}: not root and no sudo. Install them and re-run.`);
    process.exit(1);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  must(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(asRoot ? [] : ['apt-get']), 'update', '-q'], { env });
  must(
    sudo[0] ?? 'apt-get',
    [
      ...sudo.slice(1),
      ...(asRoot ? [] : ['apt-get']),
      'install',
      '-y',
      '-q',
      '--no-install-recommends',
      ...names,
    ],
    { env },
  );
}

export function hasPostgresServer() {
  const root = '/usr/lib/postgresql';
  return existsSync(root) && readdirSync(root).some((v) => existsSync(join(root, v, 'bin', 'postgres')));
}

/** The Go toolchain builds the control plane; it must be ≥ 1.24 (Kubernetes 1.34's go directive). */
export function ensureGo() {
  if (!has('go')) {
    say(
      'the Go toolchain (go ≥ 1.24) is required to build the local control plane (testenv/), and `go` is not on PATH.',
    );
    process.exit(1);
  }
}

/** Builds or finds the cached control-plane binaries (first run: several minutes). */
export function ensureControlPlaneBinaries() {
  ensureGo();
  must(process.execPath, ['--import', 'tsx', 'testenv/src/cli.ts', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * What tests run besides the control plane, fetched or built once and cached beside it: Keycloak (Maven Central,
 * run on a Java 21+ JDK) and oauth2-proxy (its Go module). First run: a few minutes.
 */
export function ensureTestTools() {
  ensureGo();
  must(process.execPath, ['--import', 'tsx', 'testenv/src/cli.ts', 'tools'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
