import { Link } from 'react-router';
import { useInstancesOf } from '../api/instance-queries.js';
import { READ_ONLY_NOTE, useCanWrite } from '../api/session.js';
import { ReadyBadge } from '../components/badges.js';
import { ProblemAlert } from '../components/problem.js';
import { Skeleton } from '../components/skeleton.js';
import {
  addressOf,
  instanceHref,
  kindLabel,
  pluralsOf,
  type InstanceSection,
} from '../lib/instance-sections.js';

/** A section's instances (services, databases): readiness, pods and where each is reached. */
export default function InstancesPage({ section }: { section: InstanceSection }) {
  const instances = useInstancesOf(pluralsOf(section));
  const canWrite = useCanWrite();
  return (
    <>
      <div className="page-title">
        <h1>{section.title}</h1>
        {canWrite ? (
          <Link role="button" to={`${section.path}/new`}>
            New {section.noun}
          </Link>
        ) : (
          <button type="button" disabled title={READ_ONLY_NOTE}>
            New {section.noun}
          </button>
        )}
      </div>
      <ProblemAlert error={instances.error} />
      {instances.isPending ? (
        <Skeleton lines={6} label={`Loading ${section.title.toLowerCase()}`} />
      ) : (instances.data ?? []).length === 0 ? (
        <p>{section.empty}</p>
      ) : (
        <table aria-label={section.title}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Pods</th>
              <th scope="col">Reached at</th>
            </tr>
          </thead>
          <tbody>
            {instances.data!.map((instance) => {
              const address = addressOf(instance);
              return (
                <tr key={`${instance.plural}/${instance.namespace}/${instance.name}`}>
                  <td>
                    <Link to={instanceHref(section, instance)}>
                      {instance.namespace}/{instance.name}
                    </Link>
                  </td>
                  <td>{kindLabel(section, instance.plural)}</td>
                  <td>
                    <ReadyBadge ready={instance.ready} isDeleting={instance.isDeleting} />
                    {instance.ready !== 'True' && instance.message && (
                      <small className="muted"> {instance.message}</small>
                    )}
                  </td>
                  <td>
                    {instance.instances ? `${instance.instances.ready}/${instance.instances.desired}` : '—'}
                  </td>
                  <td>
                    {!address ? '—' : instance.url ? <a href={address}>{address}</a> : <code>{address}</code>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
