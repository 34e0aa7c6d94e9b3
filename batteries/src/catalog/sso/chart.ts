import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import type { BatteryChartProps } from '../../model/battery.js';
import { keycloakRef, WAITS_FOR_ANNOTATION } from '../../model/keycloak-object.js';
import { imageRef } from '../../schema/image.js';
import { publicUrl } from './hosts.js';
import { addClient, addOtpRequirement, addRealm, addRoleGroups } from './keycloak-state.js';
import { addOAuth2Proxy } from './oauth2-proxy.js';
import { CLIENT_SECRET_KEYS, clientSecretName, PROTECTED_UIS, type ProtectedUi } from './protected-uis.js';
import { SSO_REALM, type SsoSpec } from './schema.js';
import { clientSecretMaterial, cookieSecretMaterial } from './secrets.js';

/**
 * Single sign-on over Keycloak: the realm `batterycore` with the groups `admin` and `viewer`, one OpenID Connect
 * client per installed protected UI (`PROTECTED_UIS`) and per client a user service asks for, each confidential
 * client's credentials in the Secret `sso-<client>` of the UI's namespace, and oauth2-proxy in front of the UIs
 * without a sign-in of their own. The Keycloak objects go to Keycloak's admin API in the same pass; the Secrets
 * wait for them.
 */
export class SsoChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<SsoSpec>) {
    super(scope, 'sso');
    const { spec, settings } = props;
    const realm = SSO_REALM;
    const issuerUrl = `${publicUrl('keycloak', spec)}/realms/${realm}`;
    addRealm(this, realm);
    addRoleGroups(this, realm);
    addOtpRequirement(this, realm, spec.mfa);

    for (const ui of installedUis(props.isInstalled)) {
      const baseUrl = publicUrl(ui.host, spec);
      const secret = ui.isPublicClient ? undefined : props.secret(clientSecretMaterial(ui.client));
      addClient(this, realm, {
        clientId: ui.client,
        name: ui.client,
        baseUrl,
        redirectUris: [`${baseUrl}${ui.callbackPath}`],
        ...(secret === undefined ? {} : { secret }),
      });
      const namespace = ui.namespace(settings.namespaces);
      if (ui.guard === 'oauth2-proxy') {
        addOAuth2Proxy(this, {
          client: ui.client,
          namespace,
          realm,
          image: imageRef(spec.oauth2ProxyImage),
          publicUrl: baseUrl,
          issuerUrl,
          upstream: ui.upstream!(settings.namespaces),
          clientSecret: secret!,
          cookieSecret: props.secret(cookieSecretMaterial(ui.client)),
        });
      } else if (secret !== undefined) {
        addCredentialsSecret(this, {
          client: ui.client,
          namespace,
          realm,
          secret,
          issuerUrl,
          appUrl: baseUrl,
        });
      }
    }

    for (const client of spec.clients) {
      const secret = props.secret(clientSecretMaterial(client.name));
      const base = client.redirectUris[0]!.replace(/^([a-z]+:\/\/[^/]+).*$/i, '$1');
      addClient(this, realm, {
        clientId: client.name,
        name: client.name,
        baseUrl: base,
        redirectUris: client.redirectUris,
        secret,
      });
      addCredentialsSecret(this, {
        client: client.name,
        namespace: client.namespace,
        realm,
        secret,
        issuerUrl,
        appUrl: base,
      });
    }
  }
}

/** The protected UIs whose battery is installed. */
export function installedUis(isInstalled: (type: string) => boolean): ProtectedUi[] {
  return PROTECTED_UIS.filter((ui) => isInstalled(ui.battery));
}

/** A client's credentials for an app that signs in natively: client id and secret, issuer URL. */
function addCredentialsSecret(
  scope: Construct,
  props: {
    client: string;
    namespace: string;
    realm: string;
    secret: string;
    issuerUrl: string;
    appUrl: string;
  },
): void {
  new k8s.KubeSecret(scope, `${props.client}-credentials`, {
    metadata: {
      name: clientSecretName(props.client),
      namespace: props.namespace,
      annotations: { [WAITS_FOR_ANNOTATION]: keycloakRef('KeycloakClient', props.client, props.realm) },
    },
    type: 'Opaque',
    stringData: {
      [CLIENT_SECRET_KEYS.clientId]: props.client,
      [CLIENT_SECRET_KEYS.clientSecret]: props.secret,
      [CLIENT_SECRET_KEYS.issuerUrl]: props.issuerUrl,
      [CLIENT_SECRET_KEYS.appUrl]: props.appUrl,
    },
  });
}
