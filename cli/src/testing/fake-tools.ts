import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FAKES_DIR = fileURLToPath(new URL('./fakes/', import.meta.url));

export interface FakeToolsOptions {
  /** The kubeconfig the fake `kind` hands back as every created cluster's (e.g. testenv's `kubeconfigPath`). */
  readonly kubeconfigPath: string;
  /** Which fakes to put on PATH; leave one out to test "not installed". @default ['kind', 'docker'] */
  readonly tools?: ReadonlyArray<'kind' | 'docker'>;
  /** IPv4 subnet of the Docker network `kind`. @default '172.18.0.0/16' */
  readonly subnet?: string;
  /** Containers on the network besides the fake clusters' nodes. @default 0 */
  readonly extraContainers?: number;
  /** How long `kind create cluster` takes, in milliseconds (to test Ctrl-C). @default 0 */
  readonly createDelayMs?: number;
  /** Make `docker` fail like a stopped daemon. @default false */
  readonly dockerDown?: boolean;
}

export interface FakeCall {
  tool: 'kind' | 'docker';
  argv: string[];
  /** For `kind create cluster`: the text of the --config file. */
  config?: string;
}

export interface FakeTools {
  /**
   * The environment to run `bi` with: PATH holds the fakes and `node`, then the system directories that hold
   * no real kind or docker; BI_FAKE_* configure the fakes; XDG_STATE_HOME is a fresh temp dir (bi's install state).
   */
  readonly env: NodeJS.ProcessEnv;
  /** Where the fakes keep their state (clusters.json, calls.jsonl). */
  readonly stateDir: string;
  /** `$XDG_STATE_HOME` for bi. */
  readonly xdgStateHome: string;
  /** Every call the fakes answered, in order. */
  calls(): FakeCall[];
  /** Names of the clusters the fake `kind` holds now. */
  clusters(): string[];
  /** Removes the temp directories. */
  cleanup(): void;
}

/**
 * Puts stand-ins for `kind` and `docker` on PATH for one test. They answer like the real programs
 * (`kind create cluster --name X --config F`, `kind get clusters`, `kind get kubeconfig --name X`,
 * `kind delete cluster --name X`, `docker network inspect kind`, `docker info`) and hand back
 * `kubeconfigPath` as the created cluster's kubeconfig (with its context renamed `kind-<name>`).
 * @example
 * const fakes = installFakeTools({ kubeconfigPath: cluster.kubeconfigPath });
 * const result = await runBi(['start', '--local-operator'], { env: fakes.env });
 * expect(fakes.clusters()).toEqual(['bi-local']);
 * fakes.cleanup();
 */
export function installFakeTools(options: FakeToolsOptions): FakeTools {
  const root = mkdtempSync(join(tmpdir(), 'bi-fakes-'));
  const binDir = join(root, 'bin');
  const stateDir = join(root, 'state');
  const xdgStateHome = join(root, 'xdg-state');
  for (const dir of [binDir, stateDir, xdgStateHome]) mkdirSync(dir, { recursive: true });
  for (const tool of options.tools ?? ['kind', 'docker'])
    symlinkSync(join(FAKES_DIR, tool), join(binDir, tool));
  symlinkSync(process.execPath, join(binDir, 'node'));
  // System directories holding a real kind or docker are left out, so a tool the test leaves out is missing.
  const systemPath = ['/usr/local/bin', '/usr/bin', '/bin'].filter(
    (d) => existsSync(d) && !existsSync(join(d, 'kind')) && !existsSync(join(d, 'docker')),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [binDir, ...systemPath].join(':'),
    BI_FAKE_NODE: process.execPath,
    BI_FAKE_STATE_DIR: stateDir,
    BI_FAKE_KUBECONFIG: options.kubeconfigPath,
    BI_FAKE_DOCKER_SUBNET: options.subnet ?? '172.18.0.0/16',
    BI_FAKE_DOCKER_CONTAINERS: String(options.extraContainers ?? 0),
    BI_FAKE_KIND_CREATE_DELAY_MS: String(options.createDelayMs ?? 0),
    BI_FAKE_DOCKER_DOWN: options.dockerDown ? '1' : '0',
    XDG_STATE_HOME: xdgStateHome,
    KUBECONFIG: join(root, 'no-such-kubeconfig'),
  };
  return {
    env,
    stateDir,
    xdgStateHome,
    calls() {
      const file = join(stateDir, 'calls.jsonl');
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as FakeCall);
    },
    clusters() {
      const file = join(stateDir, 'clusters.json');
      return existsSync(file) ? Object.keys(JSON.parse(readFileSync(file, 'utf8'))).sort() : [];
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
