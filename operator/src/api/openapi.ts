import { z } from 'zod';
import { VIEWER_POSTS } from './auth.js';
import * as schemas from './schemas.js';

type Json = Record<string, unknown>;

/** Named components: every request and response shape, converted once from the zod schemas in schemas.ts. */
const COMPONENTS = {
  Problem: schemas.problem,
  Catalog: schemas.catalogResponse,
  Access: schemas.accessResponse,
  BatteryList: schemas.batteryList,
  BatteryDetail: schemas.batteryDetail,
  PutBatteryRequest: schemas.putBatteryBody,
  PutBatteryResponse: schemas.putBatteryResponse,
  DeleteBatteryResponse: schemas.deleteBatteryResponse,
  PreviewRequest: schemas.previewBody,
  PreviewResponse: schemas.previewResponse,
  PassPage: schemas.passPage,
  PassDetail: schemas.passDetail,
  PassRequested: schemas.passRequested,
  Objects: schemas.objectsResponse,
  ObjectHistory: schemas.objectHistory,
  LiveObject: schemas.liveObject,
  Document: schemas.storedDocument,
  DocumentDiff: schemas.documentDiff,
  RollbackPreview: schemas.rollbackPreviewResponse,
  RollbackRequest: schemas.rollbackBody,
  RollbackResult: schemas.rollbackResult,
  OperatorEvent: schemas.operatorEvent,
  Session: schemas.sessionResponse,
  StreamTicket: schemas.streamTicket,
  InstanceKinds: schemas.instanceKindsResponse,
  InstanceList: schemas.instanceList,
  Instance: schemas.instanceView,
  InstanceDetail: schemas.instanceDetail,
  InstanceCredentials: schemas.instanceCredentials,
  CreateInstanceRequest: schemas.createInstanceBody,
  PutInstanceRequest: schemas.putInstanceBody,
  PutInstanceResponse: schemas.putInstanceResponse,
  DeleteInstanceResponse: schemas.deleteInstanceResponse,
  PodList: schemas.podList,
  EventList: schemas.eventList,
  NamedQueryList: schemas.namedQueryList,
  MetricQueryResult: schemas.metricQueryResult,
  Capacity: schemas.capacityResponse,
  UserList: schemas.userList,
  AddUserRequest: schemas.addUserBody,
  AddedUser: schemas.addedUser,
  SetRoleRequest: schemas.setRoleBody,
  UserResponse: schemas.userResponse,
} satisfies Record<string, z.ZodType>;
type ComponentName = keyof typeof COMPONENTS;

const REQUESTS = new Set<ComponentName>([
  'PutBatteryRequest',
  'PreviewRequest',
  'RollbackRequest',
  'CreateInstanceRequest',
  'PutInstanceRequest',
  'AddUserRequest',
  'SetRoleRequest',
]);
const userParam = {
  name: 'username',
  in: 'path',
  description: 'A realm user name.',
  required: true,
} as const;

interface Operation {
  summary: string;
  params?: Array<{ name: string; in: 'path' | 'query'; description: string; required?: boolean }>;
  body?: ComponentName;
  ok: ComponentName | 'text/event-stream' | 'text/plain';
  okStatus?: number;
  errors?: number[];
}

const typeParam = {
  name: 'type',
  in: 'path',
  description: 'A battery type, e.g. redis.',
  required: true,
} as const;
const passParam = { name: 'passId', in: 'path', description: 'A pass id.', required: true } as const;
const pluralParam = {
  name: 'plural',
  in: 'path',
  description: 'An instance kind by its plural, e.g. traditionalservices, knativeservices.',
  required: true,
} as const;
const namespaceParam = {
  name: 'namespace',
  in: 'path',
  description: 'A namespace.',
  required: true,
} as const;
const nameParam = { name: 'name', in: 'path', description: 'An object name.', required: true } as const;
const workloadParams = [
  namespaceParam,
  { name: 'kind', in: 'path', description: 'deployments, statefulsets or daemonsets.', required: true },
  nameParam,
] as const;

