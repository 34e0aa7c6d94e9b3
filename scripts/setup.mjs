// Installs whatever a fresh machine lacks: npm dependencies, openssl, PostgreSQL, redis-server, Chromium and unzip
// (for tests), the Go-built control plane, and (for tests) Keycloak from Maven Central and the Go-built tools.
// Idempotent; a second run takes about a second.
import {
  ensureControlPlaneBinaries,
  ensureDebianPackages,
  ensureTestTools,
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
          { name: 'unzip', check: () => has('unzip') },
        ]
      : []),
  ]);
  ensureControlPlaneBinaries();
  if (testTools) ensureTestTools();
}

if (import.meta.url === `file://${process.argv[1]}`) setup();
