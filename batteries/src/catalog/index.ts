import type { BatteryDefinition } from '../model/battery.js';
import type { InstanceDefinition } from '../model/instance.js';
import { batteryCa } from './battery-ca/battery.js';
import { certManager } from './cert-manager/battery.js';
import { cloudnativePg } from './cloudnative-pg/battery.js';
import { cloudnativePgBarman } from './cloudnative-pg-barman/battery.js';
import { core } from './core/battery.js';
import { ferretdb } from './ferretdb/battery.js';
import { fluentBit } from './fluent-bit/battery.js';
import { gatewayApi } from './gateway-api/battery.js';
import { istio } from './istio/battery.js';
import { istioGateway } from './istio-gateway/battery.js';
import { istioCsr } from './istio-csr/battery.js';
import { kiali } from './kiali/battery.js';
import { trustManager } from './trust-manager/battery.js';
import { keycloak } from './keycloak/battery.js';
import { knative } from './knative/battery.js';
import { metallb } from './metallb/battery.js';
import { grafana } from './grafana/battery.js';
import { kubeMonitoring } from './kube-monitoring/battery.js';
import { loki } from './loki/battery.js';
import { notebooks } from './notebooks/battery.js';
import { ollama } from './ollama/battery.js';
import { redis } from './redis/battery.js';
import { sso } from './sso/battery.js';
import { traditionalServices } from './traditional-services/battery.js';
import { victoriaMetrics } from './victoria-metrics/battery.js';
// The catalog list: adding a battery is its folder plus one import and one entry here.

/** Every battery type, sorted by type. */
export const CATALOG: readonly BatteryDefinition[] = [
  batteryCa,
  certManager,
  cloudnativePg,
  cloudnativePgBarman,
  core,
  ferretdb,
  fluentBit,
  gatewayApi,
  grafana,
  istio,
  istioGateway,
  istioCsr,
  kiali,
  keycloak,
  knative,
  metallb,
  kubeMonitoring,
  loki,
  notebooks,
  ollama,
  redis,
  sso,
  traditionalServices,
  trustManager,
  victoriaMetrics,
].sort((a, b) => a.type.localeCompare(b.type));

const byType = new Map(CATALOG.map((battery) => [battery.type, battery]));

export function findBattery(type: string): BatteryDefinition | undefined {
  return byType.get(type);
}

export function catalogTypes(): string[] {
  return CATALOG.map((battery) => battery.type);
}

/** Every instance kind the catalog's batteries declare, sorted by kind. */
export const INSTANCE_KINDS: readonly InstanceDefinition[] = CATALOG.flatMap(
  (battery) => battery.instances ?? [],
).sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));

const byKind = new Map(INSTANCE_KINDS.map((definition) => [definition.kind, definition]));

export function findInstanceKind(kind: string): InstanceDefinition | undefined {
  return byKind.get(kind);
}
