import { stringify } from 'yaml';
import { metallbRange, parseKindNetwork } from './metallb-range.js';
import { runTool } from './tools.js';

/** The Kind node image `bi start` creates clusters with (Kubernetes 1.34, as the original). */
export const KIND_NODE_IMAGE = 'kindest/node:v1.34.0';

export interface KindConfigOptions {
  readonly name: string;
  /** @default KIND_NODE_IMAGE */
  readonly image?: string;
  /** Mounted into the node at /var/host-mounts/home, as the original did. */
  readonly homeDir?: string;
}

/** The kind config `bi start` writes: one control-plane node, the in-place resize feature gate, $HOME mounted. */
export function renderKindConfig({ name, image = KIND_NODE_IMAGE, homeDir }: KindConfigOptions): string {
  return stringify({
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    name,
    featureGates: { InPlacePodVerticalScaling: true },
    nodes: [
      {
        role: 'control-plane',
        image,
        ...(homeDir ? { extraMounts: [{ hostPath: homeDir, containerPath: '/var/host-mounts/home' }] } : {}),
      },
    ],
  });
}

export async function kindClusters(): Promise<string[]> {
  const { stdout } = await runTool('kind', ['get', 'clusters']);
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

export async function createKindCluster(name: string, configPath: string): Promise<void> {
  await runTool('kind', ['create', 'cluster', '--name', name, '--config', configPath]);
}

export async function kindKubeconfig(name: string): Promise<string> {
  return (await runTool('kind', ['get', 'kubeconfig', '--name', name])).stdout;
}

/** Copies an image from the local Docker into the cluster's nodes (for images built on this machine). */
export async function loadKindImage(name: string, image: string): Promise<void> {
  await runTool('kind', ['load', 'docker-image', image, '--name', name]);
}

export async function deleteKindCluster(name: string): Promise<void> {
  await runTool('kind', ['delete', 'cluster', '--name', name]);
}

/** The MetalLB range for a Kind cluster, from `docker network inspect kind` (see `metallbRange`). */
export async function kindMetallbRange(): Promise<string> {
  const { stdout } = await runTool('docker', ['network', 'inspect', 'kind']);
  return metallbRange(parseKindNetwork(stdout));
}
