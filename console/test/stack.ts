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
  startBundleServer,
  startPlatform,
  upstreamReleaseFiles,
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
  // Upstream releases (CloudNativePG's, for the Data journey) come from a local release host serving stand-ins built
  // from the real upstream CRDs; Grafana's dashboards are optional bundles it does not serve: a 404 fails them at
  // once instead of waiting on name lookups of the internet.
  const releases = await startBundleServer(await upstreamReleaseFiles()).catch((error: unknown) => {
    rmSync(consoleDir, { recursive: true, force: true });
    throw error;
  });
  const platform = await startPlatform({
    nodes: 2,
    podLogs: true,
    operator: { bundleMirror: releases.url },
  }).catch(async (error: unknown) => {
    await releases.close();
    rmSync(consoleDir, { recursive: true, force: true });
    throw error;
  });
  platform.defer(() => rmSync(consoleDir, { recursive: true, force: true }));
  platform.defer(() => releases.close());
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
