/** A grafana.ini: sections of keys, written in the order given. */
export type GrafanaIni = Readonly<Record<string, Readonly<Record<string, string | number | boolean>>>>;

/**
 * The settings Grafana runs with: no phoning home, no self sign-up, no Gravatar. Paths and log mode are
 * not set here: the image's start script passes its `GF_PATHS_*` defaults (data in `/var/lib/grafana`) and
 * console logging on the command line, which win over the file.
 */
export function grafanaSettings(options: { httpPort: number; isSingleSignOn?: boolean }): GrafanaIni {
  return {
    server: {
      http_port: options.httpPort,
      ...(options.isSingleSignOn ? { root_url: `$__env{${SSO_ENV.appUrl}}` } : {}),
    },
    ...(options.isSingleSignOn ? { 'auth.generic_oauth': genericOAuth() } : {}),
    analytics: { reporting_enabled: false, check_for_updates: false, check_for_plugin_updates: false },
    security: { disable_gravatar: true },
    users: { allow_sign_up: false },
  };
}

/** Environment variables Grafana's single sign-on settings read (filled from the sso battery's Secret `sso-grafana`). */
export const SSO_ENV = {
  appUrl: 'SSO_APP_URL',
  issuerUrl: 'SSO_ISSUER_URL',
  clientId: 'GF_AUTH_GENERIC_OAUTH_CLIENT_ID',
  clientSecret: 'GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET',
} as const;

/**
 * Sign-in through Keycloak (the sso battery): authorization code with PKCE, users created on first sign-in, and
 * Keycloak's groups mapped to roles — `admin` edits (Admin), everyone else reads (Viewer). Endpoints come from the
 * issuer URL (`$__env{}` is expanded by Grafana); the client credentials come as `GF_AUTH_GENERIC_OAUTH_*`.
 */
function genericOAuth(): Record<string, string | boolean> {
  const issuer = `$__env{${SSO_ENV.issuerUrl}}`;
  return {
    enabled: true,
    name: 'Keycloak',
    allow_sign_up: true,
    auto_login: false,
    scopes: 'openid profile email',
    auth_url: `${issuer}/protocol/openid-connect/auth`,
    token_url: `${issuer}/protocol/openid-connect/token`,
    api_url: `${issuer}/protocol/openid-connect/userinfo`,
    use_pkce: true,
    role_attribute_path: "contains(groups[*], 'admin') && 'Admin' || 'Viewer'",
    role_attribute_strict: false,
  };
}

/** Renders an INI file: `[section]` headers and `key = value` lines, a blank line between sections. */
export function renderIni(ini: GrafanaIni): string {
  return Object.entries(ini)
    .map(([section, keys]) =>
      [`[${section}]`, ...Object.entries(keys).map(([k, v]) => `${k} = ${String(v)}`)].join('\n'),
    )
    .join('\n\n')
    .concat('\n');
}
