import { z } from 'zod';
import { CLUSTER_TYPES, USAGES, type PlatformSettings } from '../../model/settings.js';
import { withAdmissionRule } from '../../schema/admission-rule.js';
import { ipv4Pool } from '../../schema/ip-pool.js';
import { SIZES } from '../../schema/resources.js';
import { dnsName } from '../../schema/dns-name.js';
import { duplicateHostnames } from './hostnames.js';

const namespace = (description: string, name: string) =>
  z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
      error: 'must be a DNS label: lower-case letters, digits and -',
    })
    .max(63)
    .default(name)
    .meta({ description: `${description} Fixed after creation.` });

export const coreSchema = z
  .object({
    clusterType: z.enum(CLUSTER_TYPES).default('kind').meta({
      description:
        'Where the platform runs: kind (local), aws (EKS) or provided (any other cluster). Fixed after creation.',
    }),
    clusterName: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
        error: 'must be a DNS label: lower-case letters, digits and -',
      })
      .max(63)
      .default('bi-local')
      .meta({ description: 'The cluster name shown in the console and used in generated hostnames.' }),
    usage: z.enum(USAGES).default('development').meta({
      description: 'What the installation is for; chooses the default battery set. Fixed after creation.',
    }),
    defaultSize: z.enum(SIZES).default('medium').meta({
      description:
        'The size preset batteries use for resources and volumes unless their spec says otherwise.',
    }),
    namespaces: z
      .object({
        core: namespace('Namespace of the platform core and monitoring.', 'battery-core'),
        base: namespace(
          'Namespace of shared infrastructure (operators, internal databases).',
          'battery-base',
        ),
        data: namespace('Namespace of data batteries (Redis, Postgres clusters).', 'battery-data'),
        ai: namespace('Namespace of AI batteries (notebooks, Ollama).', 'battery-ai'),
        istio: namespace('Namespace of the service mesh.', 'battery-istio'),
        knative: namespace('Namespace of Knative Serving.', 'battery-knative'),
        traditional: namespace('Namespace of traditional (long-running) services.', 'battery-traditional'),
      })
      .prefault({})
      .meta({ description: 'The namespaces batteries install into.' }),
    ipAddressPools: z.array(ipv4Pool()).max(16).default([]).meta({
      description: 'Address ranges MetalLB may hand out to load balancers; `bi start` fills it on Kind.',
    }),
    networkPolicies: z.boolean().default(false).meta({
      description:
        'Isolate battery Services with NetworkPolicies derived from the battery graph: only batteries that depend on or integrate with each other reach each other, plus the ingress gateway on routed ports and VictoriaMetrics on scrape ports. Needs a CNI that enforces NetworkPolicies. Default false.',
    }),
    baseDomain: dnsName(
      'The domain battery hostnames end in: <name>.<gateway-ip-with-dashes>.<baseDomain>. The default, sslip.io, is a public wildcard DNS that answers every such name with the IP in it.',
    ).default('sslip.io'),
    hostnames: withAdmissionRule(
      z
        .record(
          z
            .string()
            .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: 'must be a host name such as grafana' })
            .max(63),
          dnsName('The hostname that replaces the default one.'),
        )
        .meta({ maxProperties: 32 }),
      {
        accepts: (hostnames) => duplicateHostnames(hostnames).length === 0,
        cel: 'self.all(k, self.all(j, k == j || self[k] != self[j]))',
        message: 'two hosts may not share a hostname',
        examples: {
          accepted: [{ grafana: 'grafana.example.com', kiali: 'kiali.example.com' }],
          refused: [{ grafana: 'ui.example.com', kiali: 'ui.example.com' }],
        },
      },
    )
      .default({})
      .meta({
        description:
          'Hostname overrides by host name (control, grafana, keycloak, keycloak-admin, kiali, notebooks, vmselect): each replaces <name>.<ip>.<baseDomain>. Two hosts may not share a hostname.',
      }),
  })
  .strict()
  .meta({ description: 'Platform settings: where the platform runs and how it is laid out.' });

export type CoreSpec = z.output<typeof coreSchema>;

export function settingsFromCore(spec: CoreSpec): PlatformSettings {
  return {
    clusterType: spec.clusterType,
    clusterName: spec.clusterName,
    usage: spec.usage,
    defaultSize: spec.defaultSize,
    namespaces: { ...spec.namespaces },
    ipAddressPools: [...spec.ipAddressPools],
    baseDomain: spec.baseDomain,
    networkPolicies: spec.networkPolicies,
    hostnames: { ...spec.hostnames },
  };
}
