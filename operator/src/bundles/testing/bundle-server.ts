import { Buffer } from 'node:buffer';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';

/** What the server does for a path: serve content, or misbehave in a way a test asks for. */
export type Route =
  | { kind: 'file'; content: string }
  | { kind: 'redirect'; location: string; status?: number }
  | { kind: 'status'; status: number }
  /** Fails `times` requests with 503, then serves `content`. */
  | { kind: 'flaky'; times: number; content: string }
  /** Sends headers and a first chunk, then never finishes. */
  | { kind: 'hang' }
  /** Streams `bytes` bytes without a Content-Length header. */
  | { kind: 'stream'; bytes: number };

export interface BundleServer {
  /** `http://127.0.0.1:<port>`: use as the bundle mirror. */
  readonly url: string;
  /** Requests per path, counted as they arrive. */
  readonly hits: Map<string, number>;
  /** Replaces or adds routes. */
  set(path: string, route: Route): void;
  close(): Promise<void>;
}

/**
 * A local HTTP server for bundle tests: serves files by path (the mirror layout `/<host>/<path>`), counts
 * requests, and can redirect, fail, flake, hang or stream without a length.
 */
export async function startBundleServer(
  files: ReadonlyMap<string, string> = new Map(),
): Promise<BundleServer> {
  const routes = new Map<string, Route>(
    [...files].map(([path, content]) => [path, { kind: 'file', content }]),
  );
  const hits = new Map<string, number>();
  const open = new Set<ServerResponse>();
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    // No keep-alive: a pooled socket the server closed between tests would fail an attempt before it arrives.
    response.setHeader('connection', 'close');
    const route = routes.get(path);
    if (!route) return void response.writeHead(404).end('not found');
    switch (route.kind) {
      case 'file':
        response
          .writeHead(200, {
            'content-type': 'application/yaml',
            'content-length': Buffer.byteLength(route.content),
          })
          .end(route.content);
        return;
      case 'redirect':
        response.writeHead(route.status ?? 302, { location: route.location }).end();
        return;
      case 'status':
        response.writeHead(route.status).end(`status ${route.status}`);
        return;
      case 'flaky':
        if (hits.get(path)! <= route.times) response.writeHead(503).end('try later');
        else response.writeHead(200).end(route.content);
        return;
      case 'hang':
        open.add(response);
        response.writeHead(200, { 'content-type': 'application/yaml' });
        response.write('apiVersion: v1\n');
        return;
      case 'stream': {
        response.writeHead(200, { 'content-type': 'application/yaml' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          while (sent < route.bytes) {
            sent += chunk.byteLength;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          response.end();
        };
        response.on('error', () => undefined);
        pump();
        return;
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    set: (path, route) => void routes.set(path, route),
    async close() {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A local port nothing listens on (bound, then released): a mirror or release host that refuses connections. */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