const OPERATIONS: Record<string, Record<string, Operation>> = {
  '/api/v1/catalog': {
    get: { summary: 'Every battery type: metadata, dependencies, spec schema, defaults.', ok: 'Catalog' },
  },
  '/api/v1/access': {
    get: {
      summary:
        "How the platform is reached: each battery UI's URL, TLS, the gateway's address and the platform CA.",
      ok: 'Access',
    },
  },
  '/api/v1/batteries': { get: { summary: 'The installed batteries with their status.', ok: 'BatteryList' } },
  '/api/v1/batteries/{type}': {
    get: {
      summary: 'One installed battery with dependents and spec history.',
      params: [typeParam],
      ok: 'BatteryDetail',
      errors: [404],
    },
    put: {
      summary: 'Install or update a battery (validated, dry-run on the server, then server-side applied).',
      params: [typeParam],
      body: 'PutBatteryRequest',
      ok: 'PutBatteryResponse',
      errors: [400, 404, 409, 422],
    },
    delete: {
      summary: 'Uninstall a battery; refused while dependents are installed unless cascade=true.',
      params: [
        typeParam,
        { name: 'cascade', in: 'query', description: 'Also uninstall the batteries that depend on it.' },
        { name: 'dryRun', in: 'query', description: 'Validate only.' },
      ],
      ok: 'DeleteBatteryResponse',
      errors: [404, 409],
    },
  },
  '/api/v1/preview': {
    post: {
      summary: 'The plan a proposed change would produce (dry run).',
      body: 'PreviewRequest',
      ok: 'PreviewResponse',
      errors: [400, 404, 422],
    },
  },
  '/api/v1/passes': {
    get: {
      summary: 'Passes, newest first, keyset-paged.',
      params: [
        { name: 'limit', in: 'query', description: 'Page size, 1–500 (default 50).' },
        { name: 'before', in: 'query', description: "The previous page's nextBefore." },
        { name: 'status', in: 'query', description: 'succeeded, failed, partial or superseded.' },
      ],
      ok: 'PassPage',
      errors: [400],
    },
    post: { summary: 'Ask for a pass now.', ok: 'PassRequested', okStatus: 202 },
  },
  '/api/v1/passes/{id}': {
    get: {
      summary: 'One pass with its changed and failed objects.',
      params: [{ name: 'id', in: 'path', description: 'A pass id.', required: true }],
      ok: 'PassDetail',
      errors: [400, 404],
    },
  },
  '/api/v1/objects': {
    get: {
      summary: 'Managed objects with live readiness.',
      params: [{ name: 'battery', in: 'query', description: 'Only this battery’s objects.' }],
      ok: 'Objects',
    },
  },
  '/api/v1/objects/live': {
    get: {
      summary: 'One live object from the operator cache, Secret values redacted.',
      params: [{ name: 'ref', in: 'query', description: 'The canonical object ref.', required: true }],
      ok: 'LiveObject',
      errors: [400, 404],
    },
  },
  '/api/v1/objects/history': {
    get: {
      summary: "One object's recorded versions, newest first.",
      params: [{ name: 'ref', in: 'query', description: 'The canonical object ref.', required: true }],
      ok: 'ObjectHistory',
      errors: [400],
    },
  },
  '/api/v1/documents/{hash}': {
    get: {
      summary: 'A stored (redacted) document.',
      params: [{ name: 'hash', in: 'path', description: 'Document hash.', required: true }],
      ok: 'Document',
      errors: [404],
    },
  },
  '/api/v1/documents/diff': {
    get: {
      summary: 'A field-level diff between two stored documents.',
      params: [
        { name: 'from', in: 'query', description: 'Document hash.', required: true },
        { name: 'to', in: 'query', description: 'Document hash.', required: true },
      ],
      ok: 'DocumentDiff',
      errors: [400, 404],
    },
  },
  '/api/v1/rollback/{passId}/preview': {
    get: {
      summary: 'What restoring the Battery specs of a pass would do.',
      params: [
        passParam,
        { name: 'batteries', in: 'query', description: 'Comma-separated types; default all.' },
        { name: 'cascade', in: 'query', description: 'Uninstall dependents instead of refusing.' },
      ],
      ok: 'RollbackPreview',
      errors: [400, 404],
    },
  },
  '/api/v1/rollback/{passId}': {
    post: {
      summary: 'Restore the Battery specs of a pass.',
      params: [passParam],
      body: 'RollbackRequest',
      ok: 'RollbackResult',
      errors: [400, 404, 409, 422, 500],
    },
  },
  '/api/v1/session': {
    get: {
      summary: 'Who is calling: name, role (admin or viewer) and how (an API token or a Keycloak session).',
      ok: 'Session',
    },
  },
  '/api/v1/events/tickets': {
    post: {
      summary: 'A single-use ticket (30 s) for the event stream, so the token never goes into a URL.',
      ok: 'StreamTicket',
      okStatus: 201,
      errors: [429],
    },
  },
  '/api/v1/instances': {
    get: { summary: 'The instance kinds, each with its spec schema.', ok: 'InstanceKinds' },
  },
  '/api/v1/instances/{plural}': {
    get: {
      summary: 'The instances of a kind, from the operator cache.',
      params: [pluralParam, { name: 'namespace', in: 'query', description: 'Only this namespace.' }],
      ok: 'InstanceList',
      errors: [404],
    },
  },
  '/api/v1/instances/{plural}/{namespace}': {
    post: {
      summary:
        'Create an instance: validated (422 naming the field), checked against free capacity (422 insufficient-capacity unless confirmCapacity), dry-run on the server, then applied; 409 when the name is taken.',
      params: [pluralParam, namespaceParam],
      body: 'CreateInstanceRequest',
      ok: 'PutInstanceResponse',
      okStatus: 201,
      errors: [400, 404, 409, 422],
    },
  },
  '/api/v1/instances/{plural}/{namespace}/{name}': {
    get: {
      summary: 'One instance, fresh from the API server, with its spec history.',
      params: [pluralParam, namespaceParam, nameParam],
      ok: 'InstanceDetail',
      errors: [404],
    },
    put: {
      summary: "Replace an instance's spec (validated, dry-run on the server, then written).",
      params: [pluralParam, namespaceParam, nameParam],
      body: 'PutInstanceRequest',
      ok: 'PutInstanceResponse',
      errors: [400, 404, 409, 422],
    },
    delete: {
      summary:
        'Delete an instance (dry-run on the server first): its objects are pruned, its volumes and backup stores kept (listed in kept).',
      params: [
        pluralParam,
        namespaceParam,
        nameParam,
        { name: 'dryRun', in: 'query', description: 'Validate only.' },
      ],
      ok: 'DeleteInstanceResponse',
      errors: [404],
    },
  },
  '/api/v1/instances/{plural}/{namespace}/{name}/credentials': {
    get: {
      summary:
        'Reveal the credential Secrets of an instance (the only route that returns secret values; no-store).',
      params: [pluralParam, namespaceParam, nameParam],
      ok: 'InstanceCredentials',
      errors: [400, 404, 409],
    },
  },
  '/api/v1/instances/{plural}/{namespace}/{name}/pods': {
    get: {
      summary: "An instance's pods.",
      params: [pluralParam, namespaceParam, nameParam],
      ok: 'PodList',
      errors: [404],
    },
  },
  '/api/v1/instances/{plural}/{namespace}/{name}/events': {
    get: {
      summary: 'Events of an instance, its workload and its pods, newest first.',
      params: [pluralParam, namespaceParam, nameParam],
      ok: 'EventList',
      errors: [404],
    },
  },
  '/api/v1/workloads/{namespace}/{kind}/{name}/pods': {
    get: { summary: "A managed workload's pods.", params: [...workloadParams], ok: 'PodList', errors: [404] },
  },
  '/api/v1/workloads/{namespace}/{kind}/{name}/events': {
    get: {
      summary: 'Events of a managed workload and its pods, newest first.',
      params: [...workloadParams],
      ok: 'EventList',
      errors: [404],
    },
  },
  '/api/v1/pods/{namespace}/{name}/logs': {
    get: {
      summary: 'A managed pod’s log, streamed as text/plain (at most 4 streams per client; 429 beyond).',
      params: [
        namespaceParam,
        nameParam,
        { name: 'container', in: 'query', description: 'The container (required when the pod has several).' },
        { name: 'tailLines', in: 'query', description: 'The last N lines, 0–10000 (default 500).' },
        { name: 'follow', in: 'query', description: 'true: keep streaming new lines.' },
        { name: 'previous', in: 'query', description: "true: the previous (crashed) container's log." },
      ],
      ok: 'text/plain',
      errors: [400, 404, 429],
    },
  },
  '/api/v1/users': {
    get: { summary: 'The users of the sso realm and their roles.', ok: 'UserList', errors: [404, 503] },
    post: {
      summary: 'Add a user with a role; the generated password is in the answer, once.',
      body: 'AddUserRequest',
      ok: 'AddedUser',
      okStatus: 201,
      errors: [400, 404, 409, 503],
    },
  },
  '/api/v1/users/{username}': {
    put: {
      summary: "Change a user's role.",
      params: [userParam],
      body: 'SetRoleRequest',
      ok: 'UserResponse',
      errors: [400, 404, 503],
    },
    delete: {
      summary: 'Remove a user.',
      params: [userParam],
      ok: 'UserResponse',
      okStatus: 204,
      errors: [404, 503],
    },
  },
  '/api/v1/events': {
    get: {
      summary:
        'Server-sent events: pass-started, pass-finished, battery-status. Takes the bearer token or ?ticket= ' +
        '(EventSource cannot send headers); ?access_token= is refused. At most 8 open streams per token (429).',
      params: [{ name: 'ticket', in: 'query', description: 'A ticket from POST /api/v1/events/tickets.' }],
      ok: 'text/event-stream',
      errors: [429],
    },
  },
  '/api/v1/capacity': {
    get: {
      summary: "Each node's allocatable CPU and memory against its running pods' requests.",
      ok: 'Capacity',
      errors: [502],
    },
  },
  '/api/v1/metrics/queries': {
    get: {
      summary:
        "The named metric queries, each battery's key metrics, and whether VictoriaMetrics is installed.",
      ok: 'NamedQueryList',
    },
  },
  '/api/v1/metrics/queries/{name}': {
    get: {
      summary:
        'Runs one named query against VictoriaMetrics over a range ending now (never PromQL from the caller). Workload queries take exactly one scope: battery, instance, or namespace with pod.',
      params: [
        { name: 'name', in: 'path', description: 'A named query, e.g. cpu.', required: true },
        { name: 'battery', in: 'query', description: 'The pods of this battery type.' },
        { name: 'instance', in: 'query', description: 'The pods of this instance, <namespace>/<name>.' },
        { name: 'namespace', in: 'query', description: "The pod's namespace (with pod)." },
        { name: 'pod', in: 'query', description: 'One pod (with namespace).' },
        { name: 'range', in: 'query', description: '15m, 1h (default), 6h, 24h or 7d.' },
      ],
      ok: 'MetricQueryResult',
      errors: [400, 404, 502, 503],
    },
  },
};

