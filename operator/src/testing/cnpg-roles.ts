import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestPostgres } from '@batteries-included/testenv';

const run = promisify(execFile);

/** The role options CloudNativePG's managed roles map to `CREATE ROLE` options. */
const ROLE_OPTIONS = ['login', 'superuser', 'createdb', 'createrole', 'inherit', 'replication', 'bypassrls'];

/** The parts of a rendered CloudNativePG `Cluster` that its managed roles and initdb read. */
export interface CnpgClusterView {
  spec: {
    managed: { roles: Array<Record<string, unknown> & { name: string; passwordSecret: { name: string } }> };
    bootstrap: { initdb: { database: string; owner: string } };
  };
}

/**
 * Sets up a real PostgreSQL server as CloudNativePG would for a rendered `Cluster`: each managed role created with
 * its options and the password of its `passwordSecret` (read through `passwordOf`), the initdb database owned by
 * its owner, and scram-sha-256 for every user but `postgres` over TCP (the test server trusts everyone until then).
 * For a private server only (`startPostgres({ privateServer: true })`): it rewrites the server's pg_hba.conf.
 * @example
 * await provisionLikeCnpg(postgres, cluster, async (name) => (await secretData('team-a', name)).password);
 */
export async function provisionLikeCnpg(
  postgres: TestPostgres,
  cluster: CnpgClusterView,
  passwordOf: (secretName: string) => Promise<string>,
): Promise<void> {
  for (const role of cluster.spec.managed.roles) {
    const password = await passwordOf(role.passwordSecret.name);
    const options = ROLE_OPTIONS.map((option) => `${role[option] ? '' : 'NO'}${option.toUpperCase()}`).join(
      ' ',
    );
    await runPsql(postgres.databaseUrl, `CREATE ROLE "${role.name}" ${options} PASSWORD '${password}'`);
  }
  const { database, owner } = cluster.spec.bootstrap.initdb;
  await runPsql(postgres.databaseUrl, `CREATE DATABASE "${database}" OWNER "${owner}"`);
  const hbaFile = await runPsql(postgres.databaseUrl, 'SHOW hba_file');
  await runPsql(
    postgres.databaseUrl,
    `COPY (VALUES ('local all all trust'), ('host all postgres 127.0.0.1/32 trust'), ('host all all 127.0.0.1/32 scram-sha-256')) TO '${hbaFile}'`,
  );
  await runPsql(postgres.databaseUrl, 'SELECT pg_reload_conf()');
}

/** Runs SQL through `psql` with a connection string (URI or key/value DSN); resolves with the last line, trimmed. */
export async function runPsql(connection: string, sql: string): Promise<string> {
  const { stdout } = await run('psql', [connection, '-v', 'ON_ERROR_STOP=1', '-tAq', '-c', sql], {
    env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
  });
  return stdout.trim().split('\n').at(-1)!.trim();
}
