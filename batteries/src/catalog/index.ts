import type { BatteryDefinition } from '../model/battery.js';
import { batteryCa } from './battery-ca/battery.js';
import { certManager } from './cert-manager/battery.js';
import { cloudnativePg } from './cloudnative-pg/battery.js';
import { core } from './core/battery.js';
import { gatewayApi } from './gateway-api/battery.js';
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
  core,
  gatewayApi,
  grafana,
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
  victoriaMetrics,
].sort((a, b) => a.type.localeCompare(b.type));

const byType = new Map(CATALOG.map((battery) => [battery.type, battery]));

export function findBattery(type: string): BatteryDefinition | undefined {
  return byType.get(type);
}

export function catalogTypes(): string[] {
  return CATALOG.map((battery) => battery.type);
}
