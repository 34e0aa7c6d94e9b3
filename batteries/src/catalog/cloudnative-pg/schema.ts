import { z } from 'zod';
import { image } from '../../schema/image.js';
import type { Size } from '../../schema/resources.js';

/** Default volume per database cluster, by platform size. */
export const STORAGE_PRESETS: Readonly<Record<Size, string>> = {
  tiny: '1Gi',
  small: '4Gi',
  medium: '8Gi',
  large: '32Gi',
  xlarge: '128Gi',
  huge: '512Gi',
};

export const cloudnativePgSchema = z
  .object({
    postgresImage: image('The PostgreSQL image of every generated cluster.', {
      repository: 'ghcr.io/batteries-included/postgresql',
      tag: '17.6',
    }),
  })
  .strict()
  .meta({
    description:
      'CloudNativePG: the upstream Postgres operator, and a cluster for every database other batteries request.',
  });

export type CloudnativePgSpec = z.output<typeof cloudnativePgSchema>;
