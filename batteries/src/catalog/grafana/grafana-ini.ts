/** A grafana.ini: sections of keys, written in the order given. */
export type GrafanaIni = Readonly<Record<string, Readonly<Record<string, string | number | boolean>>>>;

/**
 * The settings Grafana runs with: no phoning home, no self sign-up, no Gravatar. Paths and log mode are
 * not set here: the image's start script passes its `GF_PATHS_*` defaults (data in `/var/lib/grafana`) and
 * console logging on the command line, which win over the file.
 */
export function grafanaSettings(options: { httpPort: number }): GrafanaIni {
  return {
    server: { http_port: options.httpPort },
    analytics: { reporting_enabled: false, check_for_updates: false, check_for_plugin_updates: false },
    security: { disable_gravatar: true },
    users: { allow_sign_up: false },
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
