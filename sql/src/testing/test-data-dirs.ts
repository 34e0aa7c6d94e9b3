import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createPgliteProcessSql } from '../pglite-process.js';

/** Data directories for PGlite in its own process, each a copy of one template made by a single initdb. */
export interface TestDataDirs {
  /** A new directory path under the temporary root that does not exist yet (for first-start tests). */
  path(name: string): Promise<string>;
  /** A new, initialized, empty data directory. */
  fresh(): Promise<string>;
  /** Removes the temporary root and everything in it. */
  removeAll(): Promise<void>;
}

/**
 * Data directories for a test file: initdb costs seconds (and the process ~800 MB), so it runs once into a
 * template and every `fresh()` directory is a copy of it.
 * @example const dirs = testDataDirs(); afterAll(() => dirs.removeAll());
 */
export function testDataDirs(): TestDataDirs {
  let root: Promise<string> | undefined;
  let template: Promise<string> | undefined;
  let copies = 0;
  const path = async (name: string) => join(await (root ??= mkdtemp(join(tmpdir(), 'bi-sql-data-'))), name);
  const makeTemplate = async () => {
    const dir = await path('template');
    await (await createPgliteProcessSql({ dataDir: dir })).close();
    return dir;
  };
  return {
    path,
    async fresh() {
      const source = await (template ??= makeTemplate());
      const dir = await path(`db-${++copies}`);
      await promisify(execFile)('cp', ['-a', source, dir]);
      return dir;
    },
    async removeAll() {
      if (root) await rm(await root, { recursive: true, force: true });
    },
  };
}
