// The console's test stack: the operator's test platform (a real control plane whose simulated containers log, the
// Battery CRDs, the operator on in-memory PGlite) with its HTTP API on a socket serving a fresh production build of the console, and headless
// Chromium.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext } from 'playwright-core';
import {
  launchChromium,
  repoPath,
  startPlatform,
  type ApiResponse,
  type OperatorPlatform,
} from '@batteries-included/operator/testing';
import { startVictoriaMetrics } from '@batteries-included/testenv';

const run = promisify(execFile);

export interface ConsoleStack {
  /** The console's base URL, `http://127.0.0.1:<port>`. */
  url: string;
  /** The API token from the Secret api-token. */
  token: string;
  /** The read-only viewer token (key viewer-token of the same Secret). */
  viewerToken: string;
  platform: OperatorPlatform;
  /** A headless Chromium with a fresh profile. */
  browser: BrowserContext;
  /** Calls `/api/v1<path>` with the token; resolves with status and parsed body. */
  api<T = unknown>(path: string, init?: { method?: string; body?: unknown }): Promise<ApiResponse<T>>;
  stop(): Promise<void>;
}

/**
 * Builds the console (while the platform starts), serves it from the operator's API, and opens Chromium. The API's
 * named metric queries go to a real single-node VictoriaMetrics (built from its Go module) that scrapes itself.
 */
export async function startConsoleStack(): Promise<ConsoleStack> {
  const consoleDir = mkdtempSync(join(tmpdir(), 'console-dist-'));
  const build = run(
    process.execPath,
    [
      repoPath('node_modules/vite/bin/vite.js'),
      'build',
      '--outDir',
      consoleDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    // Jest sets NODE_ENV=test, which would make Vite bundle React's development build.
    { cwd: repoPath('console'), env: { ...process.env, NODE_ENV: 'production' } },
  );
  // A failed build must not leave an unhandled rejection while the platform starts.
  build.catch(() => undefined);
  // Simulated containers log (kwok serves them from `platform.cluster.podLogs`), so the log view has lines to show.
  // The journey installs no battery built on an upstream release; Grafana's dashboards are optional bundles, and a
  // mirror that refuses connections fails them at once instead of waiting on name lookups of the internet.
  const platform = await startPlatform({
    nodes: 2,
    podLogs: true,
    operator: { bundleMirror: 'http://127.0.0.1:9' },
  }).catch((error: unknown) => {
    rmSync(consoleDir, { recursive: true, force: true });
    throw error;
  });
  platform.defer(() => rmSync(consoleDir, { recursive: true, force: true }));
  try {
    await build;
    const victoriaMetrics = await startVictoriaMetrics({ selfScrapeInterval: '1s' });
    platform.defer(() => victoriaMetrics.stop());
    const api = await platform.startApi({
      consoleDir,
      listen: true,
      victoriaMetricsUrl: victoriaMetrics.url,
    });
    const browser = await launchChromium();
    platform.defer(() => browser.close());
    return {
      url: api.url!,
      token: api.token,
      viewerToken: api.viewerToken,
      platform,
      browser: browser.context,
      api: (path, init) => api.call(`/api/v1${path}`, init),
      stop: () => platform.stop(),
    };
  } catch (error) {
    await platform.stop().catch(() => undefined);
    throw error;
  }
}
