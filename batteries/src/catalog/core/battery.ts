import { defineBattery } from '../../model/battery.js';
import { CoreChart } from './chart.js';
import { controlHost } from './control-server.js';
import { credentialGrant } from './credential-grant.js';
import { coreSchema } from './schema.js';
import { coreSecrets } from './secrets.js';

export const core = defineBattery({
  type: 'core',
  group: 'magic',
  name: 'Battery Core',
  description:
    'The platform itself: its namespaces and settings (cluster type, usage, default size, namespace names).',
  dependencies: [],
  integrations: ['istio', 'istio-gateway', 'keycloak'],
  uninstallable: false,
  shortName: 'corebat',
  schema: coreSchema,
  immutableFields: ['clusterType', 'usage', 'namespaces'],
  secrets: (_spec, namespaces) => coreSecrets(namespaces),
  hosts: () => [controlHost()],
  chart: (scope, props) => new CoreChart(scope, props),
  instances: [credentialGrant],
});
