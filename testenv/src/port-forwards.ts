import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the API server's `pods/portforward` of a simulated pod leads: kwok answers it as the pod's kubelet and
 * dials `target` (a real server on this machine), so a client's port-forward carries real bytes end to end.
 */
export interface PodPortForward {
  /** Pods in this namespace (every pod in it). */
  readonly namespace: string;
  /** The pod's port a client forwards to. */
  readonly port: number;
  /** The real server behind it. */
  readonly target: { readonly address: string; readonly port: number };
}

/** Writes the kwok configuration (one `ClusterPortForward` per entry) to `dataDir`; answers its path. */
export function preparePortForwards(dataDir: string, forwards: readonly PodPortForward[]): string {
  const path = join(dataDir, 'kwok-port-forwards.yaml');
  const documents = forwards.map((forward, i) =>
    JSON.stringify({
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterPortForward',
      metadata: { name: `forward-${i}` },
      spec: {
        selector: { matchNamespaces: [forward.namespace] },
        forwards: [{ ports: [forward.port], target: forward.target }],
      },
    }),
  );
  writeFileSync(path, `${documents.join('\n---\n')}\n`);
  return path;
}
