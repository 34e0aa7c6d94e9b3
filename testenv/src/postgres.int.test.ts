import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { postgresBinDir, startPostgres, type TestPostgres } from './postgres.js';

const run = promisify(execFile);
const psql = async (url: string, sql: string) =>
  (await run(join(postgresBinDir(), 'psql'), [url, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql])).stdout.trim();

describe('a private test Postgres server', () => {
  let postgres: TestPostgres | undefined;
  afterEach(async () => postgres?.stop(), 30_000);

  it('pauses (connections refused) and resumes on the same URL with its data', async () => {
    postgres = await startPostgres({ privateServer: true });
    const { databaseUrl } = postgres;
    await psql(databaseUrl, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before the outage')");

    await postgres.pause();
    await expect(psql(databaseUrl, 'SELECT 1')).rejects.toThrow(/Connection refused|could not connect/);

    await postgres.resume();
    expect(await psql(databaseUrl, 'SELECT v FROM kept')).toBe('before the outage');
  }, 60_000);

  it('stops a paused server without complaint and removes its data directory', async () => {
    postgres = await startPostgres({ privateServer: true });
    const dataDir = await psql(postgres.databaseUrl, 'SHOW data_directory');
    expect(existsSync(dataDir)).toBe(true);
    await postgres.pause();
    await postgres.stop();
    postgres = undefined;
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);
});
