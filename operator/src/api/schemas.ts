// The API's request and response shapes as zod schemas: requests are parsed with them once, at the boundary,
// and /api/openapi.json is generated from all of them (see openapi.ts). docs/api.md describes the same shapes.
import { BATTERY_GROUPS, SIZES, type Resources } from '@batteries-included/batteries';
import { batteryStatusSchema, type OpenApiSchema } from '@batteries-included/crds';
import { z } from 'zod';
import { COUNT_OF, OBJECT_ACTIONS, PASS_STATUSES, RECORDED_ACTIONS } from '../engine/vocabulary.js';

const json = z.unknown().meta({ description: 'Any JSON value.' });
const spec = z.record(z.string(), z.unknown()).meta({ description: "A battery's spec (its configuration)." });
const time = z.string().meta({ format: 'date-time' });
const typeName = z.string().meta({ description: 'A battery type, e.g. `redis`.' });

// --- requests -------------------------------------------------------------------------------------------

export const putBatteryBody = z
  .object({
    spec: spec,
    resourceVersion: z.string().optional().meta({
      description: 'The version read; the write is refused (409) when the object has changed since.',
    }),
    generation: z
      .int()
      .min(0)
      .optional()
      .meta({
        description:
          'The metadata.generation read; the write is refused (409) when the spec has changed since. Unlike ' +
          'resourceVersion, status updates do not move it.',
      }),
    dryRun: z.boolean().default(false).meta({ description: 'Validate only (server-side dry-run).' }),
  })
  .strict();

export const previewEntry = z.union([
  z.object({ type: typeName, spec }).strict(),
  z.object({ type: typeName, delete: z.literal(true) }).strict(),
]);
export const previewInstanceEntry = z
  .object({
    plural: z.string().meta({ description: 'The kind by its plural, e.g. traditionalservices.' }),
    namespace: z.string().max(63),
    name: z.string().max(253),
    spec: spec.optional().meta({ description: 'The proposed spec; absent with delete.' }),
    delete: z.literal(true).optional(),
  })
  .strict();
export const previewBody = z
  .object({
    batteries: z
      .array(previewEntry)
      .default([])
      .meta({ description: 'The batteries to change; others stay.' }),
    instances: z
      .array(previewInstanceEntry)
      .default([])
      .meta({ description: 'The instances (services, databases) to create, change or delete; others stay.' }),
  })
  .strict();

export const rollbackBody = z
  .object({
    batteries: z.array(typeName).optional().meta({ description: 'Only these batteries. Default: all.' }),
    cascade: z
      .boolean()
      .default(false)
      .meta({ description: 'Also uninstall dependents instead of refusing.' }),
    dryRun: z.boolean().default(false),
  })
  .strict();

const positiveInt = (description: string) =>
  z.string().regex(/^\d+$/, { error: 'expected a whole number' }).transform(Number).meta({ description });

export const passesQuery = z.object({
  limit: positiveInt('Page size, 1–500. Default 50.').optional(),
  before: positiveInt("Only passes older than this id (the previous page's nextBefore).").optional(),
  status: z.enum(PASS_STATUSES).optional(),
});

// --- responses ------------------------------------------------------------------------------------------

export const fieldError = z.object({ field: z.string(), message: z.string(), value: json.optional() });
export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.array(fieldError).optional(),
  })
  .meta({ description: 'RFC 9457 problem details (application/problem+json).' });

