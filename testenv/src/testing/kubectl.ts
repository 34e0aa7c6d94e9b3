import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs the testenv-built kubectl against the integration run's cluster (from the jest global setup).
 * Resolves with stdout; rejects with an Error whose message is kubectl's stderr.
 */
export async function kubectl(args: string[], input?: string): Promise<string> {
  const binary = process.env.BI_TEST_KUBECTL;
  const kubeconfig = process.env.BI_TEST_KUBECONFIG;
  if (!binary || !kubeconfig)
    throw new Error('BI_TEST_KUBECTL/BI_TEST_KUBECONFIG unset: run through the integration project');
  const child = run(binary, ['--kubeconfig', kubeconfig, ...args], { maxBuffer: 64 * 1024 * 1024 });
  if (input !== undefined) {
    child.child.stdin!.end(input);
  }
  try {
    return (await child).stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error((e.stderr ?? e.message).trim());
  }
}

/**
 * Waits until a CRD reports Established=True. (`kubectl wait` errors instead of waiting when the
 * CRD has no status yet, so poll.)
 */
export async function waitForEstablished(crdName: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const crd = JSON.parse(await kubectl(['get', 'crd', crdName, '-o', 'json']));
    const conditions: Array<{ type: string; status: string }> = crd.status?.conditions ?? [];
    if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`CRD ${crdName} not Established after ${timeoutMs / 1000} s`);
}
