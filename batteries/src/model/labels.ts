/** Labels and annotations every generated object carries (DESIGN §4). */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'batteries-included';
export const BATTERY_LABEL = 'batteriesincl.com/battery';
/** Names the user-created instance (Postgres cluster, Redis instance, …) an object or pod belongs to. */
export const INSTANCE_LABEL = 'batteriesincl.com/instance';
export const HASH_ANNOTATION = 'batteriesincl.com/hash';
export const CONFIG_HASH_ANNOTATION = 'batteriesincl.com/config-hash';
/** Marks a ConfigMap (from a dashboard bundle) as a Grafana dashboard, in `dashboard.json`. */
export const DASHBOARD_LABEL = 'batteriesincl.com/grafana-dashboard';
/** Set on PVCs and Namespaces that are no longer desired but were kept to protect data. */
export const ORPHANED_LABEL = 'batteriesincl.com/orphaned';

/** The label selector that finds every object the platform manages. */
export const MANAGED_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;

export const API_GROUP = 'batteries.batteriesincl.com';
export const API_VERSION = 'v1alpha1';
