import { createServer } from 'node:net';
import { ComponentError } from './errors.js';

/** A port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Resolves `port` when given and free, a free port when not given; a clear error when taken. */
export async function claimPort(component: string, port: number | undefined): Promise<number> {
  if (port === undefined) return freePort();
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new ComponentError(
          component,
          error.code === 'EADDRINUSE'
            ? `port ${port} on 127.0.0.1 is already in use; stop what holds it (\`ss -ltnp 'sport = :${port}'\`) or leave the port unset to pick a free one`
            : `cannot listen on 127.0.0.1:${port}: ${error.message}`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
  return port;
}
