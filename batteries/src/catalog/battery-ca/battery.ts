import { ApiObject, Chart } from 'cdk8s';
import { z } from 'zod';
import { defineBattery } from '../../model/battery.js';

export const batteryCaSchema = z
  .object({
    commonName: z.string().min(1).max(64).default('Batteries Included CA').meta({
      description: 'The CA certificate\'s common name, as clients show it. Default "Batteries Included CA".',
    }),
    duration: z
      .string()
      .min(1, { error: 'must not be empty: a Go duration in hours, e.g. 87600h' })
      .regex(/^([0-9]+h)?([0-9]+m)?([0-9]+s)?$/, { error: 'must be a Go duration in hours, e.g. 87600h' })
      .default('87600h')
      .meta({
        description: 'How long the CA certificate is valid (Go duration). Default 87600h (ten years).',
      }),
  })
  .strict()
  .meta({ description: 'A self-signed certificate authority for in-cluster TLS.' });

/** Names of the CA's objects; other batteries point their Certificates at the ClusterIssuer. */
export const BATTERY_CA = {
  selfSignedIssuer: 'battery-ca-selfsigned',
  certificate: 'battery-ca',
  secret: 'battery-ca',
  clusterIssuer: 'battery-ca',
} as const;

/**
 * The platform CA in the base namespace (cert-manager's cluster resource namespace): a self-signed Issuer
 * signs the CA Certificate (ECDSA P-256, `duration`, ten years by default), and the ClusterIssuer `battery-ca` issues from its Secret.
 */
export const batteryCa = defineBattery({
  type: 'battery-ca',
  group: 'net_sec',
  name: 'Battery CA',
  description:
    'A self-signed certificate authority: a cert-manager Issuer, the CA Certificate and the ClusterIssuer battery-ca that other batteries use for internal TLS.',
  dependencies: ['cert-manager'],
  integrations: [],
  uninstallable: true,
  shortName: 'cab',
  schema: batteryCaSchema,
  chart: (scope, props) => {
    const chart = new Chart(scope, 'battery-ca');
    const namespace = props.settings.namespaces.base;
    new ApiObject(chart, 'selfsigned', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: { name: BATTERY_CA.selfSignedIssuer, namespace },
      spec: { selfSigned: {} },
    });
    new ApiObject(chart, 'certificate', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: BATTERY_CA.certificate, namespace },
      spec: {
        isCA: true,
        commonName: props.spec.commonName,
        secretName: BATTERY_CA.secret,
        duration: props.spec.duration,
        renewBefore: '720h',
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Never' },
        issuerRef: { name: BATTERY_CA.selfSignedIssuer, kind: 'Issuer', group: 'cert-manager.io' },
      },
    });
    new ApiObject(chart, 'cluster-issuer', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: BATTERY_CA.clusterIssuer },
      spec: { ca: { secretName: BATTERY_CA.secret } },
    });
    return chart;
  },
});
