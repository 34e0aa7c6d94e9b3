import type { KubeObject } from '@batteries-included/batteries';
import { allBatteryCrds } from '@batteries-included/crds';
import { isEstablished } from '@batteries-included/operator';
import { InterruptedError, WaitTimeoutError } from '../lib/errors.js';
import type { Cluster } from '../kube/cluster.js';

/** Applies every Battery CRD of this build's catalog (as `bi`) and waits until each is Established. */
export async function installBatteryCrds(
  cluster: Cluster,
  signal?: AbortSignal,
  timeoutMs = 60_000,
): Promise<number> {
  const crds = allBatteryCrds() as unknown as KubeObject[];
  for (const crd of crds) await cluster.apply(crd);
  const deadline = Date.now() + timeoutMs;
  for (const crd of crds) {
    for (;;) {
      const live = await cluster.client.get(crd);
      if (live && isEstablished(live)) {
        cluster.discovery.learnCrd(live);
        break;
      }
      if (signal?.aborted) throw new InterruptedError('interrupted while waiting for the Battery CRDs');
      if (Date.now() > deadline)
        throw new WaitTimeoutError(`CRD ${crd.metadata.name} not Established after ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return crds.length;
}
