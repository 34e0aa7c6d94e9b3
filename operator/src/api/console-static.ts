import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { ApiProblem } from './problem.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the built console from `dir` (no auth: the console asks for the token), for GET and HEAD outside `/api/`:
 * a file when one exists, otherwise `index.html` (the single-page app routes on the client). Paths cannot leave
 * `dir`; a path that is not valid percent-encoding is a 400. Hashed assets are cached for a year; index.html never, so a new build is picked up at once.
 */
export function consoleStatic(dir: string): MiddlewareHandler {
  const root = resolve(dir);
  return async (c, next) => {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || c.req.path.startsWith('/api/')) return next();
    let decoded: string;
    try {
      decoded = decodeURIComponent(c.req.path);
    } catch {
      throw new ApiProblem(
        400,
        'bad-request',
        `the path ${JSON.stringify(c.req.path)} is not valid percent-encoding`,
      );
    }
    const wanted = normalize(join(root, decoded));
    const file = wanted.startsWith(root + sep) && (await isFile(wanted)) ? wanted : join(root, 'index.html');
    const body = await readFile(file).catch(() => undefined);
    if (!body) return next();
    const isIndex = file === join(root, 'index.html');
    return c.body(new Uint8Array(body), 200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': isIndex ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
  };
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
