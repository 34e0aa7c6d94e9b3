import { z } from 'zod';
import { withAdmissionRule } from '../../schema/admission-rule.js';
import { uniqueKeyRule } from '../../schema/unique-key-rule.js';
import { DNS_LABEL_PATTERN, dnsLabel, dnsSubdomain } from './container-schema.js';

/** The keys of a Postgres credential Secret (`cloudnative-pg.pg-<cluster>.<user>`) an env value may read. */
export const POSTGRES_KEYS = ['host', 'port', 'username', 'password', 'database', 'dsn', 'uri'] as const;

/** The sources an env value may take, exactly one of which it names. */
export const ENV_SOURCES = ['value', 'fromConfigMap', 'fromSecret', 'fromPostgres', 'fromRedis'] as const;
export type EnvSource = (typeof ENV_SOURCES)[number];

/** The most env values a service may have. */
export const MAX_ENV = 64;

const keySelector = (kind: 'ConfigMap' | 'Secret') =>
  z
    .object({
      name: dnsSubdomain(`a ${kind} name`, `The ${kind} in the service’s namespace.`),
      key: z
        .string()
        .max(253)
        .regex(/^[-._a-zA-Z0-9]+$/, { error: 'must be a key: letters, digits, -, _ and .' })
        .meta({ description: `The key in the ${kind}.` }),
      optional: z
        .boolean()
        .default(false)
        .meta({ description: `Start even when the ${kind} or key is missing. Default false.` }),
    })
    .strict()
    .meta({ description: `A key of a ${kind} in the service’s namespace.` });

const instanceNamespace = z
  .string()
  .regex(new RegExp(DNS_LABEL_PATTERN), { error: 'must be a namespace name' })
  .optional()
  .meta({
    description:
      'The instance’s namespace; default the service’s. Another namespace must hand its credentials to this one (see the instance’s credential namespaces and CredentialGrant).',
    maxLength: 63,
  });

/** An env value read from a data instance by name, resolved by the pass to the instance's credential Secret. */
export const envValueSchema = withAdmissionRule(
  z
    .object({
      name: z
        .string()
        .min(1)
        .max(256)
        .regex(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/, {
          error:
            'must be an environment variable name: letters, digits, -, _ and ., not starting with a digit',
        })
        .meta({ description: 'The variable’s name, unique in the service.' }),
      value: z.string().max(32768).optional().meta({ description: 'A literal value.' }),
      fromConfigMap: keySelector('ConfigMap').optional(),
      fromSecret: keySelector('Secret').optional(),
      fromPostgres: z
        .object({
          cluster: dnsLabel('a PostgresCluster name', 'The PostgresCluster.'),
          user: dnsLabel('a user name', 'One of the cluster’s users.'),
          key: z.enum(POSTGRES_KEYS).meta({
            description: `What to read from the user’s credentials: ${POSTGRES_KEYS.join(', ')} (dsn and uri are whole connection strings).`,
          }),
          namespace: instanceNamespace,
        })
        .strict()
        .optional()
        .meta({ description: 'A user’s credentials of a PostgresCluster, by name.' }),
      fromRedis: z
        .object({
          instance: dnsLabel('a RedisInstance name', 'The RedisInstance.'),
          key: z
            .string()
            .max(63)
            .regex(/^[-._a-zA-Z0-9]+$/, { error: 'must be a key: letters, digits, -, _ and .' })
            .meta({
              description: 'What to read from the instance’s connection Secret (host, port, password, uri).',
            }),
          namespace: instanceNamespace,
        })
        .strict()
        .optional()
        .meta({ description: 'The connection settings of a RedisInstance, by name.' }),
    })
    .strict(),
  {
    accepts: (env) => ENV_SOURCES.filter((source) => env[source] !== undefined).length === 1,
    cel: `[${ENV_SOURCES.map((source) => `has(self.${source})`).join(', ')}].filter(x, x).size() == 1`,
    message: `must have exactly one of ${ENV_SOURCES.join(', ')}`,
    // Merged over an env value that has one source (a literal in one example, a Postgres user in another).
    examples: { accepted: [{ name: 'OTHER' }], refused: [{ fromSecret: { name: 'app', key: 'token' } }] },
  },
).meta({
  description:
    'An environment variable of every container: a literal value, a ConfigMap or Secret key, or the connection settings of a data instance by name.',
});

export type EnvValueSpec = z.output<typeof envValueSchema>;

export const envListSchema = withAdmissionRule(
  z.array(envValueSchema).max(MAX_ENV),
  uniqueKeyRule({
    key: 'name',
    message: 'env: each name may appear once',
    examples: {
      accepted: [
        [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      ],
      refused: [
        [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
          { name: 'A', value: '3' },
        ],
      ],
    },
  }),
)
  .default([])
  .meta({ description: 'Environment variables of every container (and init container).' });
