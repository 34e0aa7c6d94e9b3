import { z } from 'zod';
import { withAdmissionRule, type AdmissionRule } from '../../schema/admission-rule.js';
import { resourcesSchema } from '../../schema/resources.js';
import { uniqueKeyRule } from '../../schema/unique-key-rule.js';

/** A DNS label (container, port, volume names): lower-case letters, digits and -, at most 63 characters. */
export const DNS_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$';
/** A DNS subdomain (ConfigMap and Secret names). */
export const DNS_SUBDOMAIN_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

/** The most containers (and, separately, init containers) a service may have. */
export const MAX_CONTAINERS = 8;

export const dnsLabel = (what: string, description: string) =>
  z
    .string()
    .regex(new RegExp(DNS_LABEL_PATTERN), {
      error: `must be ${what}: lower-case letters, digits and -, starting and ending with a letter or digit, at most 63 characters`,
    })
    .meta({ description, maxLength: 63 });

export const dnsSubdomain = (what: string, description: string) =>
  z
    .string()
    .max(253)
    .regex(new RegExp(DNS_SUBDOMAIN_PATTERN), {
      error: `must be ${what}: lower-case letters, digits, - and ., at most 253 characters`,
    })
    .meta({ description });

/** One container of a service: image, command, args and resources, as Kubernetes takes them. */
export const containerSchema = z
  .object({
    name: dnsLabel('a container name', 'The container’s name, unique in the service.'),
    image: z
      .string()
      .min(1)
      .max(512)
      .regex(/^\S+$/, { error: 'must be an image reference such as ghcr.io/acme/web:1.2.3 (no spaces)' })
      .meta({ description: 'The image, e.g. ghcr.io/acme/web:1.2.3 (a tag or digest is advised).' }),
    command: z
      .array(z.string().max(4096))
      .max(32)
      .optional()
      .meta({ description: 'Replaces the image’s entrypoint.' }),
    args: z
      .array(z.string().max(4096))
      .max(64)
      .optional()
      .meta({ description: 'Arguments to the entrypoint.' }),
    resources: resourcesSchema.optional(),
  })
  .strict()
  .meta({ description: 'A container: image, command, arguments, resources.' });

export type ContainerSpec = z.output<typeof containerSchema>;

/** The protocols a service port speaks; `http2` (h2c) is the original's default. */
export const PORT_PROTOCOLS = ['http', 'http2', 'tcp'] as const;
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];

export const portSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/, {
        error: 'must be a port name: lower-case letters, digits and -, at most 15 characters',
      })
      .meta({ description: 'The port’s name (at most 15 characters).', maxLength: 15 }),
    number: z.int().min(1).max(65535).meta({ description: 'The container port, 1–65535.' }),
    protocol: z.enum(PORT_PROTOCOLS).default('http2').meta({
      description:
        'http, http2 (cleartext HTTP/2, which also answers HTTP/1.1 upgrades) or tcp. Default http2.',
    }),
  })
  .strict()
  .meta({ description: 'A port the service listens on.' });

export type PortSpec = z.output<typeof portSchema>;

const CONTAINER_NAMES_MESSAGE = 'containers and initContainers: each container name may appear once';
const container = (name: string) => ({ name, image: 'busybox:1.37' });

/** The containers and init containers of both service kinds; `INIT_CONTAINER_NAMES_RULE` goes on the spec. */
export const containerListsSchema = {
  containers: withAdmissionRule(
    z.array(containerSchema).min(1).max(MAX_CONTAINERS),
    uniqueKeyRule({
      key: 'name',
      message: CONTAINER_NAMES_MESSAGE,
      examples: {
        accepted: [[container('a'), container('b')]],
        refused: [[container('a'), container('a')]],
      },
    }),
  ).meta({ description: 'The service’s containers (the first one serves the ports).' }),
  initContainers: z
    .array(containerSchema)
    .max(MAX_CONTAINERS)
    .default([])
    .meta({ description: 'Containers that run to completion, in order, before the others start.' }),
};

/** What both service kinds take besides containers and env: visibility, SSO and the project. */
export const serviceAccessFields = {
  kubeInternal: z.boolean().default(false).meta({
    description: 'Reachable inside the cluster only: no route from outside. Default false.',
  }),
  oauth2Proxy: z.boolean().default(false).meta({
    description: 'Put single sign-on in front of the service (needs the keycloak battery). Default false.',
  }),
  project: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { error: 'must be a project name: a DNS label' })
    .optional()
    .meta({ description: 'The project the service belongs to.', maxLength: 63 }),
};

/**
 * Init containers' names differ from each other and from the containers' (a rule on the spec, which sees both
 * lists; CEL cannot join lists of two different schema types, so it does not concatenate them).
 */
export const INIT_CONTAINER_NAMES_RULE: AdmissionRule<{
  containers: readonly { name: string }[];
  initContainers: readonly { name: string }[];
}> = {
  accepts: ({ containers, initContainers }) =>
    initContainers.every(
      (c) =>
        initContainers.filter((d) => d.name === c.name).length === 1 &&
        !containers.some((d) => d.name === c.name),
    ),
  cel: '!has(self.initContainers) || self.initContainers.all(c, self.initContainers.exists_one(d, d.name == c.name) && !self.containers.exists(d, d.name == c.name))',
  message: CONTAINER_NAMES_MESSAGE,
  path: ['initContainers'],
  examples: {
    accepted: [{ initContainers: [container('migrate')] }],
    refused: [
      { initContainers: [container('migrate'), container('migrate')] },
      { containers: [container('app')], initContainers: [container('app')] },
    ],
  },
};

/** A port list whose names and numbers do not repeat. */
export function uniquePorts<Schema extends z.ZodArray<typeof portSchema>>(schema: Schema): Schema {
  const port = (name: string, number: number) => ({ name, number });
  const named = withAdmissionRule(
    schema,
    uniqueKeyRule({
      key: 'name',
      message: 'ports: each port name may appear once',
      examples: {
        accepted: [[port('http', 80), port('metrics', 9090)]],
        refused: [[port('http', 80), port('http', 81)]],
      },
    }),
  );
  return withAdmissionRule(
    named,
    uniqueKeyRule({
      key: 'number',
      message: 'ports: each port number may appear once',
      examples: {
        accepted: [[port('http', 80), port('metrics', 9090)]],
        refused: [[port('http', 80), port('admin', 80)]],
      },
    }),
  );
}
