import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteProcessSql } from '@batteries-included/sql';
import { configMap, passRecord, result } from './fixtures.js';
import { createStore } from './store.js';
import { describeStoreContract } from './store.contract.js';

// The embedded store as the operator runs it: PGlite in a process of its own. initdb runs once into a template
// directory; each contract test starts from a copy of it.
let root: string;
let template: Promise<string> | undefined;
let copies = 0;
const freshDataDir = async () => {
  template ??= (async () => {
    const dir = join(root, 'template');
    await (await createPgliteProcessSql({ dataDir: dir })).close();
    return dir;
  })();
  const dir = join(root, `db-${++copies}`);
  execFileSync('cp', ['-a', await template, dir]);
  return dir;
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bi-store-process-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describeStoreContract('PGlite in its own process', async () =>
  createPgliteProcessSql({ dataDir: await freshDataDir() }),
);

describe('the embedded database process', () => {
  it('creates the data directory on first start and keeps it across restarts', async () => {
    const dataDir = join(root, 'first-start');
    const first = await createStore(await createPgliteProcessSql({ dataDir }));
    const { id } = await first.recordPass(passRecord([result('create', configMap('a', { v: '1' }))]));
    await first.close();
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);

    const second = await createStore(await createPgliteProcessSql({ dataDir }));
    try {
      expect((await second.getPass(id))?.objects.map((o) => o.ref)).toEqual(['ConfigMap/battery-core/a']);
    } finally {
      await second.close();
    }
  }, 60_000);
});
