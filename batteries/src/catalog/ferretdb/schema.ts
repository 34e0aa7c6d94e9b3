import { z } from 'zod';
import { image } from '../../schema/image.js';

export const ferretdbSchema = z
  .object({
    image: image('The FerretDB image every FerretService runs.', {
      repository: 'ghcr.io/ferretdb/ferretdb',
      tag: '2.7.0',
    }),
  })
  .strict()
  .meta({ description: 'FerretDB: MongoDB-compatible services on PostgresClusters.' });

export type FerretdbSpec = z.output<typeof ferretdbSchema>;
