import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

/** Requests this process sent, by kind of request. */
export interface HttpCounts {
  total: number;
  /** PATCH, POST, PUT, DELETE (server-side applies, dry-runs included, are PATCHes). */
  writes: number;
  /** GETs of one object: the per-object reads a no-op pass must not make. */
  objectGets: number;
  /** GETs of a collection (paged lists, which carry `limit`) and new watches (`watch=true`). */
  listsAndWatches: number;
  /** `/api`, `/apis`, `/openapi`, `/version`. */
  discovery: number;
  byMethod: Record<string, number>;
  /** Writes by method and path, e.g. `PATCH /apis/…/lokibatteries/loki/status`; after 20 paths, the rest as `other`. */
  writePaths: Record<string, number>;
  /** TCP connections opened (each a TLS handshake against an https API server). */
  connections: number;
}

const DISCOVERY = /^\/api(\/v1)?\/?$|^\/apis(\/[^/]+(\/[^/]+)?)?\/?$|^\/(openapi|version)\b/;

/**
 * Counts every HTTP request this process starts, from Node's `http.client.request.start` diagnostics channel:
 * our `requestJson`, client-node's fetch and watches all go through `http(s).request`, so nothing escapes it.
 * Connections are counted as distinct sockets handed to requests. `window()` starts a count; calling what it
 * returns gives the requests (and connections) started since.
 */
export function createHttpCounter(): { window(): () => HttpCounts } {
  const log: Array<{ method: string; path: string }> = [];
  const sockets = new WeakSet<object>();
  let connections = 0;
  subscribe('http.client.request.start', (message) => {
    const request = (message as { request: ClientRequest }).request;
    log.push({ method: request.method, path: request.path });
    // A socket never seen before is a new connection (a TLS handshake against an https server). The request may
    // hold its socket already when this channel fires.
    const count = (socket: object) => {
      if (sockets.has(socket)) return;
      sockets.add(socket);
      connections++;
    };
    if (request.socket) count(request.socket);
    else request.once('socket', count);
  });
  return {
    window() {
      const from = log.length;
      const connectionsFrom = connections;
      return () => classify(log.slice(from), connections - connectionsFrom);
    },
  };
}

function classify(
  requests: ReadonlyArray<{ method: string; path: string }>,
  connections: number,
): HttpCounts {
  const counts: HttpCounts = {
    connections,
    total: requests.length,
    writes: 0,
    objectGets: 0,
    listsAndWatches: 0,
    discovery: 0,
    byMethod: {},
    writePaths: {},
  };
  for (const { method, path } of requests) {
    counts.byMethod[method] = (counts.byMethod[method] ?? 0) + 1;
    const [pathname = '', query = ''] = path.split('?');
    const params = new URLSearchParams(query);
    if (method !== 'GET') {
      counts.writes++;
      const key = `${method} ${pathname}`;
      const bucket = key in counts.writePaths || Object.keys(counts.writePaths).length < 20 ? key : 'other';
      counts.writePaths[bucket] = (counts.writePaths[bucket] ?? 0) + 1;
    } else if (DISCOVERY.test(pathname)) counts.discovery++;
    else if (params.get('watch') === 'true' || params.get('watch') === '1' || params.has('limit'))
      counts.listsAndWatches++;
    else counts.objectGets++;
  }
  return counts;
}
