import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { outputPath, type SiteFiles } from './site.js';

export interface ServeOptions {
  port?: number;
  /** Changes an HTML page before it is sent (the dev server adds its reload script). */
  transformHtml?: (html: string) => string;
  /** Answers paths the site does not have (the dev server's reload stream). */
  extra?: (path: string, response: ServerResponse) => boolean;
}

/**
 * Serves built files from memory on 127.0.0.1 as a static host would: `/docs/` from `/docs/index.html`, unknown
 * paths with `/404.html` and status 404. Resolves with the server and its base URL once it listens.
 */
export function serveSite(
  files: SiteFiles,
  { port = 0, transformHtml, extra }: ServeOptions = {},
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (extra?.(path, response)) return;
    const file = files.get(outputPath(path)) ?? files.get(`${path}/index.html`);
    const found = file ?? files.get('/404.html')!;
    const isHtml = typeof found.body === 'string' && found.contentType.startsWith('text/html');
    const body = isHtml && transformHtml ? transformHtml(found.body as string) : found.body;
    response.writeHead(file ? 200 : 404, { 'content-type': found.contentType, 'cache-control': 'no-store' });
    response.end(body);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    });
  });
}
