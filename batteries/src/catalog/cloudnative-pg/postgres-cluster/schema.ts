import { z } from 'zod';
import { withAdmissionRule } from '../../../schema/admission-rule.js';
import { uniqueKeyRule } from '../../../schema/unique-key-rule.js';
import { growOnlyQuantity } from '../../../schema/quantity.js';
import { resourcesSchema, SIZES, type Resources, type Size } from '../../../schema/resources.js';

/**
 * The role options CloudNativePG's managed roles accept (`spec.managed.roles[]` of a `Cluster`): each becomes
 * the boolean of the same name. `login` lets the role connect. `inherit` is on unless `noinherit` is listed, as in
 * Postgres: without it a database owner would not get the privileges of `pg_database_owner` (CREATE in `public`).
 */
export const ROLE_OPTIONS = [
  'login',
  'superuser',
  'createdb',
  'createrole',
  'inherit',
  'noinherit',
  'replication',
  'bypassrls',
] as const;
export type RoleOption = (typeof ROLE_OPTIONS)[number];

/** Roles CloudNativePG manages itself; a user may not take their names. */
export const RESERVED_USERNAMES = ['postgres', 'streaming-replica'] as const;

/**
 * A user name: a Postgres role name that is also a DNS label, because it becomes part of the credential Secret's
 * name (`cloudnative-pg.pg-<cluster>.<user>`): lower-case letters, digits and -, starting with a letter, at most 63.
 */
export const USERNAME_PATTERN = '^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$';
/** A database name: lower-case letters, digits, _ and -, starting with a letter or _, at most 63 bytes. */
export const DATABASE_PATTERN = '^[a-z_][a-z0-9_-]{0,62}$';
const DNS_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$';

/** The original's cluster size presets: volume, CPU and memory per instance. */
export const CLUSTER_SIZE_PRESETS: Readonly<Record<Size, { storage: string; resources: Resources }>> = {
  tiny: {
    storage: '512Mi',
    resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  },
  small: {
    storage: '16Gi',
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '4Gi' } },
  },
  medium: {
    storage: '64Gi',
    resources: { requests: { cpu: '4', memory: '8Gi' }, limits: { cpu: '4', memory: '8Gi' } },
  },
  large: {
    storage: '128Gi',
    resources: { requests: { cpu: '8', memory: '16Gi' }, limits: { cpu: '8', memory: '16Gi' } },
  },
  xlarge: {
    storage: '256Gi',
    resources: { requests: { cpu: '10', memory: '32Gi' }, limits: { cpu: '10', memory: '32Gi' } },
  },
  huge: {
    storage: '1Ti',
    resources: { requests: { cpu: '32', memory: '256Gi' }, limits: { cpu: '32', memory: '256Gi' } },
  },
};

const username = (description: string) =>
  withAdmissionRule(
    z.string().regex(new RegExp(USERNAME_PATTERN), {
      error:
        'must be a Postgres role name that is also a DNS label: lower-case letters, digits and -, starting with a letter, at most 63 characters',
    }),
    {
      accepts: (name) => !(RESERVED_USERNAMES as readonly string[]).includes(name),
      cel: `!(self in [${RESERVED_USERNAMES.map((name) => `'${name}'`).join(', ')}])`,
      message: `is reserved by CloudNativePG (${RESERVED_USERNAMES.join(', ')})`,
      examples: { accepted: ['app', 'postgresql'], refused: [...RESERVED_USERNAMES] },
    },
  ).meta({ description, maxLength: 63 });

export const postgresUserSchema = z
  .object({
    username: username('The role name; also part of its credential Secret’s name.'),
    roles: z
      .array(z.enum(ROLE_OPTIONS))
      .max(ROLE_OPTIONS.length)
      .default(['login'])
      .meta({
        description: `Role options, as CloudNativePG's managed roles take them: ${ROLE_OPTIONS.join(', ')}. Default [login].`,
      }),
    credentialNamespaces: z
      .array(z.string().regex(new RegExp(DNS_LABEL_PATTERN), { error: 'must be a namespace name' }).max(63))
      .max(32)
      .default([])
      .meta({
        description:
          'Namespaces besides the cluster’s own that get a copy of the credential Secret. Each must consent with a CredentialGrant naming this cluster’s namespace.',
      }),
    passwordVersion: z.int().min(1).max(1_000_000).default(1).meta({
      description:
        'Raise it to rotate the password: a new one is minted, the database role takes it, and the previous one stays in the Secret (previous-password) until the next rotation. Default 1.',
    }),
  })
  .strict()
  .meta({ description: 'A database role with a generated password.' });

