import { CREDENTIAL_GRANT_KIND } from '../../catalog/core/credential-grant.js';
import { credentialSecretName } from '../../catalog/cloudnative-pg/postgres-cluster/credentials.js';
import { grantedBy } from '../../catalog/cloudnative-pg/postgres-cluster/render.js';
import type { PostgresClusterSpec } from '../../catalog/cloudnative-pg/postgres-cluster/schema.js';
import type { Instance, InstanceProblem } from '../../model/instance.js';
import type { EnvValueSpec } from './env-schema.js';

/** A Kubernetes `EnvVar`, as containers take it. */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
  };
}

/** Where a data reference resolved to: the credential Secret, and what keeps it from being there. */
interface ResolvedReference {
  readonly secretName: string;
  readonly key: string;
  readonly problems: readonly InstanceProblem[];
}

/** What resolving env values needs: the service and the instances of the pass. */
export interface EnvContext {
  readonly namespace: string;
  /** The valid instances of a kind whose battery is installed (`InstanceRenderProps.instances`). */
  readonly instances: (kind: string) => readonly Instance[];
}

/**
 * The kinds env values reference by name, each with how its credential Secret is found. A kind the catalog does
 * not have yet has no resolver: a reference to it is reported, not guessed.
 */
const DATA_REFERENCES = {
  fromPostgres: { kind: 'PostgresCluster', battery: 'cloudnative-pg' },
  fromRedis: { kind: 'RedisInstance', battery: 'redis' },
} as const;

/**
 * Turns a service's env values into `EnvVar`s, with the problems that keep it from being Ready. A data instance
 * reference (`fromPostgres`) becomes a `secretKeyRef` to the instance's credential Secret in the service's
 * namespace. The Secret is there only when the instance is in the same namespace, or when it hands that user's
 * credentials to this namespace (`credentialNamespaces`) and this namespace accepts them (a CredentialGrant); when
 * not, or when the instance does not exist, the reference still points where the Secret will be (so the pods wait
 * instead of starting without their settings) and the problem names what is missing. Pure.
 */
export function resolveEnv(
  env: readonly EnvValueSpec[],
  context: EnvContext,
): { vars: EnvVar[]; problems: InstanceProblem[] } {
  const problems: InstanceProblem[] = [];
  const vars = env.map((value, index): EnvVar => {
    const field = `spec.env[${index}] (${value.name})`;
    if (value.value !== undefined) return { name: value.name, value: value.value };
    if (value.fromConfigMap)
      return { name: value.name, valueFrom: { configMapKeyRef: { ...value.fromConfigMap } } };
    if (value.fromSecret) return { name: value.name, valueFrom: { secretKeyRef: { ...value.fromSecret } } };
    const resolved = value.fromPostgres
      ? resolvePostgres(value.fromPostgres, field, context)
      : resolveRedis(value.fromRedis!, field);
    problems.push(...resolved.problems);
    return {
      name: value.name,
      valueFrom: { secretKeyRef: { name: resolved.secretName, key: resolved.key } },
    };
  });
  return { vars, problems };
}

function resolvePostgres(
  ref: NonNullable<EnvValueSpec['fromPostgres']>,
  field: string,
  context: EnvContext,
): ResolvedReference {
  const { kind, battery } = DATA_REFERENCES.fromPostgres;
  const namespace = ref.namespace ?? context.namespace;
  const secretName = credentialSecretName(ref.cluster, ref.user);
  const base = { secretName, key: ref.key };
  const cluster = context
    .instances(kind)
    .find((instance) => instance.namespace === namespace && instance.name === ref.cluster);
  if (!cluster)
    return {
      ...base,
      problems: [
        {
          reason: 'ReferenceNotFound',
          message: `${field}: fromPostgres names ${kind} ${namespace}/${ref.cluster}, which does not exist (or is invalid, or the ${battery} battery is not installed)`,
        },
      ],
    };
  const user = (cluster.spec as PostgresClusterSpec).users.find((u) => u.username === ref.user);
  if (!user) {
    const users = (cluster.spec as PostgresClusterSpec).users.map((u) => u.username);
    return {
      ...base,
      problems: [
        {
          reason: 'ReferenceNotFound',
          message: `${field}: ${kind} ${namespace}/${ref.cluster} has no user ${ref.user} (its users: ${users.length > 0 ? users.join(', ') : 'none'})`,
        },
      ],
    };
  }
  if (namespace === context.namespace) return { ...base, problems: [] };
  const problems: InstanceProblem[] = [];
  if (!user.credentialNamespaces.includes(context.namespace))
    problems.push({
      reason: 'CredentialGrantMissing',
      message: `${field}: ${kind} ${namespace}/${ref.cluster} does not hand user ${ref.user}'s credentials to namespace ${context.namespace}: add ${context.namespace} to that user's credentialNamespaces`,
    });
  if (!grantedBy(context.instances(CREDENTIAL_GRANT_KIND), namespace)(context.namespace))
    problems.push({
      reason: 'CredentialGrantMissing',
      message: `${field}: namespace ${context.namespace} does not accept credentials from namespace ${namespace}: a CredentialGrant in ${context.namespace} with spec.fromNamespaces [${namespace}]`,
    });
  return { ...base, problems };
}

/**
 * Redis instances are not a kind of this catalog yet: the reference keeps its place (the Secret name the redis
 * battery will use) and the status says why it cannot resolve.
 */
function resolveRedis(ref: NonNullable<EnvValueSpec['fromRedis']>, field: string): ResolvedReference {
  const { kind, battery } = DATA_REFERENCES.fromRedis;
  return {
    secretName: `redis.${ref.instance}`,
    key: ref.key,
    problems: [
      {
        reason: 'KindNotInstalled',
        message: `${field}: fromRedis needs the ${kind} kind, which the ${battery} battery of this version does not provide yet`,
      },
    ],
  };
}
