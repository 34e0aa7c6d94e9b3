import { readFileSync } from 'node:fs';

export interface KubeconfigOptions {
  server: string;
  caCertPath: string;
  clientCertPath: string;
  clientKeyPath: string;
  /** Context and cluster name; default `testenv`. */
  name?: string;
}

/** A kubeconfig (YAML text) with the CA and client credentials embedded, so it works from any directory. */
export function renderKubeconfig(options: KubeconfigOptions): string {
  const name = options.name ?? 'testenv';
  const b64 = (path: string) => readFileSync(path).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${options.server}`,
    `    certificate-authority-data: ${b64(options.caCertPath)}`,
    'users:',
    `- name: ${name}-admin`,
    '  user:',
    `    client-certificate-data: ${b64(options.clientCertPath)}`,
    `    client-key-data: ${b64(options.clientKeyPath)}`,
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}-admin`,
    `current-context: ${name}`,
    '',
  ].join('\n');
}
