// `@batteries-included/operator/api-types`: the HTTP API's request, response and event shapes for its clients (the
// console, the CLI), derived from the zod schemas the server parses and answers with (api/schemas.ts, which also
// feed /api/openapi.json). Types only: importing this module pulls no server code, and no zod, into a bundle.
// Every type is the wire shape, `z.input`: what the server builds and sends, or what a client may send.
import type { z } from 'zod';
import type * as api from './api/schemas.js';

export type { BatteryStatus, OpenApiSchema } from '@batteries-included/crds';

type Wire<S extends z.ZodType> = z.input<S>;

// --- errors ---
/** RFC 9457 problem details (application/problem+json). */
export type Problem = Wire<typeof api.problem>;
/** A field problem: the field as sent (`spec.storageSize`), what is wrong, the value. */
export type FieldError = Wire<typeof api.fieldError>;

// --- catalog and batteries ---
export type Catalog = Wire<typeof api.catalogResponse>;
export type CatalogBattery = Wire<typeof api.catalogBattery>;
/** How the platform is reached: battery UI URLs, TLS, the gateway's address and the platform CA. */
export type Access = Wire<typeof api.accessResponse>;
export type CaCertificate = Wire<typeof api.caCertificate>;
/** Each `resources` field's size presets, by the field's dot path in the spec. */
export type ResourcePresets = Wire<typeof api.resourcePresets>;
/** One installed battery, as listed. */
export type Battery = Wire<typeof api.batteryView>;
export type BatteryList = Wire<typeof api.batteryList>;
export type BatteryDetail = Wire<typeof api.batteryDetail>;
export type BatteryHistoryEntry = Wire<typeof api.batteryHistoryEntry>;
export type Condition = NonNullable<NonNullable<Battery['status']>['conditions']>[number];
export type ConditionStatus = Battery['ready'];
export type PutBatteryRequest = Wire<typeof api.putBatteryBody>;
export type PutBatteryResponse = Wire<typeof api.putBatteryResponse>;
export type DeleteBatteryResponse = Wire<typeof api.deleteBatteryResponse>;

// --- instances ---
/** One instance (PostgresCluster, RedisInstance, FerretService, ...), as listed. */
export type Instance = Wire<typeof api.instanceView>;
export type InstanceList = Wire<typeof api.instanceList>;
/** One instance with its spec history. */
export type InstanceDetail = Wire<typeof api.instanceDetail>;
export type PutInstanceRequest = Wire<typeof api.putInstanceBody>;
export type PutInstanceResponse = Wire<typeof api.putInstanceResponse>;
export type DeleteInstanceResponse = Wire<typeof api.deleteInstanceResponse>;
/** The reveal route's answer: the credential Secrets' values. */
export type InstanceCredentials = Wire<typeof api.instanceCredentials>;
export type CapacityCheck = Wire<typeof api.capacityCheck>;

// --- preview and plans ---
export type FieldChange = Wire<typeof api.fieldChange>;
export type PlannedChange = Wire<typeof api.planChange>;
export type PlanAction = PlannedChange['action'];
export type PlanView = Wire<typeof api.planView>;
/** One battery to change in a preview: a new spec, or a deletion. */
export type PreviewEntry = Wire<typeof api.previewEntry>;
export type PreviewRequest = Wire<typeof api.previewBody>;
export type Preview = Wire<typeof api.previewResponse>;

// --- passes ---
export type PassesQuery = Wire<typeof api.passesQuery>;
export type PassSummary = Wire<typeof api.passSummary>;
export type PassStatus = PassSummary['status'];
export type PassCounts = PassSummary['counts'];
export type PassPage = Wire<typeof api.passPage>;
export type PassObject = Wire<typeof api.passObject>;
export type PassObjectAction = PassObject['action'];
export type PassDetail = Wire<typeof api.passDetail>;
export type PassRequested = Wire<typeof api.passRequested>;
export type Session = Wire<typeof api.sessionResponse>;
export type ApiRole = Session['role'];
export type StreamTicket = Wire<typeof api.streamTicket>;

// --- objects and documents ---
export type ManagedObject = Wire<typeof api.managedObject>;
export type ObjectList = Wire<typeof api.objectsResponse>;
export type LiveObject = Wire<typeof api.liveObject>;
export type ObjectHistory = Wire<typeof api.objectHistory>;
export type StoredDocument = Wire<typeof api.storedDocument>;
export type DocumentDiff = Wire<typeof api.documentDiff>;

// --- rollback ---
export type RollbackPreview = Wire<typeof api.rollbackPreviewResponse>;
export type RollbackRequest = Wire<typeof api.rollbackBody>;
export type RollbackResult = Wire<typeof api.rollbackResult>;

// --- instances (services, databases) and their pods, events and logs ---
export type InstanceKinds = Wire<typeof api.instanceKindsResponse>;
export type InstanceKind = Wire<typeof api.instanceKind>;
export type CreateInstanceRequest = Wire<typeof api.createInstanceBody>;
export type Pod = Wire<typeof api.podView>;
export type PodList = Wire<typeof api.podList>;
export type KubeEvent = Wire<typeof api.eventView>;
export type EventList = Wire<typeof api.eventList>;
export type LogsQuery = Wire<typeof api.logsQuery>;

// --- the event stream ---
/** One message of `GET /events`: its SSE `event:` is `type`, its `data:` this JSON. */
export type OperatorEvent = Wire<typeof api.operatorEvent>;

// --- metrics ---
export type NamedQuery = Wire<typeof api.namedQueryView>;
export type NamedQueryList = Wire<typeof api.namedQueryList>;
export type MetricSeries = Wire<typeof api.metricSeries>;
export type MetricQueryResult = Wire<typeof api.metricQueryResult>;
export type MetricRange = Wire<typeof api.metricQueryParams>['range'];
export type NodeCapacity = Wire<typeof api.nodeCapacity>;
export type Capacity = Wire<typeof api.capacityResponse>;

// --- sign-in and users (sso) ---
export type SsoUser = Wire<typeof api.ssoUser>;
export type UserList = Wire<typeof api.userList>;
export type AddUserRequest = Wire<typeof api.addUserBody>;
export type AddedUser = Wire<typeof api.addedUser>;
export type UserResponse = Wire<typeof api.userResponse>;
