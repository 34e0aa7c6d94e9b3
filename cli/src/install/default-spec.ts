import { CATALOG, installOrder, INSTALL_SPEC_VERSION, type InstallSpec } from '@batteries-included/batteries';

type Provider = InstallSpec['kubeCluster']['provider'];
type Usage = InstallSpec['usage'];

const STANDARD = ['core', 'cloudnative-pg', 'istio', 'istio-gateway', 'stale-resource-cleaner'];
const BY_PROVIDER: Readonly<Record<Provider, readonly string[]>> = {
  kind: ['gateway-api', 'metallb'],
  aws: ['battery-ca', 'aws-load-balancer-controller', 'karpenter'],
  provided: [],
};
const AWS_ONLY = new Set(BY_PROVIDER.aws.filter((t) => t !== 'battery-ca'));
const MONITORING = ['kube-monitoring', 'victoria-metrics', 'grafana'];
const BY_USAGE: Readonly<Record<Usage, readonly string[]>> = {
  development: [],
  internal_dev: [],
  production: [...MONITORING, 'timeline', 'cloudnative-pg-barman'],
  secure_production: [...MONITORING, 'timeline', 'cloudnative-pg-barman', 'keycloak'],
  internal_prod: [...MONITORING, 'ferretdb', 'traditional-services', 'cloudnative-pg-barman'],
  internal_int_test: [],
  kitchen_sink: [],
};

/**
 * The batteries a new installation starts with, chosen as the original chose them (`installs/batteries.ex`):
 * the standard set, plus what the cluster type needs (MetalLB and the Gateway API on Kind; the CA, load balancer
 * controller and Karpenter on AWS), plus monitoring and backups for production usages; `internal_int_test` is
 * exactly core, CloudNativePG, the Istio gateway and MetalLB; `kitchen_sink` is every battery that fits the
 * provider. Only batteries in this build's catalog are chosen — the catalog is read, not assumed — and their hard
 * dependencies are added. Returned in install order (dependencies first).
 * @example defaultBatteryTypes('kind', 'development') // ['core', …] — whatever of the set the catalog has
 */
export function defaultBatteryTypes(provider: Provider, usage: Usage, catalog = CATALOG): string[] {
  const available = new Set(catalog.map((b) => b.type));
  let wanted: string[];
  if (usage === 'kitchen_sink') {
    wanted = [...available].filter((t) => (provider === 'aws' ? t !== 'metallb' : !AWS_ONLY.has(t)));
  } else if (usage === 'internal_int_test') {
    wanted = ['core', 'cloudnative-pg', 'istio-gateway', 'metallb'];
  } else {
    wanted = [...STANDARD, ...BY_PROVIDER[provider], ...BY_USAGE[usage]];
  }
  const present = [...new Set(['core', ...wanted])].filter((t) => available.has(t));
  return installOrder(present, catalog);
}

export interface DefaultSpecOptions {
  readonly slug: string;
  readonly provider: Provider;
  readonly usage: Usage;
}

/** The install spec `bi start` uses when it is given none. */
export function defaultInstallSpec({ slug, provider, usage }: DefaultSpecOptions): InstallSpec {
  return {
    apiVersion: INSTALL_SPEC_VERSION,
    slug,
    kubeCluster: { provider, config: {} },
    usage,
    defaultSize: 'medium',
    batteries: defaultBatteryTypes(provider, usage).map((type) => ({ type, spec: {} })),
  };
}
