export * from './model/kube-object.js';
export * from './model/labels.js';
export * from './model/battery.js';
export * from './model/instance.js';
export * from './model/settings.js';
export * from './model/snapshot.js';
export * from './model/errors.js';
export * from './hash/canonical-json.js';
export * from './hash/object-hash.js';
export * from './hash/sha256.js';
export * from './schema/quantity.js';
export * from './schema/resources.js';
export * from './schema/image.js';
export * from './schema/admission-rule.js';
export * from './schema/schema-refinements.js';
export {
  generate,
  platformSettings,
  formatIssues,
  type GenerateResult,
  type BatteryResult,
} from './generate.js';
export { CATALOG, findBattery, catalogTypes, INSTANCE_KINDS, findInstanceKind } from './catalog/index.js';
export {
  parseInstances,
  sortInstances,
  type InstanceResult,
  type InstanceIdentity,
  type InstanceFailureReason,
} from './generate-instances.js';
export * from './dependencies.js';
export * from './secret-material.js';
export { coreSchema, type CoreSpec } from './catalog/core/schema.js';
export { OBJECT_HASH_KEY_MATERIAL } from './catalog/core/secrets.js';
export { DATABASE_FOR_LABEL } from './catalog/cloudnative-pg/chart.js';
export {
  clusterName as postgresClusterName,
  credentialSecretName as postgresCredentialSecretName,
  POSTGRES_PORT,
} from './catalog/cloudnative-pg/postgres-cluster/credentials.js';
export * from './install-spec/install-spec.js';
export * from './install-spec/usage-report.js';
export * from './model/bundle.js';
export * from './model/keycloak-object.js';
export { SSO_REALM, ssoSchema, type SsoSpec } from './catalog/sso/schema.js';
export { ROLE_GROUPS, type Role } from './catalog/sso/keycloak-state.js';
export { publicUrl, type PublicUrlSource } from './catalog/sso/hosts.js';
export { oauth2ProxyArgs, oauth2ProxyBackend } from './catalog/sso/oauth2-proxy.js';
export { CLIENT_SECRET_KEYS, clientSecretName, PROTECTED_UIS } from './catalog/sso/protected-uis.js';
export { neededBundles, type NeededBundle } from './bundles.js';
export { databaseRequests } from './generate.js';
export { includeBundle, rehomeObjects, type IncludeBundleProps } from './kit/bundle-objects.js';
export * from './model/host.js';
export { INGRESS_GATEWAY, LOOPBACK_ADDRESS, hostUrl, loadBalancerIp } from './kit/ingress/gateway.js';
export { planIngress, type IngressPlan } from './platform-ingress.js';
export { BATTERY_CA } from './catalog/battery-ca/battery.js';
export { policyTable } from './network/policy-table.js';
export { victoriaMetricsUrl } from './catalog/victoria-metrics/endpoints.js';
export {
  scrapeTargets,
  formatScrapeTargets,
  type ScrapeTargetRow,
} from './catalog/victoria-metrics/scrape-targets.js';
