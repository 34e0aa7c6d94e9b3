import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startComponent, waitUntil, type Component } from './component.js';
import { ComponentError } from './errors.js';
import { freePort } from './ports.js';

const run = promisify(execFile);

export interface TestPostgres {
  /** `postgres://…/<throwaway database>` for this run. */
  databaseUrl: string;
  /**
   * Shuts the private server down (fast mode: sessions are ended, nothing is lost) and keeps its data
   * directory and port, so clients see an outage until `resume()`. Rejects for a shared server
   * (`BI_TEST_DATABASE_URL`): pass `privateServer: true` to tests that pause.
   */
  pause(): Promise<void>;
  /** Starts the paused server again on the same port and data directory; resolves once it accepts connections. */
  resume(): Promise<void>;
  /** Drops the database; stops the server if this run started it. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Start a private server even when `BI_TEST_DATABASE_URL` names a shared one (needed to `pause()`). Default false. */
  privateServer?: boolean;
}

/**
 * A real PostgreSQL server for tests. With `BI_TEST_DATABASE_URL` set (an admin URL), creates a throwaway
 * database there; otherwise starts a private server on a free loopback port from Debian's `postgresql`
 * package (`npm test` installs it), with a throwaway data directory. Either way `stop()` cleans up.
 * @example
 * const postgres = await startPostgres({ privateServer: true });
 * await postgres.pause(); // connections refused …
 * await postgres.resume(); // … and back, same URL, same data
 */
export async function startPostgres({
  privateServer = false,
}: StartPostgresOptions = {}): Promise<TestPostgres> {
  const database = `bi_test_${process.pid}_${Date.now().toString(36)}`;
  const adminUrl = privateServer ? undefined : process.env.BI_TEST_DATABASE_URL;
  if (adminUrl) {
    const shared = () =>
      Promise.reject(
        new ComponentError(
          'postgres',
          'a shared server (BI_TEST_DATABASE_URL) is not paused by tests; start a private one',
        ),
      );
    await psql(adminUrl, `CREATE DATABASE ${database}`);
    return {
      databaseUrl: withDatabase(adminUrl, database),
      pause: shared,
      resume: shared,
      stop: async () => void (await psql(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)),
    };
  }
  const bin = postgresBinDir();
  const dataDir = mkdtempSync(join(tmpdir(), 'bi-testenv-pg-'));
  const asUser = await postgresUser();
  if (asUser) chownSync(dataDir, asUser.uid, asUser.gid);
  const exec = (binary: string, args: string[]) =>
    asUser
      ? (['runuser', ['-u', 'postgres', '--', join(bin, binary), ...args]] as const)
      : ([join(bin, binary), args] as const);

  const [initCmd, initArgs] = exec('initdb', [
    '-D',
    join(dataDir, 'data'),
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  try {
    await run(initCmd, [...initArgs]);
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new ComponentError(
      'postgres',
      `initdb failed: ${(error as { stderr?: string }).stderr ?? error}`,
      `${initCmd} ${initArgs.join(' ')}`,
    );
  }
  const port = await freePort();
  const logPath = join(dataDir, 'postgres.log');
  if (asUser) {
    // The log file must be writable by the postgres user too.
    await run('touch', [logPath]);
    chownSync(logPath, asUser.uid, asUser.gid);
  }
  const [cmd, args] = exec('postgres', [
    '-D',
    join(dataDir, 'data'),
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-k',
    dataDir,
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=200',
  ]);
  const adminServerUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const launch = async () => {
    const started = startComponent('postgres', cmd, [...args], { logPath });
    const accepting = async () => {
      await psql(adminServerUrl, 'SELECT 1');
      return true;
    };
    await waitUntil(started, 'accepting connections', accepting, 30_000).catch(async (error: unknown) => {
      await started.stop();
      throw error;
    });
    return started;
  };
  let server: Component | undefined;
  try {
    server = await launch();
    await psql(adminServerUrl, `CREATE DATABASE ${database}`);
  } catch (error) {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    databaseUrl: withDatabase(adminServerUrl, database),
    async pause() {
      if (!server?.isRunning()) return;
      // pg_ctl's fast mode, not a signal to the wrapper: `runuser` would follow its SIGTERM with a SIGKILL.
      const [stopCmd, stopArgs] = exec('pg_ctl', ['stop', '-D', join(dataDir, 'data'), '-m', 'fast', '-w']);
      await run(stopCmd, [...stopArgs]);
      await server.exited;
    },
    async resume() {
      if (server?.isRunning()) return;
      server = await launch();
    },
    async stop() {
      await server?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The newest installed PostgreSQL server's bin directory (Debian layout), or a clear error. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new ComponentError(
      'postgres',
      'no PostgreSQL server is installed; run `npm run setup` (it runs `apt-get install -y postgresql`) or set BI_TEST_DATABASE_URL',
    );
  }
  return join(root, versions[0]!, 'bin');
}

/** PostgreSQL refuses to run as root: when we are root, run it as the `postgres` user the package creates. */
async function postgresUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const { stdout } = await run('id', ['-u', 'postgres']).catch(() => {
    throw new ComponentError(
      'postgres',
      'running as root but there is no `postgres` user to run the server as; install Debian postgresql',
    );
  });
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(gid.trim()) };
}

async function psql(url: string, sql: string): Promise<string> {
  const bin = existsSync('/usr/lib/postgresql') ? postgresBinDir() : '';
  const { stdout } = await run(bin ? join(bin, 'psql') : 'psql', [
    url,
    '-v',
    'ON_ERROR_STOP=1',
    '-qAtc',
    sql,
  ]);
  return stdout;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
