import { defineBattery } from '../../model/battery.js';
import { OllamaChart, RESOURCE_PRESETS } from './chart.js';
import { ollamaSchema } from './schema.js';

/** Ollama: serves open large language models over HTTP, on CPU or NVIDIA GPUs. */
export const ollama = defineBattery({
  type: 'ollama',
  group: 'ai',
  name: 'Ollama',
  description:
    'Serves open large language models (Llama, Mistral, Gemma ...) over an HTTP API on port 11434 in the AI namespace, on CPU or NVIDIA GPUs, pulling the listed models into a persistent volume.',
  dependencies: ['core'],
  integrations: [],
  uninstallable: true,
  shortName: 'ollamab',
  schema: ollamaSchema,
  resourcePresets: { resources: RESOURCE_PRESETS },
  chart: (scope, props) => new OllamaChart(scope, props),
});
