import { kubectl } from './testing/kubectl.js';

describe('the testenv control plane', () => {
  it('lets the built kubectl talk to the cluster with the written kubeconfig', async () => {
    const version = JSON.parse(await kubectl(['version', '-o', 'json']));
    expect(version.serverVersion.gitVersion).toMatch(/^v1\.34\./);
    expect(version.clientVersion.gitVersion).toMatch(/^v1\.34\./);
    const nodes = JSON.parse(await kubectl(['get', 'nodes', '-o', 'json']));
    expect(nodes.items.length).toBeGreaterThanOrEqual(1);
  });

  it('schedules a Deployment onto a kwok node whose pod becomes Ready, and the Deployment Available', async () => {
    const manifest = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'proof-deploy' } },
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'proof-deploy' },
          spec: {
            replicas: 2,
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
            },
          },
        },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web', namespace: 'proof-deploy' },
          spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 80 }] },
        },
      ],
    };
    await kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify(manifest));
    await kubectl([
      '-n',
      'proof-deploy',
      'wait',
      '--for=condition=Available',
      'deployment/web',
      '--timeout=90s',
    ]);
    await kubectl([
      '-n',
      'proof-deploy',
      'wait',
      '--for=condition=Ready',
      'pod',
      '-l',
      'app=web',
      '--timeout=90s',
    ]);
    const pods = JSON.parse(
      await kubectl(['-n', 'proof-deploy', 'get', 'pods', '-l', 'app=web', '-o', 'json']),
    );
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.spec.nodeName).toMatch(/^kwok-node-/);
      expect(pod.status.phase).toBe('Running');
    }
    const service = JSON.parse(await kubectl(['-n', 'proof-deploy', 'get', 'service', 'web', '-o', 'json']));
    expect(service.spec.clusterIP).toMatch(/^10\.0\./);
  }, 120_000);
});
