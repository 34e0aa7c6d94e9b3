// Memory of an operator-shaped process (rss-probe.ts), compiled as the image runs it or under tsx.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoPath } from '@batteries-included/operator/testing';
import { run } from './timing.js';

/**
 * Builds the workspaces the way the image does (`tsc -b operator`, incremental: seconds when nothing changed) and
 * transpiles rss-probe.ts and objects.ts into bench/build/ (git-ignored), where their package imports resolve to
 * the compiled entries. Answers the compiled probe's path.
 */
export async function compileProbe(): Promise<string> {
  await run(
    process.execPath,
    [repoPath('node_modules/typescript/bin/tsc'), '-b', repoPath('operator')],
    180_000,
  );
  const { default: ts } = await import('typescript');
  const build = fileURLToPath(new URL('./build/', import.meta.url));
  mkdirSync(build, { recursive: true });
  for (const file of ['rss-probe.ts', 'objects.ts']) {
    const source = readFileSync(fileURLToPath(new URL(`./${file}`, import.meta.url)), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    });
    writeFileSync(join(build, file.replace(/\.ts$/, '.js')), outputText);
  }
  return join(build, 'rss-probe.js');
}

/**
 * Runs rss-probe with these node arguments (after --expose-gc) and answers what it printed. `probe` picks the
 * synthetic copy it caches (`copy`, default `ours`; `namespaces` × 100 objects, default 10; `replicas` per
 * Deployment, default 1) and whether it also measures PGlite inside the process (`inlinePglite`, default true).
 */
export function rssProbe(
  kubeconfigPath: string,
  args: readonly string[],
  probe: { copy?: string; namespaces?: number; replicas?: number; inlinePglite?: boolean } = {},
): Promise<MemoryFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', ...args], {
      env: {
        ...process.env,
        KUBECONFIG: kubeconfigPath,
        BENCH_COPY: probe.copy ?? 'ours',
        BENCH_NAMESPACES: String(probe.namespaces ?? 10),
        BENCH_REPLICAS: String(probe.replicas ?? 1),
        BENCH_INLINE_PGLITE: probe.inlinePglite === false ? '0' : '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').at(-1);
      if (code !== 0 || !line) reject(new Error(`rss-probe exited ${code}: ${stderr}`));
      else resolve(JSON.parse(line) as MemoryFigures);
    });
  });
}

export interface MemorySample {
  rssMB: number;
  heapUsedMB: number;
  externalMB: number;
  arrayBuffersMB: number;
}

/** What rss-probe.ts prints. */
export interface MemoryFigures {
  cachedObjects: number;
  liveObjects: number;
  unchanged: number;
  start: MemorySample;
  synced: MemorySample;
  afterPass: MemorySample;
  peakBeforeStoreMB?: number;
  /** The operator process with the default embedded store (PGlite in its own process). */
  withStoreProcess: MemorySample;
  /** That database process's RSS. */
  databaseProcessMB?: number;
  /** PGlite inside the operator process instead (BI_EMBEDDED_STORE=inline); absent when not asked for. */
  withPglite?: MemorySample;
  peakMB?: number;
}
