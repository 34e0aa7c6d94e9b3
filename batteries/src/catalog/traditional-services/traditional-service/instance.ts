import { resolveEnv } from '../../../kit/service/env-values.js';
import { decideSso } from '../../../kit/service/oauth2-proxy.js';
import { webappHostName } from '../../../kit/service/pod-template.js';
import type { HostRequest } from '../../../model/host.js';
import { defineInstance } from '../../../model/instance.js';
import { renderTraditionalService, serviceUrl } from './render.js';
import { traditionalServiceSchema, type TraditionalServiceSpec } from './schema.js';

export const TRADITIONAL_SERVICE_KIND = 'TraditionalService';

/**
 * `TraditionalService` (short names `tsvc`, `tradsvc`): long-running containers as a Deployment or StatefulSet in
 * the namespace it is created in, with a Service, a ServiceAccount and, unless kubeInternal, a route from outside
 * at `<name>.<namespace>.webapp.<address>.<baseDomain>` and its additional hosts. Env values may name data
 * instances (`fromPostgres`), resolved to their credential Secrets.
 */
export const traditionalService = defineInstance({
  kind: TRADITIONAL_SERVICE_KIND,
  plural: 'traditionalservices',
  shortNames: ['tsvc', 'tradsvc'],
  battery: 'traditional-services',
  description:
    'A long-running service: containers as a Deployment or StatefulSet, scaled by instances or a HorizontalPodAutoscaler, with env values (literal, ConfigMap, Secret, or a data instance by name), volumes, a Service and a route from outside.',
  schema: traditionalServiceSchema,
  printerColumns: [
    {
      name: 'Type',
      type: 'string',
      jsonPath: '.spec.deploymentType',
      description: 'Deployment or StatefulSet.',
    },
    { name: 'Pods', type: 'integer', jsonPath: '.status.instances.ready', description: 'Ready pods.' },
    { name: 'URL', type: 'string', jsonPath: '.status.connection.url', description: 'Where it is reached.' },
  ],
  hosts: (instance) => serviceHosts(instance.name, instance.namespace, instance.spec),
  render: (scope, { instance, battery, instances, hosts }) => {
    const spec: TraditionalServiceSpec = instance.spec;
    const env = resolveEnv(spec.env, { namespace: instance.namespace, instances });
    const sso = decideSso(spec.oauth2Proxy, battery.isInstalled);
    const isExposed = !spec.kubeInternal && sso.isExposable && battery.ingress.hasGateway;
    const props = { instance, env: env.vars, hosts, ingress: battery.ingress, isExposed };
    renderTraditionalService(scope, props);
    return {
      connection: {
        url: serviceUrl(props),
        ...(spec.ports.length > 0 ? { service: `${instance.name}.${instance.namespace}.svc` } : {}),
      },
      problems: [...env.problems, ...sso.problems],
    };
  },
});

/** Its default host and each additional one, to its first port; none without ports or when kubeInternal. */
function serviceHosts(name: string, namespace: string, spec: TraditionalServiceSpec): HostRequest[] {
  const port = spec.ports[0];
  if (spec.kubeInternal || !port) return [];
  const service = { namespace, name, port: port.number };
  const base = webappHostName({ name, namespace });
  return [
    { name: base, service },
    ...spec.additionalHosts.map((hostname, index) => ({
      name: `${base}-${index + 1}`,
      service,
      hostname,
      field: `spec.additionalHosts[${index}]`,
    })),
  ];
}
