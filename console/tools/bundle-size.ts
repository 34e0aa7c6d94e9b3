// Measures the JavaScript a first page load needs: the entry chunk and every chunk it imports statically
// (lazy routes are not counted), gzipped at level 9 as a server would send it.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** The budget from issue #6: initial JavaScript under 250 KB gzip. */
export const INITIAL_JS_BUDGET_BYTES = 250 * 1024;
/** Initial JavaScript before the metrics charts (issue #17), as the build printed it: 111.9 KB gzip. */
export const INITIAL_JS_BEFORE_CHARTS_BYTES = Math.round(111.9 * 1024);
/** Issue #17's budget: charts and the capacity panel may grow the first load by at most 60 KB gzip. */
export const CHARTS_GROWTH_BUDGET_BYTES = 60 * 1024;

export interface ChunkInfo {
  fileName: string;
  code: string;
  isEntry: boolean;
  imports: readonly string[];
}

export interface BundleSize {
  /** Files loaded up front, entry first. */
  files: string[];
  rawBytes: number;
  gzipBytes: number;
  budgetBytes: number;
}

/** The entry chunks and their static imports, transitively, gzipped. */
export function measureInitialJs(chunks: readonly ChunkInfo[]): BundleSize {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const next of byName.get(name)?.imports ?? []) visit(next);
  };
  for (const chunk of chunks) if (chunk.isEntry) visit(chunk.fileName);
  const files = [...seen].filter((name) => byName.has(name));
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const name of files) {
    const code = Buffer.from(byName.get(name)!.code);
    rawBytes += code.length;
    gzipBytes += gzipSync(code, { level: 9 }).length;
  }
  return { files, rawBytes, gzipBytes, budgetBytes: INITIAL_JS_BUDGET_BYTES };
}

/** A Vite plugin that prints the initial JS size after each build and writes it to `bundle-size.json`. */
export function bundleSize(): Plugin {
  let outDir = 'dist';
  return {
    name: 'bi-bundle-size',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      const chunks: ChunkInfo[] = Object.values(bundle).flatMap((item) =>
        item.type === 'chunk'
          ? [{ fileName: item.fileName, code: item.code, isEntry: item.isEntry, imports: item.imports }]
          : [],
      );
      const size = measureInitialJs(chunks);
      writeFileSync(join(outDir, 'bundle-size.json'), `${JSON.stringify(size, null, 2)}\n`);
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      const verdict = size.gzipBytes <= size.budgetBytes ? 'within' : 'OVER';
      const growth = size.gzipBytes - INITIAL_JS_BEFORE_CHARTS_BYTES;
      process.stdout.write(
        `initial JS: ${kb(size.gzipBytes)} gzip (${kb(size.rawBytes)} raw) in ${size.files.length} files, ${verdict} the ${kb(size.budgetBytes)} budget; ${growth >= 0 ? '+' : ''}${kb(growth)} since the charts (budget +${kb(CHARTS_GROWTH_BUDGET_BYTES)})\n`,
      );
    },
  };
}
