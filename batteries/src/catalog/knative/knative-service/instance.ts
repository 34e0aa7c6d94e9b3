import { resolveEnv } from '../../../kit/service/env-values.js';
import { decideSso } from '../../../kit/service/oauth2-proxy.js';
import { webappHostName } from '../../../kit/service/pod-template.js';
import { defineInstance } from '../../../model/instance.js';
import { formatRef } from '../../../model/kube-object.js';
import { knativeServiceUrl, renderKnativeService } from './render.js';
import { knativeServiceSchema, type KnativeServiceSpec } from './schema.js';

export const KNATIVE_SERVICE_KIND = 'KnativeService';

/**
 * `KnativeService` (short name `knsvc`; Knative's own Service keeps `ksvc`): a serverless HTTP service, rendered as a Knative
 * `Service` of the same name in the namespace it is created in, published at `<name>.<namespace>.<knative domain>`
 * (the original's `<name>.<namespace>.webapp.<address>.<baseDomain>` by default) unless kubeInternal.
 */
export const knativeService = defineInstance<typeof knativeServiceSchema, { domain?: string }>({
  kind: KNATIVE_SERVICE_KIND,
  plural: 'knativeservices',
  shortNames: ['knsvc'],
  battery: 'knative',
  description:
    'A serverless HTTP service run by Knative Serving: scales with traffic (to zero when idle), a new revision per change rolled out gradually, env values (literal, ConfigMap, Secret, or a data instance by name).',
  schema: knativeServiceSchema,
  printerColumns: [
    { name: 'Min', type: 'integer', jsonPath: '.spec.minScale', description: 'The fewest pods.' },
    { name: 'URL', type: 'string', jsonPath: '.status.connection.url', description: 'Where it is reached.' },
  ],
  hosts: (instance, { batterySpec }) => {
    const spec: KnativeServiceSpec = instance.spec;
    if (spec.kubeInternal) return [];
    const domain = batterySpec.domain;
    return [
      {
        name: webappHostName(instance),
        // Knative routes it itself; the host is declared so no other service takes its hostname.
        service: { namespace: instance.namespace, name: instance.name, port: 80 },
        ...(domain ? { hostname: `${instance.name}.${instance.namespace}.${domain}` } : {}),
      },
    ];
  },
  render: (scope, { instance, battery, instances, hosts }) => {
    const spec: KnativeServiceSpec = instance.spec;
    const env = resolveEnv(spec.env, { namespace: instance.namespace, instances });
    const sso = decideSso(spec.oauth2Proxy, battery.isInstalled);
    const [host] = hosts;
    const isExposed = !spec.kubeInternal && sso.isExposable && host !== undefined;
    renderKnativeService(scope, { instance, env: env.vars, isExposed });
    const key = formatRef({
      group: 'serving.knative.dev',
      version: 'v1',
      kind: 'Service',
      namespace: instance.namespace,
      name: instance.name,
    });
    const url = knativeServiceUrl(instance, battery.live(key), isExposed ? host : undefined, battery.ingress);
    return { connection: { url }, problems: [...env.problems, ...sso.problems] };
  },
});