const isRecord = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A battery's spec schema: the CRD's structural OpenAPI v3 schema (crds' `OpenApiSchema`). */
const specSchema = z
  .custom<OpenApiSchema>(isRecord)
  .meta({ type: 'object', description: "The spec's OpenAPI v3 schema, as in its CRD." });
const resources = z.object({
  requests: z.object({ cpu: z.string(), memory: z.string() }),
  limits: z.object({ cpu: z.string().optional(), memory: z.string() }),
}) satisfies z.ZodType<Resources>;
export const resourcePresets = z.record(z.string(), z.record(z.enum(SIZES), resources)).meta({
  description:
    "Each `resources` field's size presets, by its dot path in the spec (`exporter.resources`): what the battery's " +
    'chart gives that container at each platform size, smallest first.',
});

export const catalogBattery = z.object({
  type: z.string(),
  name: z.string(),
  group: z.enum(BATTERY_GROUPS),
  description: z.string(),
  kind: z.string(),
  plural: z.string(),
  shortName: z.string(),
  dependencies: z.array(z.string()),
  installOrder: z
    .array(z.string())
    .meta({ description: 'Everything installing it needs, dependencies first.' }),
  integrations: z.array(z.string()),
  uninstallable: z.boolean(),
  immutableFields: z.array(z.string()),
  schema: specSchema,
  resourcePresets,
  defaults: spec.nullable().meta({ description: 'What `{}` parses to, or null when fields are required.' }),
  installed: z.boolean(),
});
export const catalogResponse = z.object({
  groups: z.array(z.object({ id: z.enum(BATTERY_GROUPS), batteries: z.array(z.string()) })),
  batteries: z.array(catalogBattery),
});

export const caCertificate = z
  .object({
    subject: z
      .string()
      .meta({ description: "The CA certificate's subject, e.g. `CN=Batteries Included CA`." }),
    issuer: z.string(),
    fingerprintSha256: z
      .string()
      .meta({ description: 'SHA-256 fingerprint, colon-separated upper-case hex.' }),
    serialNumber: z.string(),
    notBefore: z.string().meta({ description: 'Valid from (ISO 8601).' }),
    notAfter: z.string().meta({ description: 'Expiry (ISO 8601).' }),
    secret: z.string().meta({ description: 'Where it was read: `<namespace>/<name>` of the CA Secret.' }),
  })
  .meta({ description: "The platform CA (battery-ca), read from its Secret's `ca.crt`; never the key." });
export const accessUrl = z.object({
  name: z.string().meta({ description: 'The host name: control, grafana, keycloak, …' }),
  battery: z.string(),
  url: z.string(),
});
export const accessResponse = z.object({
  hasGateway: z.boolean().meta({ description: 'Is the istio-gateway battery installed?' }),
  gatewayAddress: z
    .string()
    .optional()
    .meta({ description: "The gateway Service's load-balancer IP; absent until it has one." }),
  ssl: z.boolean().meta({ description: 'Are the hosts served over HTTPS?' }),
  urls: z.array(accessUrl).meta({ description: "Every installed battery's UI, by host name." }),
  ca: caCertificate
    .optional()
    .meta({ description: 'The platform CA, when battery-ca is installed and cert-manager has issued it.' }),
});

export const batteryView = z.object({
  type: z.string(),
  name: z.string(),
  group: z.enum(BATTERY_GROUPS),
  kind: z.string(),
  spec,
  status: batteryStatusSchema.nullable(),
  ready: z.enum(['True', 'False', 'Unknown']),
  resourceVersion: z.string(),
  generation: z.int().optional(),
  createdAt: time.optional(),
  isDeleting: z.boolean(),
});
export const batteryList = z.object({ batteries: z.array(batteryView) });
export const batteryHistoryEntry = z.object({
  id: z.int(),
  generation: z.int().optional(),
  specHash: z.string().optional(),
  fieldManager: z.string().optional(),
  changedAt: time,
  passId: z.int().optional(),
});
export const batteryDetail = batteryView.extend({
  dependents: z.array(z.string()),
  missingDependencies: z.array(z.string()),
  history: z.array(batteryHistoryEntry),
});
export const putBatteryResponse = batteryView.extend({
  isDryRun: z.boolean(),
  missingDependencies: z.array(z.string()).meta({
    description: 'Dependencies not installed: the battery waits (DependenciesMet=False) until they are.',
  }),
});
export const deleteBatteryResponse = z.object({ deleted: z.array(z.string()), isDryRun: z.boolean() });

export const fieldChange = z.object({ path: z.string(), before: json.optional(), after: json.optional() });
export const planChange = z.object({
  ref: z.string(),
  apiVersion: z.string(),
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  battery: z.string().optional(),
  action: z.enum(OBJECT_ACTIONS),
  note: z.string().optional(),
  driftPaths: z.array(z.string()).optional(),
});
const planCounts = z.record(z.string(), z.int());
export const planView = z.object({ counts: planCounts, changes: z.array(planChange) });
export const previewResponse = z.object({
  batteries: z.array(
    z.object({
      type: z.string(),
      action: z.enum(['install', 'update', 'uninstall', 'unchanged']),
      fields: z.array(fieldChange),
      heldBy: z.array(z.string()).optional().meta({
        description: 'An uninstall held by these dependents: its objects stay until they are gone.',
      }),
    }),
  ),
  problems: z.array(z.object({ type: z.string(), status: z.string(), message: z.string() })),
  plan: planView,
  text: z.string().meta({ description: 'The plan as a table (formatPlan).' }),
});

const passCounts = z.object(
  Object.fromEntries(Object.values(COUNT_OF).map((name) => [name, z.int()])) as Record<
    (typeof COUNT_OF)[keyof typeof COUNT_OF],
    z.ZodInt
  >,
);
export const passSummary = z.object({
  id: z.int(),
  startedAt: time,
  finishedAt: time,
  durationMs: z.int(),
  trigger: z.string(),
  /** `trigger` shortened for a table cell: object triggers counted per verb (`7 deleted objects`). */
  triggerSummary: z.string(),
  status: z.enum(PASS_STATUSES),
  inputsHash: z.string(),
  manifestHash: z.string(),
  snapshotHash: z.string(),
  counts: passCounts,
  error: z.string().optional(),
});
export const passPage = z.object({ passes: z.array(passSummary), nextBefore: z.int().optional() });
export const passObject = z.object({
  ref: z.string(),
  battery: z.string().optional(),
  action: z.enum(RECORDED_ACTIONS),
  hash: z.string().optional(),
  documentHash: z.string().optional(),
  previousDocumentHash: z.string().optional(),
  durationMs: z.int().optional(),
  message: z.string().optional(),
});
export const passDetail = passSummary.extend({ objects: z.array(passObject) });
export const passRequested = z.object({ requested: z.boolean() });

/** `GET /api/v1/session`: what the presented token may do. */
export const sessionResponse = z
  .object({
    name: z.string().meta({ description: 'api-token, viewer-token, or the Keycloak user name.' }),
    role: z
      .enum(['admin', 'viewer'])
      .describe('admin: everything; viewer: read and preview only (writes answer 403)'),
    via: z.enum(['token', 'oidc']).meta({ description: 'An API token, or a Keycloak session (sso).' }),
  })
  .meta({ description: 'The caller: name, role and how it signed in.' });

/** `POST /api/v1/events/tickets`: a single-use ticket for `GET /api/v1/events?ticket=`. */
export const streamTicket = z.object({
  ticket: z.string().describe('Single use; put it in the event stream URL instead of the token'),
  expiresAt: z.string().describe('When it stops being accepted (30 s after it was made)'),
});

export const managedObject = z.object({
  ref: z.string(),
  battery: z.string(),
  apiVersion: z.string(),
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  hash: z.string(),
  documentHash: z.string(),
  passId: z.int().optional(),
  isLive: z.boolean(),
  isReady: z.boolean(),
  reason: z.string().optional(),
});
export const objectsResponse = z.object({
  objects: z.array(managedObject),
  counts: z.object({ total: z.int(), ready: z.int(), notReady: z.int(), missing: z.int() }),
});
export const liveObject = z.object({
  ref: z.string(),
  object: z
    .record(z.string(), z.unknown())
    .meta({ description: 'The live object; Secret values are digests.' }),
  isReady: z.boolean(),
  reason: z.string().optional(),
});
export const objectHistory = z.object({
  ref: z.string(),
  versions: z.array(
    z.object({
      passId: z.int(),
      startedAt: time,
      action: z.string(),
      hash: z.string().optional(),
      documentHash: z.string().optional(),
    }),
  ),
});
export const storedDocument = z.object({
  hash: z.string(),
  kind: z.enum(['object', 'manifest', 'snapshot', 'spec']),
  body: json,
});
export const documentDiff = z.object({
  from: storedDocument,
  to: storedDocument,
  changes: z.array(fieldChange),
});

export const rollbackPreviewResponse = z.object({
  pass: z.object({ id: z.int(), startedAt: time, status: z.string(), trigger: z.string() }),
  batteries: z.array(
    z.object({
      type: z.string(),
      action: z.enum(['restore-spec', 'install', 'uninstall', 'unchanged']),
      fields: z.array(fieldChange),
      notes: z.array(z.string()),
    }),
  ),
  problems: z.array(z.object({ battery: z.string(), kind: z.string(), message: z.string() })),
  objects: z.object({
    basis: z.enum(['regenerated', 'recorded-manifest']),
    counts: planCounts,
    changes: z.array(planChange),
    problems: z.array(z.object({ battery: z.string(), message: z.string() })),
    differsFromRecorded: z.array(z.string()).optional(),
    warnings: z.array(z.string()),
  }),
  text: z.string(),
});
export const rollbackResult = z.object({
  passId: z.int(),
  isDryRun: z.boolean(),
  batteries: z.array(
    z.object({
      type: z.string(),
      action: z.string(),
      method: z.enum(['apply', 'replace', 'delete']).optional(),
      isWritten: z.boolean(),
      fields: z.array(fieldChange),
      notes: z.array(z.string()),
    }),
  ),
});

// --- the event stream (GET /events: `event:` is the type, `data:` the JSON) ------------------------------

export const operatorEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('pass-started'),
    triggers: z.array(z.string()).readonly().meta({ description: 'What asked for the pass.' }),
    at: time,
  }),
  z.object({
    type: z.literal('pass-finished'),
    passId: z.int().optional().meta({ description: 'Absent when the pass could not be recorded.' }),
    status: passSummary.shape.status,
    counts: passCounts.optional(),
    durationMs: z.number(),
    at: time,
  }),
  z.object({ type: z.literal('battery-status'), battery: typeName, status: batteryStatusSchema, at: time }),
]);

