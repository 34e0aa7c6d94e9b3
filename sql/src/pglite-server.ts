// The embedded database's own process: PGlite (PostgreSQL in WASM) answering its parent over the IPC channel
// that `pglite-process.ts` forks it with. Messages use Node's "advanced" serialization, so Dates, bigints and
// byte arrays cross unchanged and rows look exactly as the in-process adapter returns them.
//   argv: <dataDir> [--init-only]
// With --init-only it creates the data directory (initdb) and exits: initdb leaves ~600 MB of WASM memory
// behind, so the serving process always opens an existing directory and stays small.
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { EMBEDDED_POSTGRES_CONF, type ServerReply, type ServerRequest } from './pglite-protocol.js';

const [dataDir, mode] = process.argv.slice(2);
if (!dataDir || !process.send) {
  process.stderr.write('pglite-server: start me with fork(dataDir), not by hand\n');
  process.exit(2);
}
const send = (reply: ServerReply) => process.send!(reply);

await mkdir(dataDir, { recursive: true });
const db = await PGlite.create(dataDir, { postgresqlconf: [...EMBEDDED_POSTGRES_CONF] });
if (mode === '--init-only') {
  await db.close();
  process.exit(0);
}

let closing = false;
const close = async () => {
  if (closing) return;
  closing = true;
  if (!db.closed) await db.close();
  process.exit(0);
};

process.on('message', (message: ServerRequest) => {
  if (message.op === 'close') {
    void close().then(() => send({ id: message.id, rows: [] }));
    return;
  }
  db.query(message.text, message.params as unknown[] | undefined).then(
    (result) => send({ id: message.id, rows: result.rows as Record<string, unknown>[] }),
    (error: unknown) => send({ id: message.id, error: serializableError(error) }),
  );
});
// The parent went away (crash or exit): close the database cleanly rather than leave it to a kill.
process.on('disconnect', () => void close());
send({ id: 0, ready: true });

function serializableError(error: unknown) {
  const e = error as { message?: string; code?: string; detail?: string; constraint?: string };
  return {
    message: e?.message ?? String(error),
    code: e?.code,
    detail: e?.detail,
    constraint: e?.constraint,
  };
}
