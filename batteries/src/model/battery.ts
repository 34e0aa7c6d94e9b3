import type { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { z } from 'zod';
import type { BatteryDatabaseRequest, DatabaseRequest, UpstreamBundle } from './bundle.js';
import type { HostRequest, PlatformIngress } from './host.js';
import type { InstanceDefinition } from './instance.js';
import type { KubeObject } from './kube-object.js';
import type { Resources, Size } from '../schema/resources.js';
import type { PlatformNamespaces, PlatformSettings } from './settings.js';

/** Catalog groups, in the console's navigation order. */
export const BATTERY_GROUPS = ['magic', 'data', 'devtools', 'monitoring', 'net_sec', 'ai'] as const;
export type BatteryGroup = (typeof BATTERY_GROUPS)[number];

/** Secret material a battery needs (passwords, tokens). Prepare mints it or reads it back from `secret`. */
export interface SecretRequest {
  /** Identifies the material within the battery, e.g. `password`. */
  name: string;
  /** Where the material lives once generated, so Prepare can read it back instead of minting anew. */
  secret: { namespace: string; name: string; key: string };
  /** Length of the generated string, in characters. */
  length: number;
  /** `alphanumeric` suits passwords typed into tools; `hex` suits tokens. */
  alphabet: 'alphanumeric' | 'hex';
}

/** What a battery's chart receives: its parsed spec and the read-only parts of the snapshot it may use. */
export interface BatteryChartProps<Spec> {
  /** The battery's spec, parsed by its schema (defaults applied). */
  readonly spec: Spec;
  readonly settings: PlatformSettings;
  /** Is the battery of this type installed? Integrations use it. */
  readonly isInstalled: (type: string) => boolean;
  /** The secret material named in the battery's `secrets`, minted by Prepare. */
  readonly secret: (name: string) => string;
  /** A live object by key (`formatRef`), e.g. a Service's load-balancer status. */
  readonly live: (key: string) => KubeObject | undefined;
  /**
   * The parsed objects of a bundle the battery declares, by bundle name. Throws `BundleUnavailableError` when
   * Prepare could not obtain it (Generate then fails only this battery).
   */
  readonly bundle: (name: string) => readonly KubeObject[];
  /** Database requests of every installed battery, sorted by namespace and name (cloudnative-pg reads them). */
  readonly databaseRequests: readonly BatteryDatabaseRequest[];
  /**
   * How the platform is reached: every installed battery's hosts, the gateway's address, TLS. Generate adds an
   * HTTPRoute per declared host by itself; the gateway and cert-manager read the hosts for listeners and certificates.
   */
  readonly ingress: PlatformIngress;
}

/** A battery type: metadata, schema and generator. Adding a battery touches its folder and the catalog list. */
export interface BatteryDefinition<Schema extends z.ZodType = z.ZodType> {
  /** kebab-case type; also the only allowed `metadata.name` of its Battery object. */
  readonly type: string;
  readonly group: BatteryGroup;
  /** Human name, e.g. "VictoriaMetrics". */
  readonly name: string;
  readonly description: string;
  /** Batteries that must be installed first. */
  readonly dependencies: readonly string[];
  /** Batteries used when present (e.g. Grafana adds a datasource for Loki). */
  readonly integrations: readonly string[];
  /** `false` for batteries the platform cannot run without. */
  readonly uninstallable: boolean;
  /** The short name for `kubectl get`, e.g. `vmb`. */
  readonly shortName: string;
  readonly schema: Schema;
  /** Fields that may not change after creation (dot paths), enforced by CEL on the CRD. */
  readonly immutableFields?: readonly string[];
  /**
   * The size presets of each `resources` field of the spec, by its dot path (`exporter.resources`): what the
   * chart gives that container at each platform size. The console offers them as the field's size presets.
   */
  readonly resourcePresets?: Readonly<Record<string, Readonly<Record<Size, Resources>>>>;
  readonly secrets?: (
    spec: z.output<Schema>,
    namespaces: PlatformNamespaces,
    context: SecretContext,
  ) => readonly SecretRequest[];
  /** Upstream release manifests the battery installs, by spec; Prepare obtains them (see `UpstreamBundle`). */
  readonly bundles?: (spec: z.output<Schema>) => readonly UpstreamBundle[];
  /** Postgres databases the battery needs; the cloudnative-pg battery generates their clusters. */
  readonly databases?: (spec: z.output<Schema>, settings: PlatformSettings) => readonly DatabaseRequest[];
  /**
   * The hosts the battery serves a UI under. With the istio-gateway battery installed, each gets an HTTPRoute (and,
   * with TLS, an HTTPS listener and a certificate) without the chart doing anything.
   */
  readonly hosts?: (spec: z.output<Schema>, settings: PlatformSettings) => readonly HostRequest[];
  readonly chart: (scope: Construct, props: BatteryChartProps<z.output<Schema>>) => Chart;
  /** The instance kinds users create inside this battery (rendered by it, in the same pass). */
  readonly instances?: readonly InstanceDefinition[];
}

/** What a battery's `secrets` may read besides its spec. */
export interface SecretContext {
  /** Database requests of every installed battery (cloudnative-pg mints their owners' passwords). */
  readonly databaseRequests: readonly BatteryDatabaseRequest[];
  /** Is the battery of this type installed? Material can follow the batteries a battery integrates with. */
  readonly isInstalled: (type: string) => boolean;
}

/** Lets each battery file keep its precise spec type while the catalog holds them as one list. */
export function defineBattery<Schema extends z.ZodType>(
  definition: BatteryDefinition<Schema>,
): BatteryDefinition {
  return definition as unknown as BatteryDefinition;
}
