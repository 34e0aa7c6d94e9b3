import { request } from 'node:https';
import { readFileSync } from 'node:fs';

export interface KubeHttpCredentials {
  server: string;
  caCertPath: string;
  clientCertPath: string;
  clientKeyPath: string;
}

/**
 * A minimal JSON client for the few calls testenv itself makes (readiness, registering nodes), so the
 * package needs no Kubernetes client library. Returns the status code and parsed body.
 */
export function kubeHttp(
  credentials: KubeHttpCredentials,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(path, credentials.server);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: readFileSync(credentials.caCertPath),
        cert: readFileSync(credentials.clientCertPath),
        key: readFileSync(credentials.clientKeyPath),
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
          : {},
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // readyz and friends answer plain text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}
