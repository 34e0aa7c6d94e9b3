import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerReply, ServerRequest } from './pglite-protocol.js';
import { closedError, transactionHandle, type Row, type Sql } from './sql.js';

export interface PgliteProcessOptions {
  /** Directory the database persists to (created, with initdb, if missing). */
  dataDir: string;
  /** Called with the server's stderr lines and unexpected exits. Default: ignored. */
  onLog?: (line: string) => void;
}

/** The embedded database's `Sql`, which also tells the database process's pid (for memory figures). */
export interface EmbeddedSql extends Sql {
  serverPid(): number | undefined;
}

/** A query the embedded database answered with an error; carries PostgreSQL's SQLSTATE like the drivers do. */
export class EmbeddedDatabaseError extends Error {
  override readonly name = 'EmbeddedDatabaseError';
  constructor(
    message: string,
    readonly code?: string,
    readonly detail?: string,
    readonly constraint?: string,
  ) {
    super(message);
  }
}

const SERVER = fileURLToPath(new URL(`./pglite-server${extensionOf(import.meta.url)}`, import.meta.url));

/**
 * A `Sql` over PGlite running in a child process of its own — the embedded store `npm start` and an operator
 * without `DATABASE_URL` use. The database's ~200 MB of WASM memory then lives beside the caller, as a Postgres
 * server would, instead of inside it, and the first start's initdb (≈800 MB, never returned to the OS) runs in a
 * short-lived process of its own.
 *
 * Semantics match the in-process adapter: PGlite is one session, so a transaction holds it and other callers'
 * statements wait until it ends. If the database process dies, the statements in flight fail with a clear error
 * and the next statement starts it again; a transaction it died in fails as a whole (its later statements are
 * refused rather than run, uncommitted, on the new process).
 * @example const sql = await createPgliteProcessSql({ dataDir: '.data/operator-db' })
 */
export async function createPgliteProcessSql({ dataDir, onLog }: PgliteProcessOptions): Promise<EmbeddedSql> {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await runServer(dataDir, ['--init-only'], onLog);
  let server = await startServer(dataDir, onLog);
  let closed = false;
  // One statement or transaction at a time, in arrival order (PGlite has one session).
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };
  const current = async (): Promise<ServerHandle> => {
    if (closed) throw closedError();
    if (!server.alive()) server = await startServer(dataDir, onLog);
    return server;
  };
  return {
    serverPid: () => (server.alive() ? server.pid : undefined),
    query: <T = Row>(text: string, params?: readonly unknown[]) =>
      exclusive(async () => (await (await current()).request({ op: 'query', text, params })) as T[]),
    transaction: <T>(fn: (tx: Sql) => Promise<T>) =>
      exclusive(async () => runTransaction(await current(), fn)),
    close: () =>
      exclusive(async () => {
        if (closed) return;
        closed = true;
        await server.stop();
      }),
  };
}

/** One transaction, bound to the database process it began on. */
async function runTransaction<T>(server: ServerHandle, fn: (tx: Sql) => Promise<T>): Promise<T> {
  const handle = transactionHandle(
    async <R = Row>(text: string, params?: readonly unknown[]) =>
      (await server.request({ op: 'query', text, params })) as R[],
  );
  await handle.tx.query('BEGIN');
  try {
    const result = await fn(handle.tx);
    handle.assertCommittable();
    await handle.tx.query('COMMIT');
    return result;
  } catch (error) {
    // A process that died took the transaction with it; there is nothing to roll back.
    if (server.alive()) await handle.tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    handle.end();
  }
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

interface ServerHandle {
  readonly pid: number | undefined;
  request(message: WithoutId<ServerRequest>): Promise<Row[]>;
  alive(): boolean;
  stop(): Promise<void>;
}

async function startServer(dataDir: string, onLog?: (line: string) => void): Promise<ServerHandle> {
  const child = spawnServer(dataDir, [], onLog);
  const pending = new Map<number, { resolve: (rows: Row[]) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (reply: ServerReply) => {
      if ('ready' in reply) return resolve();
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      if (!waiter) return;
      if ('error' in reply) {
        const { message, code, detail, constraint } = reply.error;
        waiter.reject(new EmbeddedDatabaseError(message, code, detail, constraint));
      } else waiter.resolve(reply.rows);
    });
    child.once('exit', (code, signal) => {
      exited = true;
      const error = new Error(
        `the embedded database process exited (${signal ?? `code ${code}`}); its stderr went to onLog`,
      );
      onLog?.(error.message);
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
  });
  await ready;
  return {
    pid: child.pid,
    alive: () => !exited,
    request(message) {
      if (exited)
        return Promise.reject(new Error('the embedded database process exited; the statement was not run'));
      const id = nextId++;
      return new Promise<Row[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ ...message, id } as ServerRequest);
      });
    },
    async stop() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.send({ op: 'close', id: nextId++ } satisfies ServerRequest);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Runs the server to completion (initdb). */
async function runServer(dataDir: string, args: string[], onLog?: (line: string) => void): Promise<void> {
  const child = spawnServer(dataDir, args, onLog);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`creating the embedded database in ${dataDir} failed (exit ${code})`);
}

function spawnServer(dataDir: string, args: string[], onLog?: (line: string) => void): ChildProcess {
  const child = fork(SERVER, [dataDir, ...args], {
    serialization: 'advanced',
    // From TypeScript sources (npm start, tests) the server needs the same loader; compiled, plain node.
    execArgv: SERVER.endsWith('.ts') ? ['--conditions=source', '--import', 'tsx'] : [],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) if (line.trim()) onLog?.(`embedded database: ${line}`);
  });
  return child;
}

function extensionOf(url: string): string {
  return url.endsWith('.ts') ? '.ts' : '.js';
}
