import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { PatchStrategy, setHeaderOptions, type CoreV1Api, type CoreV1Event } from '@kubernetes/client-node';
import { objectKey, type KubeObject } from '@batteries-included/batteries';
import { toKubeApiError } from './errors.js';

export type EventType = 'Normal' | 'Warning';

/** What happened to an object, as `kubectl describe` shows it. */
export interface EventInput {
  readonly type: EventType;
  /** UpperCamelCase, machine-readable, e.g. `Applied`, `DependencyMissing`. */
  readonly reason: string;
  /** For humans; cut at 1024 characters. */
  readonly message: string;
}

export interface EventRecorderOptions {
  /** `source.component` and `reportingComponent`. @default 'batteries-included' */
  readonly component?: string;
  /** `reportingInstance`. @default the host name */
  readonly instance?: string;
  /** Where events about cluster-scoped objects (Battery objects, Namespaces) go, as client-go does. @default 'default' */
  readonly clusterScopedNamespace?: string;
  /** How many (event → count) pairs are remembered to bump counts without a read. @default 4096 */
  readonly remembered?: number;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** Records core/v1 Events about objects, folding repeats into one Event whose `count` goes up. */
export interface EventRecorder {
  record(involved: KubeObject, event: EventInput): Promise<void>;
}

/**
 * The Event's name: the involved object's name, a dot, and 16 hex digits of a digest over the involved
 * object (uid included) and the type, reason and message. The same event about the same object always has
 * the same name, even across restarts, so repeats land on one Event (count + 1) instead of piling up.
 */
export function eventName(involved: KubeObject, event: EventInput): string {
  const uid = involved.metadata.uid ?? '';
  const digest = createHash('sha256')
    .update([objectKey(involved), uid, event.type, event.reason, event.message].join('\u0000'))
    .digest('hex')
    .slice(0, 16);
  // Event names are DNS subdomains (≤ 253); object names can be that long themselves.
  return `${involved.metadata.name.slice(0, 200).replace(/[.-]+$/, '')}.${digest}`;
}

/**
 * An EventRecorder over client-node's CoreV1Api. A repeat bumps `count` and `lastTimestamp` with a merge
 * patch; a first occurrence creates the Event, and if it already exists (another process, or before a
 * restart) reads its count and bumps it. Events the server has expired are created afresh.
 * Failures are KubeApiErrors naming the involved object.
 */
export function createEventRecorder(api: CoreV1Api, options: EventRecorderOptions = {}): EventRecorder {
  const component = options.component ?? 'batteries-included';
  const instance = options.instance ?? hostname();
  const remembered = options.remembered ?? 4096;
  const now = options.now ?? (() => new Date());
  const counts = new Map<string, number>();

  function remember(key: string, count: number): void {
    counts.delete(key);
    counts.set(key, count);
    if (counts.size > remembered) counts.delete(counts.keys().next().value!);
  }

  async function bump(namespace: string, name: string, count: number, at: Date): Promise<void> {
    await api.patchNamespacedEvent(
      { namespace, name, body: { count, lastTimestamp: seconds(at) } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }

  return {
    async record(involved, event) {
      const namespace = involved.metadata.namespace || (options.clusterScopedNamespace ?? 'default');
      const name = eventName(involved, event);
      const key = `${namespace}/${name}`;
      const at = now();
      try {
        const known = counts.get(key);
        if (known !== undefined) {
          try {
            await bump(namespace, name, known + 1, at);
            return remember(key, known + 1);
          } catch (error) {
            // Expired by the server (events live an hour): start again at one.
            if (toKubeApiError(key, error).status !== 404) throw error;
          }
        }
        try {
          await api.createNamespacedEvent({
            namespace,
            body: newEvent(involved, event, { namespace, name, component, instance, at }),
          });
          return remember(key, 1);
        } catch (error) {
          if (toKubeApiError(key, error).status !== 409) throw error;
        }
        const live = await api.readNamespacedEvent({ namespace, name });
        const count = (live.count ?? 1) + 1;
        await bump(namespace, name, count, at);
        remember(key, count);
      } catch (error) {
        throw toKubeApiError(objectKey(involved), error);
      }
    },
  };
}

function newEvent(
  involved: KubeObject,
  event: EventInput,
  meta: { namespace: string; name: string; component: string; instance: string; at: Date },
): CoreV1Event {
  const { uid, resourceVersion } = involved.metadata;
  const at = new Date(seconds(meta.at));
  return {
    metadata: { name: meta.name, namespace: meta.namespace },
    involvedObject: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      name: involved.metadata.name,
      ...(involved.metadata.namespace ? { namespace: involved.metadata.namespace } : {}),
      ...(uid ? { uid } : {}),
      ...(resourceVersion ? { resourceVersion } : {}),
    },
    type: event.type,
    reason: event.reason,
    message: event.message.slice(0, 1024),
    count: 1,
    firstTimestamp: at,
    lastTimestamp: at,
    source: { component: meta.component },
    reportingComponent: meta.component,
    reportingInstance: meta.instance,
  };
}

/** RFC 3339 to the second, the resolution of an Event's timestamps. */
function seconds(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
