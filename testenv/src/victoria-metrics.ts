import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startComponent, waitUntil } from './component.js';
import { ensureGoTool, type EnsureGoToolOptions, type GoTool } from './go-tool.js';
import { freePort } from './ports.js';

const run = promisify(execFile);

/** VictoriaMetrics' version for tests; the Go module proxy serves it (the image the catalog pins is older). */
export const VICTORIA_METRICS_VERSION = 'v1.151.0';

/** Single-node VictoriaMetrics (`vmsingle`), built from `github.com/VictoriaMetrics/VictoriaMetrics`. */
export const VICTORIA_METRICS_TOOL: GoTool = {
  name: 'victoria-metrics',
  package: 'github.com/VictoriaMetrics/VictoriaMetrics/app/victoria-metrics',
  version: VICTORIA_METRICS_VERSION,
  ldflags: `-s -w -X github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=victoria-metrics-${VICTORIA_METRICS_VERSION}`,
};

/** A log line at level error or worse, in VictoriaMetrics' log format (`<time>\t<level>\t<caller>\t<message>`). */
const ERROR_LINE = /\t(error|fatal|panic)\t/;

/** The result of VictoriaMetrics' own check of a scrape configuration. */
export interface ScrapeConfigCheck {
  readonly ok: boolean;
  /** What the binary said (its error names the field and line on failure). */
  readonly output: string;
}

/**
 * Checks a `-promscrape.config` file with the real binary (`-promscrape.config.dryRun`, strict parsing: unknown
 * fields, bad relabel actions and regexes and malformed durations are errors), building the binary the first time.
 * Service-discovery settings (a `kubernetes_sd_configs` role) are only checked when discovery runs, not here.
 */
export async function checkScrapeConfig(
  yaml: string,
  options: EnsureGoToolOptions = {},
): Promise<ScrapeConfigCheck> {
  const binary = await ensureGoTool(VICTORIA_METRICS_TOOL, options);
  const dir = mkdtempSync(join(tmpdir(), 'bi-vm-check-'));
  try {
    const path = join(dir, 'scrape.yaml');
    writeFileSync(path, yaml);
    const result = await run(binary, [`-promscrape.config=${path}`, '-promscrape.config.dryRun']).then(
      ({ stdout, stderr }) => ({ ok: true, output: `${stdout}${stderr}` }),
      (error: { stdout?: string; stderr?: string; message: string }) => ({
        ok: false,
        output: `${error.stdout ?? ''}${error.stderr ?? error.message}`,
      }),
    );
    // The dry run exits 0 even when it skips a job it cannot parse (a bad relabel action or regex): it only logs
    // an error. Any error line fails the check.
    return { ok: result.ok && !ERROR_LINE.test(result.output), output: result.output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface StartVictoriaMetricsOptions extends EnsureGoToolOptions {
  /** A `-promscrape.config` file's contents; without it VictoriaMetrics scrapes nothing. */
  scrapeConfig?: string;
  /** Scrape its own metrics this often (`-selfScrapeInterval`, e.g. `1s`), so it has series of its own. */
  selfScrapeInterval?: string;
}

export interface TestVictoriaMetrics {
  /** `http://127.0.0.1:<port>`: the Prometheus query API is under `/api/v1/`. */
  readonly url: string;
  /** Stops the process and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * A real single-node VictoriaMetrics on a free loopback port with a throwaway data directory, scraping what
 * `scrapeConfig` says. Resolves once `/health` answers.
 * @example
 * const vm = await startVictoriaMetrics({ scrapeConfig: 'scrape_configs: [{job_name: x, static_configs: …}]' });
 * await fetch(`${vm.url}/api/v1/query?query=up`);
 * await vm.stop();
 */
export async function startVictoriaMetrics(
  options: StartVictoriaMetricsOptions = {},
): Promise<TestVictoriaMetrics> {
  const binary = await ensureGoTool(VICTORIA_METRICS_TOOL, options);
  const dir = mkdtempSync(join(tmpdir(), 'bi-vm-'));
  const port = await freePort();
  const args = [
    `-storageDataPath=${join(dir, 'data')}`,
    `-httpListenAddr=127.0.0.1:${port}`,
    '-retentionPeriod=1d',
    // Points become queryable at once, not after the default 30 s search latency offset.
    '-search.latencyOffset=0s',
  ];
  if (options.selfScrapeInterval) args.push(`-selfScrapeInterval=${options.selfScrapeInterval}`);
  if (options.scrapeConfig !== undefined) {
    writeFileSync(join(dir, 'scrape.yaml'), options.scrapeConfig);
    args.push(`-promscrape.config=${join(dir, 'scrape.yaml')}`);
  }
  const component = startComponent('victoria-metrics', binary, args, { logPath: join(dir, 'vm.log') });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await component.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      component,
      'serving /health',
      async () => (await fetch(`${url}/health`).catch(() => undefined))?.ok === true,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
