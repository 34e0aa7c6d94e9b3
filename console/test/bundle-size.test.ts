import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  CHARTS_GROWTH_BUDGET_BYTES,
  INITIAL_JS_BEFORE_CHARTS_BYTES,
  INITIAL_JS_BUDGET_BYTES,
  measureInitialJs,
  type BundleSize,
} from '../tools/bundle-size.js';

const run = promisify(execFile);
const consoleDir = fileURLToPath(new URL('..', import.meta.url));
const vite = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url));

describe('initial JavaScript', () => {
  it('counts entry chunks and their static imports, not lazy chunks', () => {
    const size = measureInitialJs([
      {
        fileName: 'index.js',
        code: 'import "./vendor.js"; import("./lazy.js")',
        isEntry: true,
        imports: ['vendor.js'],
      },
      { fileName: 'vendor.js', code: 'export const v = 1;'.repeat(50), isEntry: false, imports: [] },
      {
        fileName: 'lazy.js',
        code: 'export const big = 2;'.repeat(5000),
        isEntry: false,
        imports: ['vendor.js'],
      },
    ]);
    expect(size.files).toEqual(['index.js', 'vendor.js']);
    expect(size.rawBytes).toBe(
      'import "./vendor.js"; import("./lazy.js")'.length + 'export const v = 1;'.length * 50,
    );
    expect(size.gzipBytes).toBeGreaterThan(0);
    expect(size.gzipBytes).toBeLessThan(size.rawBytes);
  });

  it('is under 250 KB gzip in a production build, at most 60 KB more than before the charts (lazy), and no chunk carries zod', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'console-build-'));
    try {
      await run(
        process.execPath,
        [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
        // Jest sets NODE_ENV=test, which would make Vite bundle React's development build.
        { cwd: consoleDir, env: { ...process.env, NODE_ENV: 'production' } },
      );
      const size = JSON.parse(readFileSync(join(outDir, 'bundle-size.json'), 'utf8')) as BundleSize;
      expect(size.files.length).toBeGreaterThan(0);
      expect(size.files[0]).toMatch(/^assets\/index-.*\.js$/);
      // React and the router alone are ~60 KB gzip: a smaller number means the measurement is broken.
      expect(size.gzipBytes).toBeGreaterThan(50 * 1024);
      expect(size.gzipBytes).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
      // The charts and the capacity panel are lazy chunks: the first load grows by at most 60 KB gzip for them.
      expect(size.gzipBytes - INITIAL_JS_BEFORE_CHARTS_BYTES).toBeLessThanOrEqual(CHARTS_GROWTH_BUDGET_BYTES);
      const lazyChunks = readdirSync(join(outDir, 'assets'));
      expect(lazyChunks.some((name) => /^metrics-panel-.*\.js$/.test(name))).toBe(true);
      expect(lazyChunks.some((name) => /^capacity-panel-.*\.js$/.test(name))).toBe(true);
      expect(size.files.some((name) => /(metrics|capacity)-panel|line-chart/.test(name))).toBe(false);
      // React's production build: its development build names the DevTools in a console message.
      const entry = readFileSync(join(outDir, size.files[0]!), 'utf8');
      expect(entry).not.toContain('React DevTools');
      // The API types are erased: no chunk, lazy or not, carries zod (whose classes are named `$ZodType`, …).
      const assets = join(outDir, 'assets');
      const chunks = readdirSync(assets).filter((name) => name.endsWith('.js'));
      const withZod = chunks.filter((name) => readFileSync(join(assets, name), 'utf8').includes('$ZodType'));
      expect(withZod).toEqual([]);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 60_000);
});
