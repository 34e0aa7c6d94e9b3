import { useState } from 'react';
import { useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { Instance } from '@batteries-included/operator/api-types';
import { api } from '../api/client.js';
import {
  instancePath,
  useInstance,
  useInstanceEvents,
  useInstanceKinds,
  useInstancePods,
} from '../api/instance-queries.js';
import { READ_ONLY_NOTE, useCanWrite } from '../api/session.js';
import { ReadyBadge, Time } from '../components/badges.js';
import { ConnectionPanel } from '../components/connection-panel.js';
import { DeleteInstance } from '../components/delete-instance.js';
import { InstanceEditor } from '../components/instance-editor.js';
import { LogViewer } from '../components/log-viewer.js';
import { ProblemAlert } from '../components/problem.js';
import { Skeleton } from '../components/skeleton.js';
import { kindLabel, type InstanceSection } from '../lib/instance-sections.js';

/**
 * An instance (a service, a database): status and where it is reached, connection information with credentials
 * revealed on click, a scale control for traditional services, pods, live logs, events, the edit form with its
 * preview, and delete with a warning naming the data kept.
 */
export default function InstancePage({ section }: { section: InstanceSection }) {
  const { plural = '', namespace = '', name = '' } = useParams();
  const instance = useInstance(plural, namespace, name);
  const pods = useInstancePods(instance.data);
  const events = useInstanceEvents(instance.data);
  const kinds = useInstanceKinds();
  const [logPod, setLogPod] = useState<string>();
  const [isEditing, setIsEditing] = useState(false);
  const canWrite = useCanWrite();
  if (instance.isPending) return <Skeleton lines={8} label={`Loading the ${section.noun}`} />;
  if (!instance.data) return <ProblemAlert error={instance.error} />;
  const data = instance.data;
  const kind = kinds.data?.kinds.find((k) => k.plural === plural);
  const connection = (data.status?.connection ?? {}) as Record<string, string>;
  const shownPod = (pods.data?.pods ?? []).find((p) => p.name === logPod) ?? pods.data?.pods[0];
  return (
    <>
      <h1>
        {data.namespace}/{data.name} <ReadyBadge ready={data.ready} isDeleting={data.isDeleting} />
      </h1>
      <p>
        {kindLabel(section, data.plural)} {section.noun}
        {data.url && (
          <>
            {' '}
            at <a href={data.url}>{data.url}</a>
          </>
        )}
        {data.instances && ` · ${data.instances.ready} of ${data.instances.desired} pods ready`}
      </p>
      {data.ready !== 'True' && data.message && (
        <p className="alert alert-warn" role="status">
          {data.message}
        </p>
      )}
      {data.kind === 'TraditionalService' && <ScaleControl service={data} />}
      {Object.keys(connection).some((key) => key !== 'url') && (
        <ConnectionPanel instance={data} connection={connection} />
      )}

      <h2>Pods</h2>
      <ProblemAlert error={pods.error} />
      {(pods.data?.pods ?? []).length === 0 ? (
        <p className="muted">
          No pods{data.kind === 'KnativeService' ? ' (a Knative service scales to zero when idle)' : ''}.
        </p>
      ) : (
        <table aria-label="Pods">
          <thead>
            <tr>
              <th scope="col">Pod</th>
              <th scope="col">Phase</th>
              <th scope="col">Ready</th>
              <th scope="col">Restarts</th>
              <th scope="col">Node</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {pods.data!.pods.map((pod) => (
              <tr key={pod.name}>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => setLogPod(pod.name)}
                    aria-pressed={shownPod?.name === pod.name}
                  >
                    {pod.name}
                  </button>
                </td>
                <td>{pod.phase}</td>
                <td>{pod.ready ? 'yes' : 'no'}</td>
                <td>{pod.restarts}</td>
                <td>{pod.node ?? '—'}</td>
                <td>
                  <Time at={pod.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {shownPod && (
        <>
          <h2>Logs of {shownPod.name}</h2>
          <LogViewer
            key={shownPod.name}
            namespace={shownPod.namespace}
            pod={shownPod.name}
            containers={shownPod.containers}
          />
        </>
      )}

      <h2>Events</h2>
      {(events.data?.events ?? []).length === 0 ? (
        <p className="muted">No recent events.</p>
      ) : (
        <ul className="events" aria-label="Events">
          {events.data!.events.map((event, index) => (
            <li key={index} className={event.type === 'Warning' ? 'event-warning' : undefined}>
              <Time at={event.lastSeen} /> <strong>{event.reason}</strong> {event.object}: {event.message}
              {event.count > 1 && <span className="muted"> (×{event.count})</span>}
            </li>
          ))}
        </ul>
      )}

      <h2>Configuration</h2>
      {!isEditing ? (
        <>
          <button
            type="button"
            className="secondary"
            disabled={!canWrite}
            title={canWrite ? undefined : READ_ONLY_NOTE}
            onClick={() => setIsEditing(true)}
          >
            Edit
          </button>
          {!canWrite && <small className="muted"> {READ_ONLY_NOTE}</small>}
        </>
      ) : kind ? (
        <InstanceEditor
          kind={kind}
          namespace={data.namespace}
          name={data.name}
          existing={data}
          submitLabel="Save"
          onSaved={() => setIsEditing(false)}
        />
      ) : (
        <Skeleton lines={4} label="Loading the form" />
      )}

      <h2>Delete</h2>
      <DeleteInstance instance={data} section={section} />
    </>
  );
}

/** Sets spec.instances (validated and dry-run on the server, like any edit). */
function ScaleControl({ service }: { service: Instance }) {
  const client = useQueryClient();
  const current = Number(service.spec.instances ?? 1);
  const [count, setCount] = useState(current);
  const [error, setError] = useState<unknown>();
  const [isSaving, setIsSaving] = useState(false);
  const isAutoscaled = Boolean(service.spec.autoscaling);
  const canWrite = useCanWrite();
  const apply = async () => {
    setIsSaving(true);
    setError(undefined);
    try {
      await api(instancePath(service), {
        method: 'PUT',
        body: { spec: { ...service.spec, instances: count }, resourceVersion: service.resourceVersion },
      });
      await client.invalidateQueries({ queryKey: ['instances'] });
    } catch (caught) {
      setError(caught);
    } finally {
      setIsSaving(false);
    }
  };
  return (
    <form
      className="scale-control"
      aria-label="Scale"
      onSubmit={(e) => {
        e.preventDefault();
        void apply();
      }}
    >
      <label>
        Instances
        <input
          type="number"
          min={0}
          max={100}
          value={count}
          onChange={(e) => setCount(Number(e.target.value))}
        />
      </label>
      <button
        type="submit"
        aria-busy={isSaving}
        disabled={isSaving || count === current || !canWrite}
        title={canWrite ? undefined : READ_ONLY_NOTE}
      >
        Scale
      </button>
      {isAutoscaled && (
        <small className="muted"> Autoscaling is set: its autoscaler decides the count.</small>
      )}
      <ProblemAlert error={error} />
    </form>
  );
}
