import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { PortForward, type KubeConfig } from '@kubernetes/client-node';
import { InvalidInputError } from '../lib/errors.js';

/** The loopback address forwards listen on: a database port is never opened to the network by default. */
export const LOOPBACK = '127.0.0.1';

export interface PortForwardOptions {
  readonly namespace: string;
  /** The pod to reach, asked again for each connection (a Postgres failover moves the primary). */
  readonly pod: () => Promise<string>;
  /** The pod's port. */
  readonly port: number;
  /** The local port; 0 picks a free one. @default 0 */
  readonly localPort?: number;
  /** Called with a connection's failure (the pod is gone, the API server refused); the forward keeps listening. */
  readonly onError?: (message: string) => void;
  /** Called when a connection reaches a pod other than the last one. */
  readonly onPod?: (pod: string) => void;
}

export interface RunningPortForward {
  readonly host: string;
  readonly port: number;
  /** Stops listening and ends every open connection. */
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 and carries each connection to `port` of the pod through the API server's `portforward`
 * subresource (client-node's PortForward, over the caller's kubeconfig; no kubectl). Resolves once listening.
 * @example
 * const forward = await startPortForward(config, { namespace: 'orders', pod: async () => 'pg-orders-1', port: 5432 });
 * // psql -h 127.0.0.1 -p ${forward.port} …; then
 * await forward.close();
 */
export async function startPortForward(
  config: KubeConfig,
  options: PortForwardOptions,
): Promise<RunningPortForward> {
  const { namespace, port, localPort = 0, onError = () => {}, onPod = () => {} } = options;
  const forwarder = new PortForward(config);
  const sockets = new Set<Socket>();
  let lastPod: string | undefined;

  const carry = async (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // The pod's own refusals (nothing listens on the port) arrive on the error channel.
    let refusal = '';
    const errors = new Writable({
      write(chunk: Buffer, _encoding, done) {
        refusal += chunk.toString('utf8');
        done();
      },
    });
    try {
      const pod = await options.pod();
      if (pod !== lastPod) onPod(pod);
      lastPod = pod;
      const ws = await forwarder.portForward(namespace, pod, [port], socket, errors, socket);
      if (typeof ws === 'function') return;
      ws.on('close', () => {
        if (refusal.trim()) onError(`${namespace}/${pod}:${port}: ${refusal.trim()}`);
        socket.end();
      });
      ws.on('error', (error: Error) => onError(`${namespace}/${pod}:${port}: ${error.message}`));
      socket.on('close', () => ws.close());
      socket.on('error', () => ws.close());
    } catch (error) {
      onError(`${namespace}: ${(error as Error).message}`);
      socket.destroy();
    }
  };

  const server = createServer((socket) => {
    // The socket's data is read by the forward once it is open; hold it until then.
    socket.pause();
    void carry(socket).finally(() => socket.resume());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new InvalidInputError(
              `--local-port ${localPort}: ${LOOPBACK}:${localPort} cannot be used (${error.code}); pick another port, or 0 for any free one`,
            )
          : error,
      ),
    );
    server.listen(localPort, LOOPBACK, () => resolve());
  });
  return {
    host: LOOPBACK,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