// --- instances, workloads, logs ---------------------------------------------------------------------------

const instanceSpec = z
  .record(z.string(), z.unknown())
  .meta({ description: "An instance's spec (a TraditionalService's containers, ports, env, …)." });

export const putInstanceBody = z
  .object({
    spec: instanceSpec,
    resourceVersion: z.string().optional().meta({
      description: 'The version read; the write is refused (409) when the object has changed since.',
    }),
    dryRun: z.boolean().default(false).meta({ description: 'Validate only (server-side dry-run).' }),
    confirmCapacity: z.boolean().default(false).meta({
      description:
        'Write even though the nodes cannot fit what the instance requests (otherwise 422 insufficient-capacity).',
    }),
  })
  .strict();

export const createInstanceBody = putInstanceBody
  .omit({ resourceVersion: true })
  .extend({
    name: z.string().max(63).meta({ description: 'The new instance’s name: a DNS label.' }),
  })
  .strict();

export const instanceKind = z.object({
  kind: z.string().meta({ description: 'e.g. TraditionalService.' }),
  plural: z.string().meta({ description: 'The path segment of its routes, e.g. traditionalservices.' }),
  shortNames: z.array(z.string()),
  battery: z.string().meta({ description: 'The battery that renders it.' }),
  description: z.string(),
  schema: specSchema,
  installed: z.boolean().meta({ description: 'Is its battery installed (else instances render nothing)?' }),
});
export const instanceKindsResponse = z.object({ kinds: z.array(instanceKind) });

