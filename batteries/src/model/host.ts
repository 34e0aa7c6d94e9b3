/**
 * A hostname a battery (or an instance) serves, and the Service behind it. Declared by the battery
 * (`BatteryDefinition.hosts`); the platform turns each into a `PlatformHost` with its full hostname.
 */
export interface HostRequest {
  /**
   * The host's name, unique on the platform and the first DNS label of its default hostname: `grafana`,
   * `keycloak-admin`. The core battery's `spec.hostnames` overrides a hostname by this name.
   */
  readonly name: string;
  /** The Service the gateway routes the host to; the HTTPRoute lives in its namespace. */
  readonly service: { readonly namespace: string; readonly name: string; readonly port: number };
  /**
   * A full hostname chosen by the owner instead of `<name>.<address>.<baseDomain>` (an instance's additional
   * hosts). Overrides in the core battery's `spec.hostnames` still win.
   */
  readonly hostname?: string;
  /** The field that chose the hostname, named when it is refused (`spec.additionalHosts[0]`). */
  readonly field?: string;
}

/** A host with its owner and full hostname. */
export interface PlatformHost extends HostRequest {
  /** The battery that declared it (for an instance's host, the battery that renders the instance). */
  readonly battery: string;
  /** For an instance's host, the instance (`instanceKey`); it renders the host's route itself. */
  readonly instance?: string;
  /** The override from the core battery's `spec.hostnames`, else `<name>.<address-with-dashes>.<baseDomain>`. */
  readonly hostname: string;
}

/** Which ClusterIssuer signs the hosts' certificates. */
export interface IngressIssuer {
  readonly kind: 'ClusterIssuer';
  readonly name: string;
}

/**
 * How the platform is reached from outside, computed once per pass from the snapshot: every battery's hosts, the
 * gateway's address and whether (and by whom) the hosts get certificates. Charts read it; they never compute it.
 */
export interface PlatformIngress {
  /** The gateway Service's load-balancer IP (read in Prepare), or `127.0.0.1` until it has one. */
  readonly address: string;
  /** Has the gateway a load-balancer address yet (false: `address` is the loopback fallback)? */
  readonly hasAddress: boolean;
  /** The core battery's `baseDomain`. */
  readonly baseDomain: string;
  /** The ingress Gateway's namespace (the platform's istio namespace). */
  readonly gatewayNamespace: string;
  /** Is the istio-gateway battery installed (so routes have a Gateway to attach to)? */
  readonly hasGateway: boolean;
  /** Present when hosts are served over HTTPS: cert-manager is installed and an issuer fits the cluster. */
  readonly tls?: { readonly issuer: IngressIssuer };
  /** Every installed battery's hosts, sorted by name. */
  readonly hosts: readonly PlatformHost[];
}
