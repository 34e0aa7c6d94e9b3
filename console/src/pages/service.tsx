import { useState } from 'react';
import { useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { Instance } from '@batteries-included/operator/api-types';
import { api } from '../api/client.js';
import {
  servicePath,
  useInstanceKinds,
  useService,
  useServiceEvents,
  useServicePods,
} from '../api/service-queries.js';
import { ReadyBadge, Time } from '../components/badges.js';
import { InstanceEditor } from '../components/instance-editor.js';
import { LogViewer } from '../components/log-viewer.js';
import { ProblemAlert } from '../components/problem.js';
import { Skeleton } from '../components/skeleton.js';

/** A service: status and URL, pods, live logs, events, a scale control, and the edit form with its preview. */
export default function ServicePage() {
  const { plural = '', namespace = '', name = '' } = useParams();
  const service = useService(plural, namespace, name);
  const pods = useServicePods(service.data);
  const events = useServiceEvents(service.data);
  const kinds = useInstanceKinds();
  const [logPod, setLogPod] = useState<string>();
  const [isEditing, setIsEditing] = useState(false);
  if (service.isPending) return <Skeleton lines={8} label="Loading the service" />;
  if (!service.data) return <ProblemAlert error={service.error} />;
  const data = service.data;
  const kind = kinds.data?.kinds.find((k) => k.plural === plural);
  const shownPod = (pods.data?.pods ?? []).find((p) => p.name === logPod) ?? pods.data?.pods[0];
  return (
    <>
      <h1>
        {data.namespace}/{data.name} <ReadyBadge ready={data.ready} isDeleting={data.isDeleting} />
      </h1>
      <p>
        {data.kind === 'KnativeService' ? 'Knative service' : 'Traditional service'}
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
        <button type="button" className="secondary" onClick={() => setIsEditing(true)}>
          Edit
        </button>
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
  const apply = async () => {
    setIsSaving(true);
    setError(undefined);
    try {
      await api(servicePath(service), {
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
      <button type="submit" aria-busy={isSaving} disabled={isSaving || count === current}>
        Scale
      </button>
      {isAutoscaled && (
        <small className="muted"> Autoscaling is set: its autoscaler decides the count.</small>
      )}
      <ProblemAlert error={error} />
    </form>
  );
}
