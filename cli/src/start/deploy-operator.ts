import { InterruptedError, WaitTimeoutError } from '../lib/errors.js';
import type { Cluster } from '../kube/cluster.js';
import { renderOperatorManifests } from './operator-manifests.js';
import { OPERATOR_NAMESPACE } from './operator-namespace.js';

export interface DeployOperatorOptions {
  /** repository[:tag]; default: the image deploy/base names. */
  readonly image?: string;
  readonly signal?: AbortSignal;
  readonly report?: (line: string) => void;
  /** @default 300_000 */
  readonly timeoutMs?: number;
}

/**
 * Applies deploy/base (without its CRD copy) as `bi` — all objects dry-run first, then for real — and waits until
 * the operator Deployment has an available replica of its current generation.
 */
export async function deployOperator(cluster: Cluster, options: DeployOperatorOptions = {}): Promise<string> {
  const objects = renderOperatorManifests({ image: options.image });
  for (const object of objects) await cluster.apply(object, { dryRun: true });
  for (const object of objects) await cluster.apply(object);
  const deployment = objects.find((o) => o.kind === 'Deployment')!;
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  for (;;) {
    const live = await cluster.client.get(deployment);
    const status = (live?.status ?? {}) as { availableReplicas?: number; observedGeneration?: number };
    const generation = live?.metadata.generation;
    if ((status.availableReplicas ?? 0) > 0 && status.observedGeneration === generation) {
      const image = (deployment.spec as { template: { spec: { containers: Array<{ image: string }> } } })
        .template.spec.containers[0]?.image;
      return `${objects.length} objects in ${OPERATOR_NAMESPACE}; ${image} available`;
    }
    if (options.signal?.aborted)
      throw new InterruptedError('interrupted while waiting for the operator Deployment');
    if (Date.now() > deadline)
      throw new WaitTimeoutError(
        `the operator Deployment has no available replica; see kubectl -n ${OPERATOR_NAMESPACE} describe deployment`,
      );
    options.report?.('waiting for the operator Deployment to become available');
    await new Promise((r) => setTimeout(r, 1000));
  }
}