export const postgresClusterSchema = withAdmissionRule(
  z
    .object({
      instances: z.int().min(1).max(99).default(1).meta({
        description: 'PostgreSQL instances: one primary and instances - 1 streaming replicas. Default 1.',
      }),
      size: z
        .enum(SIZES)
        .default('small')
        .meta({
          description: `Size preset for the volume, CPU and memory when not set below: ${SIZES.map(
            (size) =>
              `${size} ${CLUSTER_SIZE_PRESETS[size].storage}/${CLUSTER_SIZE_PRESETS[size].resources.requests.cpu} CPU/${CLUSTER_SIZE_PRESETS[size].resources.requests.memory}`,
          ).join(', ')}. Default small.`,
        }),
      storage: z
        .object({
          size: growOnlyQuantity(
            'The volume of each instance; default from the size preset.',
            '16Gi',
          ).optional(),
          storageClass: z
            .string()
            .max(253)
            .optional()
            .meta({ description: 'The StorageClass of the volumes; default the cluster’s default class.' }),
        })
        .strict()
        .prefault({})
        .meta({ description: 'Volumes of the instances.' }),
      resources: resourcesSchema.optional(),
      users: withAdmissionRule(
        z.array(postgresUserSchema).max(32),
        uniqueKeyRule({
          key: 'username',
          message: 'users: each username may appear once',
          examples: {
            accepted: [[{ username: 'app' }, { username: 'reader' }]],
            refused: [[{ username: 'app' }, { username: 'reader' }, { username: 'app' }]],
          },
        }),
      )
        .default([])
        .meta({
          description:
            'Database roles, each with a generated password in Secrets named cloudnative-pg.pg-<cluster>.<user>.',
        }),
      database: z
        .object({
          name: z
            .string()
            .regex(new RegExp(DATABASE_PATTERN), {
              error:
                'must be a database name: lower-case letters, digits, _ and -, starting with a letter or _, at most 63 characters',
            })
            .meta({ description: 'The database created at bootstrap.', maxLength: 63 }),
          owner: username('Its owner: one of the users.'),
        })
        .strict()
        .optional()
        .meta({
          description: 'The application database, created when the cluster is; fixed after creation.',
        }),
      backup: z
        .object({
          type: z.enum(['none', 'objectStore']).default('none').meta({
            description:
              'none, or objectStore: continuous backup to object storage through the Barman Cloud plugin (needs the cloudnative-pg-barman battery). Default none.',
          }),
          schedule: z
            .string()
            .regex(/^(\S+\s+){5}\S+$/, { error: 'must be a six-field cron schedule (seconds first)' })
            .default('0 0 0 * * *')
            .meta({ description: 'When base backups run: cron with seconds. Default daily at midnight.' }),
          retention: z
            .string()
            .regex(/^[1-9][0-9]*[dwm]$/, { error: 'must be a number and d, w or m, such as 30d' })
            .default('30d')
            .meta({ description: 'How long backups are kept (d, w, m). Default 30d.' }),
        })
        .strict()
        .prefault({})
        .meta({ description: 'Backups of the cluster.' }),
      restore: z
        .object({
          backup: z
            .string()
            .regex(new RegExp(DNS_LABEL_PATTERN.replace('{0,61}', '{0,251}')), {
              error: 'must be a Backup name',
            })
            .meta({
              description: 'The CloudNativePG Backup (in this namespace) to create the cluster from.',
            }),
        })
        .strict()
        .optional()
        .meta({
          description: 'Create the cluster from a backup instead of an empty database; fixed after creation.',
        }),
    })
    .strict(),
  {
    accepts: (spec) => !spec.database || spec.users.some((user) => user.username === spec.database!.owner),
    cel: '!has(self.database) || (has(self.users) && self.users.exists(u, u.username == self.database.owner))',
    message: 'database.owner must be one of the users',
    path: ['database', 'owner'],
    examples: {
      accepted: [
        { database: { name: 'orders', owner: 'app' } },
        { database: { name: 'orders', owner: 'reader' } },
      ],
      refused: [{ database: { name: 'orders', owner: 'nobody' } }],
    },
  },
).meta({ description: 'A CloudNativePG Postgres cluster with declared roles and their credentials.' });

export type PostgresClusterSpec = z.output<typeof postgresClusterSchema>;
export type PostgresUser = z.output<typeof postgresUserSchema>;

/** The size presets' resources alone, in the shape `resolveResources` takes. */
export const CLUSTER_RESOURCE_PRESETS: Readonly<Record<Size, Resources>> = Object.fromEntries(
  SIZES.map((size) => [size, CLUSTER_SIZE_PRESETS[size].resources]),
) as Record<Size, Resources>;
