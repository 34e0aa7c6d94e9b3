// The console's test stack: a real control plane (testenv), the Battery CRDs, the operator with its HTTP API on
// in-memory PGlite, a fresh production build of the console served by it, and headless Chromium.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { pino } from 'pino';
import { chromium, type BrowserContext } from 'playwright-core';
import { startTestCluster, type TestCluster } from '@batteries-included/testenv';
import {
  createOperatorControlApp,
  createPgliteSql,
  createStore,
  loadKubeConfig,
  startOperator,
  type RunningOperator,
} from '@batteries-included/operator';

const run = promisify(execFile);
const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** Flags for Debian's Chromium on a machine without outside network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ConsoleStack {
  /** The console's base URL, `http://127.0.0.1:<port>`. */
  url: string;
  /** The API token from the Secret api-token. */
  token: string;
  cluster: TestCluster;
  operator: RunningOperator;
  /** A headless Chromium with a fresh profile. */
  browser: BrowserContext;
  kubectl(args: string[]): Promise<string>;
  /** Calls the API with the token; resolves with status and parsed body. */
  api<T = unknown>(
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export async function startConsoleStack(): Promise<ConsoleStack> {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const stop = async () => {
    for (const step of cleanups.reverse()) await Promise.resolve(step()).catch(() => undefined);
  };
  try {
    const consoleDir = mkdtempSync(join(tmpdir(), 'console-dist-'));
    cleanups.push(() => rmSync(consoleDir, { recursive: true, force: true }));
    const vite = repo('node_modules/vite/bin/vite.js');
    const build = run(
      process.execPath,
      [vite, 'build', '--outDir', consoleDir, '--emptyOutDir', '--logLevel', 'warn'],
      {
        cwd: repo('console'),
        // Jest sets NODE_ENV=test, which would make Vite bundle React's development build.
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
    const cluster = await startTestCluster({ nodes: 2 });
    cleanups.push(() => cluster.stop());
    const kubectl = async (args: string[]) =>
      (
        await run(cluster.binaries.kubectl, ['--kubeconfig', cluster.kubeconfigPath, ...args], {
          maxBuffer: 32 << 20,
        })
      ).stdout;
    await kubectl(['apply', '--server-side', '-f', repo('crds/all.yaml')]);
    await kubectl([
      'wait',
      '--for=condition=Established',
      'crd',
      '-l',
      'app.kubernetes.io/part-of=batteries-included',
      '--timeout=60s',
    ]);
    const config = loadKubeConfig(cluster.kubeconfigPath);
    const logger = pino({ level: process.env.BI_TEST_LOG ?? 'silent' });
    const store = await createStore(await createPgliteSql());
    cleanups.push(() => store.close());
    const operator = await startOperator({
      config,
      store,
      logger,
      withoutLeaderElection: true,
      debounceMs: 100,
    });
    cleanups.push(() => operator.stop());
    await build;
    const app = await createOperatorControlApp({ operator, config, store, logger, port: 0, consoleDir });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const token = Buffer.from(
      await kubectl([
        '-n',
        'batteries-included-system',
        'get',
        'secret',
        'api-token',
        '-o',
        'jsonpath={.data.token}',
      ]),
      'base64',
    ).toString('utf8');
    const userDataDir = mkdtempSync(join(tmpdir(), 'console-chromium-'));
    cleanups.push(() => rmSync(userDataDir, { recursive: true, force: true }));
    // A persistent context is how playwright passes a fresh --user-data-dir.
    const browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.BI_CHROMIUM ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1280, height: 860 },
    });
    cleanups.push(() => browser.close());
    const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}) => {
      const response = await fetch(`${url}/api/v1${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    };
    return { url, token, cluster, operator, browser, kubectl, api, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
