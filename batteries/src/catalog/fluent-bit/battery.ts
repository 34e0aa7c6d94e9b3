import { defineBattery } from '../../model/battery.js';
import { FluentBitChart, RESOURCE_PRESETS } from './chart.js';
import { fluentBitSchema } from './schema.js';

/** Fluent Bit: the log shipper that feeds Loki (the original's promtail, which reached end of life). */
export const fluentBit = defineBattery({
  type: 'fluent-bit',
  group: 'monitoring',
  name: 'Fluent Bit',
  description:
    "Ships every container's logs to Loki from each node, labelled with namespace, pod, container, battery and instance.",
  dependencies: ['core', 'loki'],
  integrations: [],
  uninstallable: true,
  shortName: 'fbb',
  schema: fluentBitSchema,
  resourcePresets: { resources: RESOURCE_PRESETS },
  chart: (scope, props) => new FluentBitChart(scope, props),
});
