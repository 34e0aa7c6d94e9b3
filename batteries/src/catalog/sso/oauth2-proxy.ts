import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import {
  httpProbe,
  podSecurityContext,
  restrictedSecurityContext,
  selectorLabels,
} from '../../kit/workload.js';
import { keycloakRef, WAITS_FOR_ANNOTATION } from '../../model/keycloak-object.js';
import { CLIENT_SECRET_KEYS, clientSecretName } from './protected-uis.js';

/** The port oauth2-proxy listens on; a route to the UI points here (`oauth2ProxyBackend`). */
export const OAUTH2_PROXY_PORT = 4180;
/** The image's non-root user (distroless `nonroot`). */
const USER_ID = 65532;

/** The Service a route to a protected UI targets: oauth2-proxy in front of it. The seam for ingress's routes. */
export function oauth2ProxyBackend(client: string): { serviceName: string; port: number } {
  return { serviceName: `oauth2-proxy-${client}`, port: OAUTH2_PROXY_PORT };
}

export interface OAuth2ProxyProps {
  readonly client: string;
  readonly namespace: string;
  readonly realm: string;
  readonly image: string;
  /** Public base URL of the protected UI; the callback is `<url>/oauth2/callback`. */
  readonly publicUrl: string;
  /** `<keycloak public URL>/realms/<realm>`: what browsers are sent to, and the tokens' issuer. */
  readonly issuerUrl: string;
  /** In-cluster URL of the UI. */
  readonly upstream: string;
  readonly clientSecret: string;
  readonly cookieSecret: string;
}

/**
 * oauth2-proxy in front of one UI: the Secret `sso-<client>` (client id and secret, cookie secret, issuer URL),
 * the ServiceAccount, Service (4180) and Deployment `oauth2-proxy-<client>`. Keycloak's `keycloak-oidc` provider,
 * authorization code with PKCE (S256), any signed-in realm user. The Secret waits for its Keycloak client in the
 * same pass (`WAITS_FOR_ANNOTATION`), so it never holds a secret Keycloak does not know.
 */
export function addOAuth2Proxy(scope: Construct, props: OAuth2ProxyProps): void {
  const { client, namespace } = props;
  const name = oauth2ProxyBackend(client).serviceName;
  const labels = selectorLabels('oauth2-proxy', client);
  const secretName = clientSecretName(client);
  new k8s.KubeSecret(scope, `${client}-secret`, {
    metadata: {
      name: secretName,
      namespace,
      annotations: { [WAITS_FOR_ANNOTATION]: keycloakRef('KeycloakClient', client, props.realm) },
    },
    type: 'Opaque',
    stringData: {
      [CLIENT_SECRET_KEYS.clientId]: client,
      [CLIENT_SECRET_KEYS.clientSecret]: props.clientSecret,
      [CLIENT_SECRET_KEYS.cookieSecret]: props.cookieSecret,
      [CLIENT_SECRET_KEYS.issuerUrl]: props.issuerUrl,
    },
  });
  new k8s.KubeServiceAccount(scope, `${client}-service-account`, {
    metadata: { name, namespace },
    automountServiceAccountToken: false,
  });
  new k8s.KubeService(scope, `${client}-service`, {
    metadata: { name, namespace },
    spec: {
      type: 'ClusterIP',
      selector: labels,
      ports: [
        {
          name: 'http',
          port: OAUTH2_PROXY_PORT,
          targetPort: k8s.IntOrString.fromString('http'),
          protocol: 'TCP',
        },
      ],
    },
  });
  const fromSecret = (env: string, key: string): k8s.EnvVar => ({
    name: env,
    valueFrom: { secretKeyRef: { name: secretName, key } },
  });
  new k8s.KubeDeployment(scope, `${client}-deployment`, {
    metadata: { name, namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: name,
          automountServiceAccountToken: false,
          securityContext: podSecurityContext(USER_ID),
          containers: [
            {
              name: 'oauth2-proxy',
              image: props.image,
              imagePullPolicy: 'IfNotPresent',
              args: oauth2ProxyArgs(props),
              env: [
                fromSecret('OAUTH2_PROXY_CLIENT_ID', CLIENT_SECRET_KEYS.clientId),
                fromSecret('OAUTH2_PROXY_CLIENT_SECRET', CLIENT_SECRET_KEYS.clientSecret),
                fromSecret('OAUTH2_PROXY_COOKIE_SECRET', CLIENT_SECRET_KEYS.cookieSecret),
              ],
              ports: [{ name: 'http', containerPort: OAUTH2_PROXY_PORT, protocol: 'TCP' }],
              resources: {
                requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('32Mi') },
                limits: { memory: k8s.Quantity.fromString('128Mi') },
              },
              readinessProbe: httpProbe('/ready', 'http'),
              livenessProbe: httpProbe('/ping', 'http'),
              securityContext: restrictedSecurityContext(),
            },
          ],
        },
      },
    },
  });
}

/**
 * oauth2-proxy's command line (credentials come from the environment). The same flags run the real binary in
 * tests, so what is generated is what is proven.
 */
export function oauth2ProxyArgs(
  props: Pick<OAuth2ProxyProps, 'publicUrl' | 'issuerUrl' | 'upstream'>,
  listen = `0.0.0.0:${OAUTH2_PROXY_PORT}`,
): string[] {
  return [
    '--provider=keycloak-oidc',
    `--http-address=${listen}`,
    `--oidc-issuer-url=${props.issuerUrl}`,
    `--redirect-url=${props.publicUrl}/oauth2/callback`,
    `--upstream=${props.upstream}`,
    '--code-challenge-method=S256',
    '--email-domain=*',
    '--skip-provider-button=true',
    '--reverse-proxy=true',
    `--cookie-secure=${props.publicUrl.startsWith('https://')}`,
    '--cookie-name=_bi_sso',
  ];
}
