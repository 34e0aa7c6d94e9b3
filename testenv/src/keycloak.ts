import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startComponent, waitUntil, type Component } from './component.js';
import { ComponentError } from './errors.js';
import { cacheRoot, RUN_ROOT } from './paths.js';
import { freePort } from './ports.js';

const run = promisify(execFile);

/** The Keycloak release tests run: `org.keycloak:keycloak-quarkus-dist`, from Maven Central. */
export const KEYCLOAK_VERSION = '26.5.6';
/** SHA-256 of `keycloak-quarkus-dist-26.5.6.zip` (Maven Central publishes SHA-1 `756c15bb…`; both are checked). */
const KEYCLOAK_SHA256 = '490189d9dff05272432d51f71a069462eeca97f2920a694d539a1e6c26a5a347';
const KEYCLOAK_SHA1 = '756c15bb71be020dd4a43a6fdb3c1340cb84d4b5';
const MAVEN_CENTRAL = 'https://repo.maven.apache.org/maven2';

export interface EnsureKeycloakOptions {
  onProgress?: (line: string) => void;
}

/**
 * The unpacked Keycloak distribution (its home folder, holding `bin/kc.sh`), downloaded once from Maven Central
 * (`BI_MAVEN_REPOSITORY` overrides the repository), checked against its pinned digests, and cached under
 * `cacheRoot()/keycloak-<version>/`. Later calls take milliseconds.
 */
