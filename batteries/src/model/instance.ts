import type { Construct } from 'constructs';
import type { z } from 'zod';
import type { HostRequest, PlatformHost, PlatformIngress } from './host.js';
import type { KubeObject } from './kube-object.js';
import type { SecretRequest } from './battery.js';
import type { PlatformSettings } from './settings.js';

/**
 * An instance as the snapshot carries it: a namespaced object users create inside a battery (a Postgres
 * cluster, a Redis instance), with its spec as written (unparsed: Generate validates it). Plain JSON.
 */
export interface SnapshotInstance {
  /** The instance kind, e.g. `PostgresCluster`. */
  kind: string;
  namespace: string;
  name: string;
  spec: unknown;
}

/** An instance with its spec parsed by its kind's schema (defaults applied). */
export interface Instance<Spec = unknown> {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly spec: Spec;
}

/** A printer column of an instance CRD (`kubectl get pg`). */
export interface PrinterColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  /** A JSONPath into the object, e.g. `.spec.instances`. */
  readonly jsonPath: string;
  readonly description?: string;
}

/** What a battery offers the instances it renders: its parsed spec and the read-only parts of the snapshot. */
export interface BatteryContext<BatterySpec = unknown> {
  readonly type: string;
  readonly spec: BatterySpec;
  readonly settings: PlatformSettings;
  readonly isInstalled: (type: string) => boolean;
  /**
   * The parsed spec of another battery that generated this pass (an integration, such as the Barman Cloud plugin's
   * object storage), or undefined when it is not installed or failed.
   */
  readonly specOf: (type: string) => unknown;
  /** A live object by key (`formatRef`), e.g. a StatefulSet's volume claim size. */
  readonly live: (key: string) => KubeObject | undefined;
  /** How the platform is reached from outside (the gateway's address, TLS, every host). */
  readonly ingress: PlatformIngress;
}

/** What an instance's `hosts` may read besides the instance. */
export interface InstanceHostContext<BatterySpec = unknown> {
  readonly settings: PlatformSettings;
  /** The owning battery's parsed spec. */
  readonly batterySpec: BatterySpec;
}

/** What an instance's render function receives. */
export interface InstanceRenderProps<Spec = unknown, BatterySpec = unknown> {
  readonly instance: Instance<Spec>;
  readonly battery: BatteryContext<BatterySpec>;
  /**
   * The secret material named in the kind's `secrets`, minted by Prepare or read back from the live Secret; with
   * `of`, that of another instance in the same namespace (a FerretService uses its PostgresCluster user's password).
   * Another namespace's material is refused: instances must not reach across tenants.
   */
  readonly secret: (name: string, of?: Pick<Instance, 'kind' | 'namespace' | 'name'>) => string;
  /**
   * The valid instances of a kind whose battery is installed, sorted by namespace and name: how instances
   * reference each other by name (a FerretService's Postgres cluster, a namespace's credential grants).
   */
  readonly instances: (kind: string) => readonly Instance[];
  /**
   * The instance's own hosts (from `InstanceDefinition.hosts`) with their hostnames, minus any refused because
   * another host has the hostname (Generate reports those as problems by itself). The render adds their routes.
   */
  readonly hosts: readonly PlatformHost[];
}

/** Something that keeps an instance from being Ready although it rendered (a missing grant). */
export interface InstanceProblem {
  /** CamelCase, the `Ready` condition's reason. */
  readonly reason: string;
  /** What is wrong and what fixes it. */
  readonly message: string;
}

/** What a render function reports besides the objects it added. */
export interface InstanceRendering {
  /** Connection information for the status (hosts, ports, Secret names; never secret values). */
  readonly connection?: Readonly<Record<string, string>>;
  readonly problems?: readonly InstanceProblem[];
}

/**
 * A namespaced kind users create inside a battery (DESIGN §3 "Instances"): declared in the owning battery's
 * folder and listed by its `BatteryDefinition.instances`. From it come the CRD (namespaced, category
 * `bi-instances`, status subresource), validation, and the objects: `render` adds them to a cdk8s Chart in the
 * same pass as the battery's own, labelled with the battery and the instance.
 */
export interface InstanceDefinition<Schema extends z.ZodType = z.ZodType, BatterySpec = unknown> {
  /** PascalCase, unique in the group, e.g. `PostgresCluster`. */
  readonly kind: string;
  /** Lower-case plural resource name, e.g. `postgresclusters`. */
  readonly plural: string;
  /** `kubectl get` short names, e.g. `['pg']`. */
  readonly shortNames: readonly string[];
  /** The battery type that renders it; without that battery installed the instance renders nothing. */
  readonly battery: string;
  readonly description: string;
  /** The spec's schema: one source for the CRD, types, runtime validation, forms and the reference. */
  readonly schema: Schema;
  /** Columns beside Name and Age (Ready is added for every kind). */
  readonly printerColumns?: readonly PrinterColumn[];
  /** Fields that may not change after creation (dot paths), enforced by CEL on the CRD. */
  readonly immutableFields?: readonly string[];
  /** The longest `metadata.name`, so derived names (`pg-<name>-rw`) stay valid. @default 63 */
  readonly maxNameLength?: number;
  /**
   * The Secrets in the instance's namespace that hold its credentials (what the API's reveal route returns). Names
   * only: their values never appear in status, responses or records otherwise.
   */
  readonly credentialSecrets?: (instance: Instance<z.output<Schema>>) => readonly string[];
  /**
   * The hostnames the instance serves; the platform gives each its hostname (checking it is not taken), a gateway
   * listener and a certificate when TLS is on. The render receives them as `hosts` and adds the routes.
   */
  readonly hosts?: (
    instance: Instance<z.output<Schema>>,
    context: InstanceHostContext<BatterySpec>,
  ) => readonly HostRequest[];
  /** Secret material the instance needs; Prepare mints it or reads it back from `secret`. */
  readonly secrets?: (instance: Instance<z.output<Schema>>) => readonly SecretRequest[];
  /** Adds the instance's objects to `scope`. Pure. Throwing fails only this instance. */
  readonly render: (
    scope: Construct,
    props: InstanceRenderProps<z.output<Schema>, BatterySpec>,
  ) => InstanceRendering | void;
}

/** Lets each kind keep its precise spec type while batteries hold them as one list. */
export function defineInstance<Schema extends z.ZodType, BatterySpec = unknown>(
  definition: InstanceDefinition<Schema, BatterySpec>,
): InstanceDefinition {
  return definition as unknown as InstanceDefinition;
}

/**
 * The one string form of an instance in logs, owner sets, results and secret-material keys:
 * `Kind/namespace/name`.
 * @example instanceKey({ kind: 'PostgresCluster', namespace: 'team-a', name: 'orders' }) // 'PostgresCluster/team-a/orders'
 */
export function instanceKey(instance: { kind: string; namespace: string; name: string }): string {
  return `${instance.kind}/${instance.namespace}/${instance.name}`;
}

/** `instanceKey` of an instance object (its kind, `metadata.namespace` and `metadata.name`). */
export function instanceKeyOf(object: {
  kind: string;
  metadata: { name: string; namespace?: string };
}): string {
  return instanceKey({
    kind: object.kind,
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name,
  });
}
