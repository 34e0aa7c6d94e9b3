/** Labels and annotations every generated object carries (DESIGN §4). */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'batteries-included';
export const BATTERY_LABEL = 'batteriesincl.com/battery';
export const HASH_ANNOTATION = 'batteriesincl.com/hash';
export const CONFIG_HASH_ANNOTATION = 'batteriesincl.com/config-hash';
/** On every object an instance renders: its kind, namespace and name (with the owning battery's label). */
export const INSTANCE_KIND_LABEL = 'batteriesincl.com/instance-kind';
export const INSTANCE_NAMESPACE_LABEL = 'batteriesincl.com/instance-namespace';
export const INSTANCE_LABEL = 'batteriesincl.com/instance';
/** Marks a ConfigMap (from a dashboard bundle) as a Grafana dashboard, in `dashboard.json`. */
export const DASHBOARD_LABEL = 'batteriesincl.com/grafana-dashboard';
/** Set on PVCs and Namespaces that are no longer desired but were kept to protect data. */
export const ORPHANED_LABEL = 'batteriesincl.com/orphaned';

/** The label selector that finds every object the platform manages. */
export const MANAGED_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;

export const API_GROUP = 'batteries.batteriesincl.com';
export const API_VERSION = 'v1alpha1';

/**
 * The instance an object was rendered for, as `Kind/namespace/name` (`instanceKey`), from its labels; undefined
 * for a battery's own objects.
 */
export function instanceOwnerOf(labels: Readonly<Record<string, string>> | undefined): string | undefined {
  const kind = labels?.[INSTANCE_KIND_LABEL];
  const namespace = labels?.[INSTANCE_NAMESPACE_LABEL];
  const name = labels?.[INSTANCE_LABEL];
  return kind && namespace && name ? `${kind}/${namespace}/${name}` : undefined;
}
