// Installs whatever a fresh machine lacks: npm dependencies, openssl, PostgreSQL (for tests), and the
// Go-built control plane. Idempotent; a second run takes about a second.
import {
  ensureControlPlaneBinaries,
  ensureDebianPackages,
  ensureNodeModules,
  has,
  hasPostgresServer,
} from './lib.mjs';

export function setup({ postgres = true } = {}) {
  ensureNodeModules();
  ensureDebianPackages([
    { name: 'openssl', check: () => has('openssl') },
    ...(postgres ? [{ name: 'postgresql', check: hasPostgresServer }] : []),
  ]);
  ensureControlPlaneBinaries();
}

if (import.meta.url === `file://${process.argv[1]}`) setup();
