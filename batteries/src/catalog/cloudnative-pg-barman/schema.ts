import { z } from 'zod';

export const cloudnativePgBarmanSchema = z
  .object({
    destinationPath: z
      .string()
      .regex(/^s3:\/\/[a-z0-9][-a-z0-9.]{1,61}[a-z0-9](\/\S*)?$/, {
        error: 'must be an S3 URL such as s3://my-bucket/backups',
      })
      .max(1024)
      .optional()
      .meta({
        description:
          'Where backups go: an S3 URL (s3://bucket/prefix; with endpointURL any S3-compatible store); each cluster writes under <prefix>/<namespace>/<cluster>. Without it, clusters asking for objectStore backups report it.',
        examples: ['s3://my-bucket/postgres'],
      }),
    endpointURL: z
      .string()
      .regex(/^https?:\/\/\S+$/, { error: 'must be an http(s) URL' })
      .max(1024)
      .optional()
      .meta({ description: 'An S3-compatible endpoint (MinIO, Ceph); default the provider’s own.' }),
    credentials: z.enum(['iamRole', 'secret']).default('iamRole').meta({
      description:
        'iamRole: the pods’ cloud identity (IRSA on AWS); secret: a Secret named by credentialsSecret in each cluster’s namespace with ACCESS_KEY_ID and ACCESS_SECRET_KEY. Default iamRole.',
    }),
    credentialsSecret: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, { error: 'must be a Secret name' })
      .default('barman-cloud-credentials')
      .meta({
        description:
          'The Secret with the keys, when credentials is secret. Default barman-cloud-credentials.',
      }),
  })
  .strict()
  .meta({
    description:
      'The Barman Cloud plugin for CloudNativePG: continuous backup of PostgresClusters with backup.type objectStore.',
  });

export type CloudnativePgBarmanSpec = z.output<typeof cloudnativePgBarmanSchema>;
