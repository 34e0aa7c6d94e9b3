import type { Size } from '../schema/resources.js';

export const CLUSTER_TYPES = ['kind', 'aws', 'provided'] as const;
export type ClusterType = (typeof CLUSTER_TYPES)[number];

export const USAGES = [
  'development',
  'production',
  'secure_production',
  'kitchen_sink',
  'internal_dev',
  'internal_int_test',
  'internal_prod',
] as const;
export type Usage = (typeof USAGES)[number];

/** The namespaces batteries install into (DESIGN §4); configurable in the core battery, fixed after creation. */
export interface PlatformNamespaces {
  core: string;
  base: string;
  data: string;
  ai: string;
  istio: string;
  knative: string;
  traditional: string;
}

/** Platform-wide settings, read from the core battery's spec. */
export interface PlatformSettings {
  clusterType: ClusterType;
  clusterName: string;
  usage: Usage;
  defaultSize: Size;
  namespaces: PlatformNamespaces;
  /** Address ranges MetalLB may hand out (CIDR or `a.b.c.d-a.b.c.e`); the CLI computes them on Kind. */
  ipAddressPools: string[];
  /** The domain battery hostnames end in (`<name>.<ip-with-dashes>.<baseDomain>`). */
  baseDomain: string;
  /** Whether battery Services are isolated by generated NetworkPolicies. */
  networkPolicies: boolean;
  /** Hostname overrides by host name (`grafana` → `dash.example.com`). */
  hostnames: Record<string, string>;
}
