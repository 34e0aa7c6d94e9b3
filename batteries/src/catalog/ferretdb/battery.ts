import { Chart } from 'cdk8s';
import { defineBattery } from '../../model/battery.js';
import { ferretService } from './ferret-service.js';
import { ferretdbSchema } from './schema.js';

/** FerretDB: MongoDB-compatible services on PostgresClusters; everything it renders is per FerretService. */
export const ferretdb = defineBattery({
  type: 'ferretdb',
  group: 'data',
  name: 'FerretDB',
  description:
    'MongoDB-compatible FerretDB 2.7.0 services (FerretService) that store their data in PostgresClusters.',
  dependencies: ['core', 'cloudnative-pg'],
  integrations: ['victoria-metrics'],
  uninstallable: true,
  shortName: 'ferretdbb',
  schema: ferretdbSchema,
  // The battery itself renders nothing: FerretDB runs per FerretService.
  chart: (scope) => new Chart(scope, 'ferretdb'),
  instances: [ferretService],
});