export const instanceView = z.object({
  kind: z.string().meta({ description: 'The instance kind, e.g. PostgresCluster.' }),
  plural: z.string(),
  battery: z.string().meta({ description: 'The battery that renders it.' }),
  namespace: z.string(),
  name: z.string(),
  spec: instanceSpec,
  status: z.record(z.string(), z.unknown()).nullable().meta({ description: 'As the operator wrote it.' }),
  ready: z.enum(['True', 'False', 'Unknown']),
  message: z.string().optional(),
  url: z.string().optional().meta({ description: 'Where it is reached (services).' }),
  instances: z.object({ desired: z.int(), ready: z.int() }).optional(),
  resourceVersion: z.string(),
  generation: z.int().optional(),
  createdAt: time.optional(),
  isDeleting: z.boolean(),
});
export const instanceList = z.object({ instances: z.array(instanceView) });
export const instanceDetail = instanceView.extend({
  history: z
    .array(batteryHistoryEntry)
    .meta({ description: 'Spec changes, newest first, with the pass that saw each.' }),
});
export const capacityCheck = z.object({
  resource: z.enum(['cpu', 'memory']),
  requested: z.string().meta({ description: 'What the instance asks for, in total (a quantity).' }),
  available: z.string().meta({ description: 'Allocatable on the nodes minus what pods already request.' }),
});
export const putInstanceResponse = instanceView.extend({
  isDryRun: z.boolean(),
  capacity: z.array(capacityCheck).meta({
    description: 'Requests beyond what the nodes can still allocate (written only when confirmed).',
  }),
});
export const deleteInstanceResponse = z.object({
  deleted: z.string().meta({ description: 'Kind/namespace/name.' }),
  isDryRun: z.boolean(),
  kept: z.array(z.string()).meta({
    description:
      'Objects holding data that stay (orphaned, not deleted): volumes, CloudNativePG Clusters, backup stores.',
  }),
});
export const instanceCredentials = z.object({
  secrets: z.array(
    z.object({ namespace: z.string(), name: z.string(), data: z.record(z.string(), z.string()) }),
  ),
});

