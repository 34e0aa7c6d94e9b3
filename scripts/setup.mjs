// Installs whatever a fresh machine lacks: npm dependencies, openssl, PostgreSQL, redis-server and Chromium (for
// tests), and the Go-built control plane. Idempotent; a second run takes about a second.
import {
  ensureControlPlaneBinaries,
  ensureDebianPackages,
  ensureNodeModules,
  has,
  hasPostgresServer,
} from './lib.mjs';

export function setup({ testTools = true } = {}) {
  ensureNodeModules();
  ensureDebianPackages([
    { name: 'openssl', check: () => has('openssl') },
    ...(testTools
      ? [
          { name: 'postgresql', check: hasPostgresServer },
          { name: 'redis-server', check: () => has('redis-server') },
          { name: 'chromium', check: () => has('chromium') },
        ]
      : []),
  ]);
  ensureControlPlaneBinaries();
}

if (import.meta.url === `file://${process.argv[1]}`) setup();
