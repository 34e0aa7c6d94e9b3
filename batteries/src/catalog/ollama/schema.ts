import { z } from 'zod';
import { image } from '../../schema/image.js';
import { growOnlyQuantity } from '../../schema/quantity.js';
import { resourcesSchema, type Size } from '../../schema/resources.js';

/** Default size of the models volume per platform size, in binary units. */
export const STORAGE_PRESETS: Readonly<Record<Size, string>> = {
  tiny: '10Gi',
  small: '20Gi',
  medium: '50Gi',
  large: '100Gi',
  xlarge: '200Gi',
  huge: '500Gi',
};

/** A model reference as `ollama pull` takes it: `name[:tag]`, optionally with a namespace or registry path. */
const MODEL_PATTERN =
  /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*(:[A-Za-z0-9][A-Za-z0-9._-]*)?$/;

/** A Go duration made of whole units (`30s`, `5m`, `1h30m`), `0` (unload at once) or `-1` (keep forever). */
const KEEP_ALIVE_PATTERN = /^(-1|0|([0-9]+(ms|s|m|h))+)$/;

export const ollamaSchema = z
  .object({
    image: image('The Ollama server image.', { repository: 'docker.io/ollama/ollama', tag: '0.13.2' }),
    models: z
      .array(
        z
          .string()
          .max(255)
          .regex(MODEL_PATTERN, { error: 'must be a model name such as llama3.2:1b or hf.co/org/model:tag' }),
      )
      .max(32)
      .default(['llama3.2:1b'])
      .meta({
        description:
          'Models to pull into the models volume, e.g. llama3.2:1b. They are pulled in the background after the server starts, so the server is ready before they are. Removing a name does not delete the model. Default [llama3.2:1b].',
      }),
    gpuCount: z.int().min(0).max(8).default(0).meta({
      description:
        'NVIDIA GPUs to reserve (nvidia.com/gpu), 0–8; needs the NVIDIA device plugin on GPU nodes. 0 runs on CPU. Default 0.',
    }),
    keepAlive: z
      .string()
      .regex(KEEP_ALIVE_PATTERN, {
        error: 'must be a duration such as 5m, 1h30m or 90s, 0 (unload at once) or -1 (never unload)',
      })
      .default('5m')
      .meta({
        description:
          'How long a model stays loaded in memory after its last request: a duration (5m, 1h), 0 to unload at once or -1 to keep it loaded. Default 5m.',
      }),
    numParallel: z.int().min(1).max(32).default(1).meta({
      description:
        'Requests each loaded model serves at once (1–32); each one multiplies the context memory. Default 1.',
    }),
    storageSize: growOnlyQuantity(
      `Size of the models volume. Default by platform size: ${Object.entries(STORAGE_PRESETS)
        .map(([size, value]) => `${size} ${value}`)
        .join(', ')}.`,
      '50Gi',
    ).optional(),
    resources: resourcesSchema.optional(),
  })
  .strict()
  .meta({
    description: 'Ollama, serving open large language models over HTTP (port 11434) in the AI namespace.',
  });

export type OllamaSpec = z.output<typeof ollamaSchema>;