export const podView = z.object({
  namespace: z.string(),
  name: z.string(),
  phase: z.string().meta({ description: 'Pending, Running, Succeeded, Failed or Unknown.' }),
  ready: z.boolean(),
  restarts: z.int().meta({ description: 'Container restarts, summed.' }),
  node: z.string().optional(),
  containers: z.array(z.string()).meta({ description: 'Container names, init containers first.' }),
  createdAt: time.optional(),
});
export const podList = z.object({ pods: z.array(podView) });
export const eventView = z.object({
  type: z.string().meta({ description: 'Normal or Warning.' }),
  reason: z.string(),
  message: z.string(),
  object: z.string().meta({ description: 'The object it is about, e.g. Pod/web-5d8f7-abcde.' }),
  count: z.int(),
  lastSeen: time.optional(),
});
export const eventList = z.object({ events: z.array(eventView) });

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');
export const logsQuery = z
  .object({
    container: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { error: 'must be a container name' })
      .optional()
      .meta({ description: 'The container; default the only one (required when the pod has several).' }),
    tailLines: z
      .string()
      .regex(/^\d{1,5}$/, { error: 'expected a whole number, 0–10000' })
      .transform(Number)
      .refine((n) => n <= 10_000, { error: 'at most 10000' })
      .optional()
      .meta({ description: 'Only the last N lines, 0–10000. Default 500.' }),
    follow: booleanQuery.optional().meta({ description: 'Keep streaming new lines. Default false.' }),
    previous: booleanQuery
      .optional()
      .meta({ description: "The previous (crashed) container's logs. Default false." }),
  })
  .strict();

