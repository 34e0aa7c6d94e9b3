import { z } from 'zod';
import { withAdmissionRule } from '../../schema/admission-rule.js';
import { compareQuantities, isQuantity, quantity } from '../../schema/quantity.js';

/** Pod Security Standards levels, from least to most restrictive. */
export const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const quotaSchema = z
  .object({
    enabled: z.boolean().default(true).meta({
      description:
        'Cap what all services together may request. Every container must then declare CPU and memory requests and a memory limit; containerDefaults fills them in when omitted. Default true.',
    }),
    requestsCpu: quantity('Total CPU all pods may request, in cores. Default 8.', '8').default('8'),
    requestsMemory: quantity('Total memory all pods may request. Default 16Gi.', '16Gi').default('16Gi'),
    limitsMemory: quantity('Total of all pods’ memory limits. Default 32Gi.', '32Gi').default('32Gi'),
    requestsStorage: quantity('Total storage all volume claims may request. Default 200Gi.', '200Gi').default(
      '200Gi',
    ),
    pods: z
      .int()
      .min(1)
      .max(10000)
      .default(100)
      .meta({ description: 'Most pods at once (1–10000). Default 100.' }),
    persistentVolumeClaims: z
      .int()
      .min(0)
      .max(1000)
      .default(20)
      .meta({ description: 'Most volume claims (0–1000). Default 20.' }),
  })
  .strict()
  .prefault({})
  .meta({ description: 'A ResourceQuota on the namespace.' });

const containerDefaultsSchema = withAdmissionRule(
  z
    .object({
      enabled: z.boolean().default(true).meta({
        description:
          'Give containers that declare no resources the values below (a LimitRange). Default true.',
      }),
      cpuRequest: quantity('CPU request of a container that declares none. Default 100m.', '100m').default(
        '100m',
      ),
      memoryRequest: quantity(
        'Memory request of a container that declares none. Default 128Mi.',
        '128Mi',
      ).default('128Mi'),
      memoryLimit: quantity(
        'Memory limit of a container that declares none. Default 512Mi.',
        '512Mi',
      ).default('512Mi'),
    })
    .strict(),
  {
    accepts: ({ memoryRequest, memoryLimit }) =>
      !isQuantity(memoryRequest) ||
      !isQuantity(memoryLimit) ||
      compareQuantities(memoryRequest, memoryLimit) <= 0,
    cel:
      '!isQuantity(self.memoryRequest) || !isQuantity(self.memoryLimit) || ' +
      'quantity(self.memoryRequest).compareTo(quantity(self.memoryLimit)) <= 0',
    message: 'must not exceed memoryLimit: a container cannot request more memory than its limit',
    messageFor: {
      zod: ({ memoryRequest, memoryLimit }) =>
        `must not exceed memoryLimit (${memoryLimit}), got ${memoryRequest}: a container cannot request more memory than its limit`,
      cel:
        "'must not exceed memoryLimit (' + self.memoryLimit + '), got ' + self.memoryRequest + " +
        "': a container cannot request more memory than its limit'",
    },
    path: ['memoryRequest'],
    examples: {
      accepted: [
        { memoryRequest: '256Mi', memoryLimit: '1Gi' },
        { memoryRequest: '1Gi', memoryLimit: '1Gi' },
      ],
      refused: [{ memoryRequest: '2Gi', memoryLimit: '1Gi' }],
    },
  },
)
  .prefault({})
  .meta({ description: 'Default requests and limits for containers (a LimitRange).' });

const networkPolicySchema = z
  .object({
    enabled: z.boolean().default(true).meta({
      description:
        'Accept traffic into the namespace only from its own pods, the platform (monitoring, mesh, gateway) and allowFromNamespaces. Outbound traffic is not restricted. Default true.',
    }),
    allowFromNamespaces: z
      .array(
        z
          .string()
          .regex(DNS_LABEL, { error: 'must be a namespace name: lower-case letters, digits and -' })
          .max(63),
      )
      .max(32)
      .default([])
      .meta({ description: 'Other namespaces whose pods may reach the services. Default none.' }),
  })
  .strict()
  .prefault({})
  .meta({ description: 'A NetworkPolicy that isolates the namespace for inbound traffic.' });

export const traditionalServicesSchema = z
  .object({
    podSecurity: z.enum(POD_SECURITY_LEVELS).default('baseline').meta({
      description:
        'The Pod Security Standard enforced in the namespace: privileged (anything), baseline (no host access or privilege) or restricted (non-root, no capabilities). Violations of restricted are always warned about. Default baseline.',
    }),
    quota: quotaSchema,
    containerDefaults: containerDefaultsSchema,
    networkPolicy: networkPolicySchema,
  })
  .strict()
  .meta({
    description:
      'The namespace for traditional (long-running) services, with a pod security level, a quota, container defaults and inbound isolation.',
  });

export type TraditionalServicesSpec = z.output<typeof traditionalServicesSchema>;
