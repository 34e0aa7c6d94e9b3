import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { eventually } from '../eventually.js';

const run = promisify(execFile);

/** testenv's kubectl bound to one cluster. */
export interface Kubectl {
  /**
   * Runs `kubectl --kubeconfig <cluster> …args`, with `input` on stdin when given. Resolves with stdout; rejects
   * with an Error whose message is kubectl's stderr (so `rejects.toThrow('NotFound')` reads as kubectl does).
   */
  (args: readonly string[], input?: string): Promise<string>;
  /** `args` with `-o json`, parsed. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read deep paths of API objects
  json<T = any>(args: readonly string[]): Promise<T>;
  /** `kubectl apply --server-side -f -` of objects (a List when several) or YAML text. */
  apply(manifest: string | object | readonly object[]): Promise<string>;
}

export interface KubectlOptions {
  /** The kubectl binary (`cluster.binaries.kubectl`). */
  readonly binary: string;
  readonly kubeconfigPath: string;
  /** kubectl's discovery/HTTP cache directory (`--cache-dir`); default: kubectl's own. */
  readonly cacheDir?: string;
}

/**
 * A kubectl bound to one cluster.
 * @example
 * const kubectl = createKubectl({ binary: cluster.binaries.kubectl, kubeconfigPath: cluster.kubeconfigPath });
 * const pods = await kubectl.json(['get', 'pods', '-A']);
 */
export function createKubectl(options: KubectlOptions): Kubectl {
  const prefix = ['--kubeconfig', options.kubeconfigPath];
  if (options.cacheDir) prefix.push('--cache-dir', options.cacheDir);
  const kubectl = async (args: readonly string[], input?: string) => {
    const child = run(options.binary, [...prefix, ...args], { maxBuffer: 64 << 20 });
    if (input !== undefined) child.child.stdin!.end(input);
    try {
      return (await child).stdout;
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error((e.stderr || e.message).trim());
    }
  };
  return Object.assign(kubectl, {
    json: async (args: readonly string[]) => JSON.parse(await kubectl([...args, '-o', 'json'])),
    apply: (manifest: string | object | readonly object[]) =>
      kubectl(['apply', '--server-side', '-f', '-'], manifestText(manifest)),
  });
}

function manifestText(manifest: string | object | readonly object[]): string {
  if (typeof manifest === 'string') return manifest;
  if (Array.isArray(manifest)) return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifest });
  return JSON.stringify(manifest);
}

let shared: Kubectl | undefined;

/** kubectl against the integration run's shared cluster (started by the jest global setup). */
function sharedKubectl(): Kubectl {
  const binary = process.env.BI_TEST_KUBECTL;
  const kubeconfigPath = process.env.BI_TEST_KUBECONFIG;
  if (!binary || !kubeconfigPath)
    throw new Error('BI_TEST_KUBECTL/BI_TEST_KUBECONFIG unset: run through the integration project');
  shared ??= createKubectl({ binary, kubeconfigPath });
  return shared;
}

/**
 * Runs the testenv-built kubectl against the integration run's cluster (from the jest global setup).
 * Resolves with stdout; rejects with an Error whose message is kubectl's stderr.
 */
export function kubectl(args: string[], input?: string): Promise<string> {
  return sharedKubectl()(args, input);
}

/**
 * Waits until a CRD reports Established=True. (`kubectl wait` errors instead of waiting when the
 * CRD has no status yet, so poll.) Defaults to the shared cluster.
 */
export async function waitForEstablished(
  crdName: string,
  timeoutMs = 60_000,
  on: Kubectl = sharedKubectl(),
): Promise<void> {
  await eventually(
    `CRD ${crdName} Established`,
    async () => {
      const crd = await on.json(['get', 'crd', crdName]);
      const conditions: Array<{ type: string; status: string }> = crd.status?.conditions ?? [];
      return conditions.some((c) => c.type === 'Established' && c.status === 'True');
    },
    { timeoutMs, intervalMs: 200 },
  );
}
