import { defineBattery } from '../../model/battery.js';
import { NotebooksChart, RESOURCE_PRESETS } from './chart.js';
import { notebooksSchema } from './schema.js';
import { notebooksSecrets } from './secrets.js';

/** A JupyterLab server for data science work, with a persistent work directory and a generated token. */
export const notebooks = defineBattery({
  type: 'notebooks',
  group: 'ai',
  name: 'Notebooks',
  description:
    'JupyterLab (Jupyter Docker Stacks datascience image) in the AI namespace, with a persistent work directory and a generated login token.',
  dependencies: ['core'],
  integrations: [],
  uninstallable: true,
  shortName: 'nbb',
  schema: notebooksSchema,
  resourcePresets: { resources: RESOURCE_PRESETS },
  secrets: (_spec, namespaces) => notebooksSecrets(namespaces),
  hosts: (_spec, settings) => [
    { name: 'notebooks', service: { namespace: settings.namespaces.ai, name: 'jupyterlab', port: 8888 } },
  ],
  chart: (scope, props) => new NotebooksChart(scope, props),
});