// --- metrics (named queries proxied to VictoriaMetrics) -----------------------------------------------------

const dnsLabel = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
    error: 'must be a DNS label: lower-case letters, digits and -',
  });
const dnsSubdomain = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
    error: 'must be a DNS subdomain: lower-case letters, digits, - and .',
  });
/** The ranges a chart may ask for; the step follows (about 120 points). */
export const METRIC_RANGES = ['15m', '1h', '6h', '24h', '7d'] as const;

export const metricQueryParams = z
  .object({
    battery: dnsLabel.optional().meta({ description: 'The pods of this battery type.' }),
    instance: z
      .string()
      .max(317)
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, {
        error: 'must be <namespace>/<name> (DNS names)',
      })
      .optional()
      .meta({ description: 'The pods of this instance, as <namespace>/<name>.' }),
    namespace: dnsLabel.optional().meta({ description: "The pod's namespace (with pod)." }),
    pod: dnsSubdomain.optional().meta({ description: 'One pod (with namespace).' }),
    range: z.enum(METRIC_RANGES).default('1h').meta({ description: 'How far back, ending now. Default 1h.' }),
  })
  .strict();

export const namedQueryView = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  unit: z.enum(['cores', 'bytes', 'count', 'ratio', 'per-second', 'seconds']),
  scope: z.enum(['workload', 'platform']).meta({
    description: 'workload: needs battery, instance or namespace+pod; platform: needs none.',
  }),
});
export const namedQueryList = z.object({
  queries: z.array(namedQueryView),
  keyQueries: z.record(z.string(), z.array(z.string())).meta({ description: "Each battery's key metrics." }),
  installed: z.boolean().meta({ description: 'Whether the victoria-metrics battery is installed.' }),
  available: z.boolean().meta({ description: 'Whether the operator knows where to reach VictoriaMetrics.' }),
});
export const metricSeries = z.object({
  labels: z.record(z.string(), z.string()),
  points: z
    .array(z.tuple([z.number(), z.number()]))
    .meta({ description: '[unix seconds, value] pairs, oldest first.' }),
});
export const metricQueryResult = namedQueryView.extend({
  range: z.enum(METRIC_RANGES),
  step: z.int().meta({ description: 'Seconds between points.' }),
  series: z.array(metricSeries),
});

const resourceAmounts = z.object({
  cpu: z.number().meta({ description: 'Cores.' }),
  memory: z.number().meta({ description: 'Bytes.' }),
});
export const nodeCapacity = z.object({
  name: z.string(),
  allocatable: resourceAmounts,
  requested: resourceAmounts,
  pods: z.int().meta({ description: 'Pods on the node that are not finished.' }),
});
export const capacityResponse = z.object({ nodes: z.array(nodeCapacity) });

/** A realm user as `GET /api/v1/users` lists it: no credentials, ever. */
export const ssoUser = z.object({
  username: z.string(),
  email: z.string().optional(),
  role: z.enum(['admin', 'viewer']).optional(),
  enabled: z.boolean(),
});
export const userList = z.object({ users: z.array(ssoUser) });
/** `POST /api/v1/users`: the role is checked by the route, so an unknown one is refused naming the field. */
export const addUserBody = z
  .object({
    username: z.string().meta({ description: 'Lower-case letters, digits and . _ @ -, 1 to 63 characters.' }),
    role: z.string().meta({ description: 'admin (edits) or viewer (reads).' }),
    email: z.string().email().optional(),
  })
  .strict();
/** The new user and its generated password: shown once, stored nowhere by the operator. */
export const addedUser = z.object({
  user: ssoUser,
  password: z.string(),
  /** Keycloak asks for a new password at first sign-in. */
  isTemporary: z.boolean(),
});
export const setRoleBody = z.object({ role: z.string() }).strict();
export const userResponse = z.object({ user: ssoUser });
