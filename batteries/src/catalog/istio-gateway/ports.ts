/** The gateway Service's ports and where the (non-root) proxy listens for them. */
export const GATEWAY_PORTS = {
  ssh: { port: 2202, targetPort: 2202 },
  http: { port: 80, targetPort: 8080 },
  https: { port: 443, targetPort: 8443 },
} as const;
/** The proxy's readiness port (`/healthz/ready`). */
export const STATUS_PORT = 15021;
/** The proxy's Prometheus port. */
export const METRICS_PORT = 15090;
