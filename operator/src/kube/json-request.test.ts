import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { requestJson } from './json-request.js';

/** A plain-HTTP stand-in for the API server that counts the TCP connections it accepts. */
describe('requestJson connections', () => {
  let server: Server;
  let connections = 0;
  let config: KubeConfig;

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ path: req.url, method: req.method }));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'local', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [{ name: 'nobody' }],
      contexts: [{ name: 'local', cluster: 'local', user: 'nobody' }],
      currentContext: 'local',
    });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    connections = 0;
  });

  it('reuses one kept-alive connection for requests made one after another', async () => {
    for (let i = 0; i < 5; i++) {
      const body = await requestJson<{ path: string }>(config, { path: `/api/v1/namespaces/n${i}` });
      expect(body.path).toBe(`/api/v1/namespaces/n${i}`);
    }
    expect(connections).toBeLessThanOrEqual(1);
  });

  it('opens at most one connection per request in flight, and reuses them afterwards', async () => {
    const burst = () =>
      Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          requestJson(config, { method: 'PATCH', path: `/api/v1/configmaps/c${i}`, body: { i } }),
        ),
      );
    await burst();
    const opened = connections;
    expect(opened).toBeLessThanOrEqual(4);
    await burst();
    await burst();
    expect(connections).toBe(opened);
  });
});
