import { z } from 'zod';
import { DNS_NAME_MESSAGE, DNS_NAME_PATTERN } from '../../../schema/dns-name.js';
import { growOnlyQuantity, quantity } from '../../../schema/quantity.js';
import { withAdmissionRule, type AdmissionRule } from '../../../schema/admission-rule.js';
import { uniqueKeyRule } from '../../../schema/unique-key-rule.js';
import {
  INIT_CONTAINER_NAMES_RULE,
  containerListsSchema,
  serviceAccessFields,
  dnsLabel,
  dnsSubdomain,
  portSchema,
  uniquePorts,
} from '../../../kit/service/container-schema.js';
import { envListSchema } from '../../../kit/service/env-schema.js';

export const DEPLOYMENT_TYPES = ['deployment', 'statefulset'] as const;
export const VOLUME_TYPES = ['configMap', 'secret', 'emptyDir', 'persistent'] as const;

export const volumeSchema = withAdmissionRule(
  z
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
    .strict(),
  {
    accepts: (volume) => volume.type !== 'persistent' || volume.size !== undefined,
    cel: "self.type != 'persistent' || has(self.size)",
    message: 'a persistent volume needs a size',
    path: ['size'],
    // Merged over an emptyDir volume without a size.
    examples: {
      accepted: [{ type: 'persistent', size: '1Gi' }, { type: 'emptyDir' }],
      refused: [{ type: 'persistent' }],
    },
  },
).meta({ description: 'A volume the containers may mount.' });

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

export const autoscalingSchema = withAdmissionRule(
  z
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
    .strict(),
  {
    accepts: (hpa) => hpa.maxInstances >= hpa.minInstances,
    cel: '!has(self.minInstances) || self.maxInstances >= self.minInstances',
    message: 'maxInstances must be at least minInstances',
    path: ['maxInstances'],
    examples: {
      accepted: [
        { minInstances: 2, maxInstances: 2 },
        { minInstances: 1, maxInstances: 5 },
      ],
      refused: [{ minInstances: 5, maxInstances: 2 }],
    },
  },
).meta({
  description:
    'A HorizontalPodAutoscaler that sets the number of pods from CPU use (instead of instances); containers need CPU requests.',
});

const volume = (name: string) => ({ name, type: 'emptyDir' });

interface VolumesAndMounts {
  readonly volumes: readonly { name: string }[];
  readonly mounts: readonly { volume: string }[];
}

/** Every mount names one of the volumes (a rule on the spec, which sees both lists). */
const MOUNTS_NAME_VOLUMES: AdmissionRule<VolumesAndMounts> = {
  accepts: (spec) => spec.mounts.every((mount) => spec.volumes.some((v) => v.name === mount.volume)),
  cel: '!has(self.mounts) || self.mounts.all(m, has(self.volumes) && self.volumes.exists(v, v.name == m.volume))',
  message: 'mounts: each mount must name one of the volumes',
  path: ['mounts'],
  examples: {
    accepted: [{ volumes: [volume('tmp')], mounts: [{ volume: 'tmp', mountPath: '/tmp' }] }],
    refused: [{ volumes: [volume('tmp')], mounts: [{ volume: 'nope', mountPath: '/x' }] }],
  },
};

export const traditionalServiceSchema = withAdmissionRule(
  withAdmissionRule(
    z
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
        ports: uniquePorts(z.array(portSchema).max(16))
          .default([])
          .meta({ description: 'The ports of the first container; the first one is routed from outside.' }),
        volumes: withAdmissionRule(
          z.array(volumeSchema).max(16),
          uniqueKeyRule({
            key: 'name',
            message: 'volumes: each name may appear once',
            examples: {
              accepted: [[volume('cache'), volume('tmp')]],
              refused: [[volume('cache'), volume('tmp'), volume('cache')]],
            },
          }),
        )
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
      .strict(),
    INIT_CONTAINER_NAMES_RULE,
  ),
  MOUNTS_NAME_VOLUMES,
).meta({
  description:
    'A long-running service: containers as a Deployment or StatefulSet, a Service, a ServiceAccount and a route from outside.',
});

export type TraditionalServiceSpec = z.output<typeof traditionalServiceSchema>;
export type VolumeSpec = z.output<typeof volumeSchema>;
