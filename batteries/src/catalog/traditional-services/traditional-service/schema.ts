import { z } from 'zod';
import { DNS_NAME_MESSAGE, DNS_NAME_PATTERN } from '../../../schema/dns-name.js';
import { growOnlyQuantity, quantity } from '../../../schema/quantity.js';
import {
  containerAndPortIssues,
  containerListsSchema,
  serviceAccessFields,
  dnsLabel,
  dnsSubdomain,
  portSchema,
} from '../../../kit/service/container-schema.js';
import { duplicateEnvIssues, envListSchema } from '../../../kit/service/env-schema.js';

export const DEPLOYMENT_TYPES = ['deployment', 'statefulset'] as const;
export const VOLUME_TYPES = ['configMap', 'secret', 'emptyDir', 'persistent'] as const;

export const volumeSchema = z
  .object({
    name: dnsLabel('a volume name', 'The volume’s name, unique in the service; mounts name it.'),
    type: z.enum(VOLUME_TYPES).meta({
      description:
        'configMap or secret (the object named sourceName), emptyDir (scratch space, gone with the pod), or persistent (a PersistentVolumeClaim <service>-<volume> that survives pods and deletion of the service).',
    }),
    sourceName: dnsSubdomain(
      'a ConfigMap or Secret name',
      'The ConfigMap or Secret; default the volume’s name.',
    ).optional(),
    optional: z
      .boolean()
      .optional()
      .meta({ description: 'configMap/secret: start even when the object is missing.' }),
    medium: z
      .enum(['Memory'])
      .optional()
      .meta({ description: 'emptyDir: Memory keeps it in RAM (counts against the memory limit).' }),
    sizeLimit: quantity('emptyDir: the most it may hold.', '1Gi').optional(),
    // Bounded length: the API server budgets the CEL cost of the grow-only rule by it, times the volumes.
    size: growOnlyQuantity('persistent: the claim’s size.', '10Gi').max(64).optional(),
    storageClass: z
      .string()
      .max(253)
      .optional()
      .meta({ description: 'persistent: the StorageClass; default the cluster’s default class.' }),
  })
  .strict()
  .refine((volume) => volume.type !== 'persistent' || volume.size !== undefined, {
    error: 'a persistent volume needs a size',
    path: ['size'],
  })
  .meta({
    description: 'A volume the containers may mount.',
    'x-kubernetes-validations': [
      {
        rule: "self.type != 'persistent' || has(self.size)",
        message: 'a persistent volume needs a size',
        fieldPath: '.size',
      },
    ],
  });

export const mountSchema = z
  .object({
    volume: dnsLabel('a volume name', 'One of the service’s volumes.'),
    mountPath: z
      .string()
      .regex(/^\/[^:]*$/, { error: 'must be an absolute path without :' })
      .max(1024)
      .meta({ description: 'Where the containers see it.' }),
    readOnly: z.boolean().optional().meta({ description: 'Mount read-only.' }),
    subPath: z
      .string()
      .max(1024)
      // RE2 (the API server's regex engine) has no lookahead: a dot may not be followed by another dot.
      .regex(/^[A-Za-z0-9_]([-A-Za-z0-9_/]|\.[-A-Za-z0-9_/])*\.?$/, {
        error: 'must be a relative path without .. (letters, digits, -, _, . and /)',
      })
      .optional()
      .meta({ description: 'Mount only this path inside the volume.' }),
  })
  .strict()
  .meta({ description: 'Where a volume appears in every container.' });

export const autoscalingSchema = z
  .object({
    minInstances: z
      .int()
      .min(1)
      .max(100)
      .default(1)
      .meta({ description: 'The fewest pods (1–100). Default 1.' }),
    maxInstances: z.int().min(1).max(100).meta({ description: 'The most pods (1–100).' }),
    cpuTargetPercent: z.int().min(1).max(100).default(80).meta({
      description:
        'Average CPU use, as a percentage of the requested CPU, the autoscaler keeps pods at. Default 80.',
    }),
  })
  .strict()
  .refine((hpa) => hpa.maxInstances >= hpa.minInstances, {
    error: 'maxInstances must be at least minInstances',
    path: ['maxInstances'],
  })
  .meta({
    description:
      'A HorizontalPodAutoscaler that sets the number of pods from CPU use (instead of instances); containers need CPU requests.',
    'x-kubernetes-validations': [
      {
        rule: '!has(self.minInstances) || self.maxInstances >= self.minInstances',
        message: 'maxInstances must be at least minInstances',
        fieldPath: '.maxInstances',
      },
    ],
  });

export const traditionalServiceSchema = z
  .object({
    deploymentType: z.enum(DEPLOYMENT_TYPES).default('deployment').meta({
      description:
        'deployment (interchangeable pods) or statefulset (pods with stable names, started and stopped in order). Default deployment.',
    }),
    instances: z.int().min(0).max(100).default(1).meta({
      description: 'How many pods run (0–100); ignored while autoscaling is set. Default 1.',
    }),
    autoscaling: autoscalingSchema.optional(),
    ...containerListsSchema,
    env: envListSchema,
    ports: z
      .array(portSchema)
      .max(16)
      .default([])
      .meta({ description: 'The ports of the first container; the first one is routed from outside.' }),
    volumes: z
      .array(volumeSchema)
      .max(16)
      .default([])
      .meta({
        description: 'Volumes the containers may mount; each name once.',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
      }),
    mounts: z
      .array(mountSchema)
      .max(32)
      .default([])
      .meta({ description: 'Volume mounts of every container.' }),
    additionalHosts: z
      .array(
        z
          .string()
          .max(253)
          .regex(new RegExp(DNS_NAME_PATTERN), { error: DNS_NAME_MESSAGE })
          .meta({ description: 'A hostname.' }),
      )
      .max(8)
      .default([])
      .meta({
        description:
          'Hostnames served besides <service>.<namespace>.webapp.<address>.<baseDomain> (point their DNS at the gateway).',
      }),
    ...serviceAccessFields,
  })
  .strict()
  .superRefine((spec, context) => {
    for (const issue of [...containerAndPortIssues(spec), ...duplicateEnvIssues(spec.env)])
      context.addIssue({ code: 'custom', ...issue });
    const volumes = new Set<string>();
    spec.volumes.forEach((volume, index) => {
      if (volumes.has(volume.name))
        context.addIssue({
          code: 'custom',
          path: ['volumes', index, 'name'],
          message: `volumes: each name may appear once (${volume.name} repeats)`,
        });
      volumes.add(volume.name);
    });
    spec.mounts.forEach((mount, index) => {
      if (!volumes.has(mount.volume))
        context.addIssue({
          code: 'custom',
          path: ['mounts', index, 'volume'],
          message: `must name one of the volumes (got ${mount.volume})`,
        });
    });
  })
  .meta({
    description:
      'A long-running service: containers as a Deployment or StatefulSet, a Service, a ServiceAccount and a route from outside.',
  });

export type TraditionalServiceSpec = z.output<typeof traditionalServiceSchema>;
export type VolumeSpec = z.output<typeof volumeSchema>;

/** The CEL twins of the refinements the schema's fields do not carry themselves. */
export const TRADITIONAL_SERVICE_RULES = [
  {
    rule: '!has(self.mounts) || self.mounts.all(m, has(self.volumes) && self.volumes.exists(v, v.name == m.volume))',
    message: 'mounts: each mount must name one of the volumes',
    fieldPath: '.mounts',
  },
] as const;
