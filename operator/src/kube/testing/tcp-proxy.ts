import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

/** A TCP relay in front of the API server, so a test can cut a client's connections like a network would. */
export interface TcpProxy {
  /** A copy of the kubeconfig whose current cluster goes through the proxy (TLS passes through untouched). */
  readonly config: KubeConfig;
  /** Drops every open connection and refuses new ones until `resume()`. */
  cut(): void;
  resume(): void;
  close(): Promise<void>;
}

/** Starts a relay on a free loopback port to the kubeconfig's current cluster. */
export async function startTcpProxy(config: KubeConfig): Promise<TcpProxy> {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const upstream = new URL(cluster.server);
  const sockets = new Set<Socket>();
  let refusing = false;
  const server = createServer((client) => {
    if (refusing) return client.destroy();
    const target = connect(Number(upstream.port || 443), upstream.hostname);
    for (const socket of [client, target]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        target.destroy();
      });
    }
    client.pipe(target).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const proxied = new KubeConfig();
  proxied.loadFromOptions({
    clusters: config.clusters.map((c) =>
      c.name === cluster.name ? { ...c, server: `https://127.0.0.1:${port}` } : c,
    ),
    users: config.users,
    contexts: config.contexts,
    currentContext: config.currentContext,
  });
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    config: proxied,
    cut() {
      refusing = true;
      dropAll();
    },
    resume() {
      refusing = false;
    },
    close() {
      dropAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
