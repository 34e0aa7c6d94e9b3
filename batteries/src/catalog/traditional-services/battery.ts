import { defineBattery } from '../../model/battery.js';
import { TraditionalServicesChart } from './chart.js';
import { traditionalServicesSchema } from './schema.js';
import { traditionalService } from './traditional-service/instance.js';

/** The namespace and guard rails for traditional (long-running) services. */
export const traditionalServices = defineBattery({
  type: 'traditional-services',
  group: 'devtools',
  name: 'Traditional Services',
  description:
    'A namespace for long-running containers (web apps, workers), with a pod security level, a resource quota, container defaults and inbound network isolation.',
  dependencies: ['core'],
  integrations: ['istio', 'victoria-metrics'],
  uninstallable: true,
  shortName: 'tradsvcb',
  schema: traditionalServicesSchema,
  chart: (scope, props) => new TraditionalServicesChart(scope, props),
  instances: [traditionalService],
});
