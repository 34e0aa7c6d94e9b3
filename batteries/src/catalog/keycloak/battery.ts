import { defineBattery } from '../../model/battery.js';
import { KEYCLOAK_PRESETS, KeycloakChart, keycloakDatabase } from './chart.js';
import { keycloakSchema } from './schema.js';

/** Keycloak on its own Postgres database (requested from cloudnative-pg), with a generated admin password. */
export const keycloak = defineBattery({
  type: 'keycloak',
  group: 'net_sec',
  name: 'Keycloak',
  description:
    'Identity and single sign-on: Keycloak in the core namespace on its own CloudNativePG database, with a generated administrator password.',
  dependencies: ['core', 'cloudnative-pg'],
  integrations: [],
  uninstallable: true,
  shortName: 'kcb',
  schema: keycloakSchema,
  resourcePresets: { resources: KEYCLOAK_PRESETS },
  secrets: (_spec, namespaces) => [
    {
      name: 'admin-password',
      secret: { namespace: namespaces.core, name: 'keycloak-admin', key: 'password' },
      length: 32,
      alphabet: 'alphanumeric',
    },
  ],
  // The admin console has a host of its own, as in the original, so it can be fenced off separately.
  hosts: (_spec, settings) =>
    ['keycloak', 'keycloak-admin'].map((name) => ({
      name,
      service: { namespace: settings.namespaces.core, name: 'keycloak', port: 8080 },
    })),
  databases: (_spec, settings) => [keycloakDatabase(settings.namespaces.core)],
  chart: (scope, props) => new KeycloakChart(scope, props),
});
