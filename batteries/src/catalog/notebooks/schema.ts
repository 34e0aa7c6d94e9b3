import { z } from 'zod';
import { withAdmissionRule } from '../../schema/admission-rule.js';
import { image } from '../../schema/image.js';
import { growOnlyQuantity } from '../../schema/quantity.js';
import { resourcesSchema, type Size } from '../../schema/resources.js';

/** Default size of the `work` volume per platform size, in binary units. */
export const STORAGE_PRESETS: Readonly<Record<Size, string>> = {
  tiny: '1Gi',
  small: '5Gi',
  medium: '10Gi',
  large: '50Gi',
  xlarge: '100Gi',
  huge: '500Gi',
};

/** Environment variables the chart sets itself; the spec may not override them. */
export const RESERVED_ENV = ['JUPYTER_TOKEN', 'HOME', 'NB_USER', 'NB_UID', 'NB_GID'] as const;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Bounds the CEL rule's cost on the API server; names are far shorter. */
const ENV_NAME_MAX_LENGTH = 256;

export const notebooksSchema = z
  .object({
    image: image('The JupyterLab image (a Jupyter Docker Stacks image, which runs as jovyan, uid 1000).', {
      repository: 'quay.io/jupyter/datascience-notebook',
      tag: 'lab-4.5.0',
    }),
    storageSize: growOnlyQuantity(
      `Size of the volume mounted at /home/jovyan/work; files elsewhere are lost when the pod restarts. Default by platform size: ${Object.entries(
        STORAGE_PRESETS,
      )
        .map(([size, value]) => `${size} ${value}`)
        .join(', ')}.`,
      '10Gi',
    ).optional(),
    resources: resourcesSchema.optional(),
    env: z
      .array(
        z
          .object({
            name: withAdmissionRule(
              z
                .string()
                .regex(ENV_NAME, {
                  error:
                    'must be an environment variable name: letters, digits and _, not starting with a digit',
                })
                .max(ENV_NAME_MAX_LENGTH),
              {
                accepts: (name) => !(RESERVED_ENV as readonly string[]).includes(name),
                cel: `!(self in [${RESERVED_ENV.map((name) => `'${name}'`).join(', ')}])`,
                message: `is set by the battery; reserved names are ${RESERVED_ENV.join(', ')}`,
                examples: { accepted: ['TZ', 'HOME_DIR'], refused: ['HOME', 'JUPYTER_TOKEN'] },
              },
            ).meta({ description: 'Variable name.' }),
            value: z.string().max(4096).meta({ description: 'Variable value.' }),
          })
          .strict(),
      )
      .max(64)
      .default([])
      .meta({
        description: 'Extra environment variables for the notebook server and its kernels. Default none.',
      }),
  })
  .strict()
  .meta({
    description:
      'A JupyterLab server in the AI namespace, with a persistent work directory and a generated token.',
  });

export type NotebooksSpec = z.output<typeof notebooksSchema>;
