import type { HostRequest } from '../../model/host.js';

/**
 * The control server (API, event stream and console) as `deploy/base` installs it: the operator's Service in the
 * operator's namespace. The core battery routes the `control` host to it.
 */
export const CONTROL_SERVER = {
  namespace: 'batteries-included-system',
  service: 'batteries-included-operator',
  port: 4000,
} as const;

/** The host the console and API are reached under. */
export const CONTROL_HOST = 'control';

/** The core battery's one host: `control`, the console and API. */
export function controlHost(): HostRequest {
  return {
    name: CONTROL_HOST,
    service: { namespace: CONTROL_SERVER.namespace, name: CONTROL_SERVER.service, port: CONTROL_SERVER.port },
  };
}

/** The ConfigMap in the core namespace telling the CLI where the console is (keys `hostname`, `ssl`, `address`). */
export const ACCESS_INFO = 'access-info';