export async function ensureKeycloak(options: EnsureKeycloakOptions = {}): Promise<string> {
  const dir = join(cacheRoot(), `keycloak-${KEYCLOAK_VERSION}`);
  const home = join(dir, `keycloak-${KEYCLOAK_VERSION}`);
  if (existsSync(join(home, 'bin', 'kc.sh'))) return home;
  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(join(dir, `staging-${process.pid}-`));
  try {
    const repository = process.env.BI_MAVEN_REPOSITORY || MAVEN_CENTRAL;
    const url = `${repository}/org/keycloak/keycloak-quarkus-dist/${KEYCLOAK_VERSION}/keycloak-quarkus-dist-${KEYCLOAK_VERSION}.zip`;
    options.onProgress?.(`downloading Keycloak ${KEYCLOAK_VERSION} (165 MB, once) from ${url}`);
    const response = await fetch(url).catch((error: unknown) => {
      throw new ComponentError('keycloak', `cannot download ${url}: ${String(error)}`);
    });
    if (!response.ok) throw new ComponentError('keycloak', `cannot download ${url}: HTTP ${response.status}`);
    const zip = Buffer.from(await response.arrayBuffer());
    const sha1 = createHash('sha1').update(zip).digest('hex');
    const sha256 = createHash('sha256').update(zip).digest('hex');
    if (sha1 !== KEYCLOAK_SHA1 || sha256 !== KEYCLOAK_SHA256)
      throw new ComponentError(
        'keycloak',
        `${url}: digest mismatch (sha1 ${sha1}, sha256 ${sha256}; expected sha1 ${KEYCLOAK_SHA1}, sha256 ${KEYCLOAK_SHA256})`,
      );
    const zipPath = join(staging, 'keycloak.zip');
    writeFileSync(zipPath, zip);
    await run('unzip', ['-q', zipPath, '-d', staging]).catch((error: unknown) => {
      throw new ComponentError(
        'keycloak',
        `cannot unpack the distribution (is \`unzip\` installed? npm test installs it): ${String(error)}`,
        `unzip -q ${zipPath}`,
      );
    });
    if (!existsSync(home)) renameSync(join(staging, `keycloak-${KEYCLOAK_VERSION}`), home);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  options.onProgress?.(`Keycloak ${KEYCLOAK_VERSION} cached in ${home}`);
  return home;
}

/**
 * The Java home Keycloak runs on: `BI_KEYCLOAK_JAVA_HOME`, else the machine's Temurin 25, else the newest JDK under
 * /usr/lib/jvm that Keycloak 26.5 supports (21 or later).
 */
export function keycloakJavaHome(): string {
  if (process.env.BI_KEYCLOAK_JAVA_HOME) return process.env.BI_KEYCLOAK_JAVA_HOME;
  const root = '/usr/lib/jvm';
  const candidates = existsSync(root)
    ? readdirSync(root)
        .map((name) => ({ name, major: Number(/(?:jdk|java|temurin)-?(\d+)/.exec(name)?.[1] ?? 0) }))
        .filter(({ name, major }) => major >= 21 && existsSync(join(root, name, 'bin', 'java')))
        .sort(
          (a, b) =>
            Number(b.name.startsWith('temurin')) - Number(a.name.startsWith('temurin')) || b.major - a.major,
        )
    : [];
  if (!candidates[0])
    throw new ComponentError(
      'keycloak',
      'no Java 21+ runtime found under /usr/lib/jvm (Keycloak 26.5 needs one); install one or set BI_KEYCLOAK_JAVA_HOME',
    );
  return join(root, candidates[0].name);
}

export interface TestKeycloak {
  /** `http://127.0.0.1:<port>`: the Keycloak base URL (realms at `/realms/<name>`, admin API at `/admin`). */
  readonly url: string;
  /** The bootstrap administrator of the master realm. */
  readonly admin: { readonly username: string; readonly password: string };
  /** Stops Keycloak; its data (the H2 database in the run folder) stays until `stop()`. Resolves once it exited. */
  pause(): Promise<void>;
  /** Starts it again on the same port and data; resolves once ready. */
  resume(): Promise<void>;
  /** Stops it and removes its run folder. */
  stop(): Promise<void>;
}

export interface StartKeycloakOptions {
  onProgress?: (line: string) => void;
  /**
   * Start a private Keycloak even when `BI_TEST_KEYCLOAK_URL` names a running one (needed to `pause()`). Default
   * false.
   */
  privateServer?: boolean;
  /** How long start-up may take: on a loaded machine minutes. Default 6 minutes. */
  timeoutMs?: number;
}

/**
 * A real Keycloak (`kc.sh start-dev`) on a free loopback port, with a bootstrap administrator (random password) and
 * its H2 database in a run folder under `.testenv/`. Resolves once the master realm answers. Start one per suite:
 * it takes about a minute, more under load.
 * @example
 * const keycloak = await startKeycloak();
 * await fetch(`${keycloak.url}/realms/master/.well-known/openid-configuration`);
 * await keycloak.stop();
 */
export async function startKeycloak(options: StartKeycloakOptions = {}): Promise<TestKeycloak> {
  const sharedUrl = options.privateServer ? undefined : process.env.BI_TEST_KEYCLOAK_URL;
  if (sharedUrl) return sharedKeycloak(sharedUrl);
  const home = await ensureKeycloak(options);
  const javaHome = keycloakJavaHome();
  mkdirSync(RUN_ROOT, { recursive: true });
  const runDir = mkdtempSync(join(RUN_ROOT, 'keycloak-'));
  const [port, managementPort] = [await freePort(), await freePort()];
  const admin = {
    username: 'admin',
    password: createHash('sha256').update(runDir).update(String(Math.random())).digest('hex').slice(0, 24),
  };
  const url = `http://127.0.0.1:${port}`;
  const args = [
    'start-dev',
    `--http-host=127.0.0.1`,
    `--http-port=${port}`,
    `--http-management-port=${managementPort}`,
    '--health-enabled=true',
    `--db-url=jdbc:h2:file:${join(runDir, 'h2', 'keycloakdb')};NON_KEYWORDS=VALUE`,
  ];
  const env = {
    JAVA_HOME: javaHome,
    KC_BOOTSTRAP_ADMIN_USERNAME: admin.username,
    KC_BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    // A small heap: the machine is shared; Keycloak's default is a share of all memory.
    JAVA_OPTS_KC_HEAP: '-Xms64m -Xmx768m',
  };
  const timeoutMs = options.timeoutMs ?? 360_000;
  let component: Component | undefined;
  const launch = async () => {
    options.onProgress?.(`starting Keycloak ${KEYCLOAK_VERSION} on ${url}`);
    const started = startComponent('keycloak', join(home, 'bin', 'kc.sh'), args, {
      logPath: join(runDir, 'keycloak.log'),
      env,
    });
    const ready = async () => {
      const response = await fetch(`${url}/realms/master/.well-known/openid-configuration`);
      return response.ok;
    };
    await waitUntil(started, 'serving the master realm', ready, timeoutMs).catch(async (error: unknown) => {
      await started.stop(20_000);
      throw error;
    });
    return started;
  };
  try {
    component = await launch();
  } catch (error) {
    rmSync(runDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    admin,
    async pause() {
      await component?.stop(20_000);
    },
    async resume() {
      if (component?.isRunning()) return;
      component = await launch();
    },
    async stop() {
      await component?.stop(20_000);
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}

/**
 * A Keycloak already running (`BI_TEST_KEYCLOAK_URL`, administrator `BI_TEST_KEYCLOAK_ADMIN` / `…_PASSWORD`), for
 * iterating on a suite without a minute-long start each time. It is not paused or stopped by tests.
 */
function sharedKeycloak(url: string): TestKeycloak {
  const password = process.env.BI_TEST_KEYCLOAK_ADMIN_PASSWORD;
  if (!password)
    throw new ComponentError(
      'keycloak',
      'BI_TEST_KEYCLOAK_URL is set but BI_TEST_KEYCLOAK_ADMIN_PASSWORD is not',
    );
  const refuse = () =>
    Promise.reject(
      new ComponentError(
        'keycloak',
        'a shared Keycloak (BI_TEST_KEYCLOAK_URL) is not paused by tests; start a private one',
      ),
    );
  return {
    url: url.replace(/\/+$/, ''),
    admin: { username: process.env.BI_TEST_KEYCLOAK_ADMIN ?? 'admin', password },
    pause: refuse,
    resume: refuse,
    stop: () => Promise.resolve(),
  };
}