let cached: Json | undefined;

/**
 * The OpenAPI 3.0 description of the API, generated from the zod schemas the routes parse and answer with.
 * Built once. Every `/api/v1` operation requires the bearer token and may answer 401.
 */
export function openApiDocument(): Json {
  cached ??= {
    openapi: '3.0.3',
    info: {
      title: 'Batteries Included operator API',
      version: 'v1',
      description: 'See docs/api.md. Errors are application/problem+json.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: Object.fromEntries(
        Object.entries(COMPONENTS).map(([name, schema]) => [
          name,
          z.toJSONSchema(schema, {
            target: 'openapi-3.0',
            io: REQUESTS.has(name as ComponentName) ? 'input' : 'output',
            unrepresentable: 'any',
          }),
        ]),
      ),
    },
    security: [{ bearer: [] }],
    paths: Object.fromEntries(
      Object.entries(OPERATIONS).map(([path, operations]) => [
        path,
        Object.fromEntries(
          Object.entries(operations).map(([method, op]) => [
            method,
            operationOf(op, method === 'get' || VIEWER_POSTS.includes(path)),
          ]),
        ),
      ]),
    ),
  };
  return cached;
}

/** `isViewerAllowed`: the read-only viewer token may call it; otherwise it answers that token 403. */
function operationOf(op: Operation, isViewerAllowed: boolean): Json {
  const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });
  const problem = { 'application/problem+json': { schema: ref('Problem') } };
  const ok =
    op.ok === 'text/event-stream'
      ? {
          description:
            'An event stream: each `data:` is an OperatorEvent (components.schemas.OperatorEvent).',
          content: { 'text/event-stream': { schema: { type: 'string' } } },
        }
      : op.ok === 'text/plain'
        ? { description: 'Text, streamed.', content: { 'text/plain': { schema: { type: 'string' } } } }
        : { description: 'OK', content: { 'application/json': { schema: ref(op.ok) } } };
  return {
    summary: op.summary,
    ...(op.params
      ? {
          parameters: op.params.map((p) => ({
            name: p.name,
            in: p.in,
            description: p.description,
            required: p.required ?? false,
            schema: { type: 'string' },
          })),
        }
      : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: ref(op.body) } } } }
      : {}),
    responses: {
      [String(op.okStatus ?? 200)]: ok,
      '401': { description: 'Missing or wrong bearer token.', content: problem },
      ...(isViewerAllowed
        ? {}
        : {
            '403': {
              description:
                'The role does not allow it: a viewer (the viewer token, or a Keycloak user in the viewer group) only reads.',
              content: problem,
            },
          }),
      ...Object.fromEntries(
        (op.errors ?? []).map((status) => [String(status), { description: 'A problem.', content: problem }]),
      ),
    },
  };
}
