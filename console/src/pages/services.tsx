import { Link } from 'react-router';
import { useServices } from '../api/service-queries.js';
import { ReadyBadge } from '../components/badges.js';
import { ProblemAlert } from '../components/problem.js';
import { Skeleton } from '../components/skeleton.js';

/** Every traditional and Knative service: readiness, pods and where it is reached. */
export default function ServicesPage() {
  const services = useServices();
  return (
    <>
      <div className="page-title">
        <h1>Services</h1>
        <Link role="button" to="/services/new">
          New service
        </Link>
      </div>
      <ProblemAlert error={services.error} />
      {services.isPending ? (
        <Skeleton lines={6} label="Loading services" />
      ) : (services.data ?? []).length === 0 ? (
        <p>No services yet. Create one: a container image, a port, and the settings it needs.</p>
      ) : (
        <table aria-label="Services">
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Pods</th>
              <th scope="col">URL</th>
            </tr>
          </thead>
          <tbody>
            {services.data!.map((service) => (
              <tr key={`${service.plural}/${service.namespace}/${service.name}`}>
                <td>
                  <Link to={`/services/${service.plural}/${service.namespace}/${service.name}`}>
                    {service.namespace}/{service.name}
                  </Link>
                </td>
                <td>{service.kind === 'KnativeService' ? 'Knative' : 'Traditional'}</td>
                <td>
                  <ReadyBadge ready={service.ready} isDeleting={service.isDeleting} />
                  {service.ready !== 'True' && service.message && (
                    <small className="muted"> {service.message}</small>
                  )}
                </td>
                <td>{service.instances ? `${service.instances.ready}/${service.instances.desired}` : '—'}</td>
                <td>{service.url ? <a href={service.url}>{service.url}</a> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
