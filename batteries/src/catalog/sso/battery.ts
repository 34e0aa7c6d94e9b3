import { defineBattery } from '../../model/battery.js';
import { SsoChart } from './chart.js';
import { ssoSchema } from './schema.js';
import { ssoSecrets } from './secrets.js';

/** Single sign-on for the console and every battery UI, through Keycloak's realm `batterycore`. */
export const sso = defineBattery({
  type: 'sso',
  group: 'net_sec',
  name: 'Single sign-on',
  description:
    'Sign-in through Keycloak for the console and battery UIs: the realm batterycore with admin and viewer groups, a client per protected UI, oauth2-proxy in front of UIs without their own sign-in.',
  dependencies: ['core', 'keycloak'],
  integrations: ['grafana', 'kiali', 'notebooks', 'victoria-metrics'],
  uninstallable: true,
  shortName: 'ssob',
  schema: ssoSchema,
  secrets: (spec, namespaces, { isInstalled }) => ssoSecrets(spec, namespaces, isInstalled),
  chart: (scope, props) => new SsoChart(scope, props),
});
