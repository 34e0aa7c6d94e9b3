import { readFileSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { installationLogId, type UsageReport } from '@batteries-included/batteries';
import { collectUsage, signUsageReport } from './signed-usage-report.js';

export interface UsageReporterOptions {
  config: KubeConfig;
  /** Home Base's base URL, e.g. `https://home.batteriesincl.com`. */
  homeBaseUrl: string;
  installationId: string;
  /** The installation's private ES256 JWK (from the install spec's `homeBase.installationKey`). */
  installationKey: Record<string, unknown>;
  /** Between reports, in milliseconds. @default 3_600_000 */
  intervalMs?: number;
  /** Before the first report, in milliseconds. @default 5_000 */
  firstDelayMs?: number;
  /** Only the leader reports when several replicas run. @default always */
  isLeader?: () => boolean;
  /** @default the operator package's version */
  version?: string;
  logger?: Logger;
}

export type ReportOutcome =
  | { kind: 'sent'; status: number; report: UsageReport }
  | { kind: 'refused'; status: number; detail: string }
  | { kind: 'failed'; error: string }
  | { kind: 'skipped'; reason: string };

export interface UsageReporter {
  /** Collects, signs and sends one report now. */
  reportNow(): Promise<ReportOutcome>;
  stop(): Promise<void>;
}

function operatorVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Sends a signed usage report to Home Base a few seconds after start and then every `intervalMs`
 * (POST `<homeBaseUrl>/api/v1/installations/<id>/usage_reports`, body `{"jws": …}`). A failed report is logged
 * and the next one is tried on schedule; reports never stop the operator.
 * @example const reporter = startUsageReporter({ config, homeBaseUrl, installationId, installationKey })
 */
export function startUsageReporter(options: UsageReporterOptions): UsageReporter {
  const { config, installationId, installationKey, logger } = options;
  const version = options.version ?? operatorVersion();
  const url = `${options.homeBaseUrl.replace(/\/+$/, '')}/api/v1/installations/${encodeURIComponent(installationId)}/usage_reports`;
  let inFlight: Promise<ReportOutcome> | undefined;

  const send = async (): Promise<ReportOutcome> => {
    if (options.isLeader && !options.isLeader()) return { kind: 'skipped', reason: 'not the leader' };
    try {
      const report = await collectUsage(config, version);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jws: signUsageReport(installationKey, installationId, report) }),
        signal: AbortSignal.timeout(30_000),
      });
      if (response.ok) {
        logger?.info(
          { status: response.status, nodes: report.nodes, pods: report.pods },
          'usage report sent',
        );
        return { kind: 'sent', status: response.status, report };
      }
      const body = (await response.json().catch(() => ({}))) as { detail?: string };
      const detail = body.detail ?? response.statusText;
      logger?.warn({ status: response.status, detail }, 'usage report refused by Home Base');
      return { kind: 'refused', status: response.status, detail };
    } catch (error) {
      logger?.warn({ err: String(error) }, 'usage report failed');
      return { kind: 'failed', error: String(error) };
    }
  };
  const reportNow = () => (inFlight ??= send().finally(() => (inFlight = undefined)));

  let interval: ReturnType<typeof setInterval> | undefined;
  const first = setTimeout(() => {
    void reportNow();
    interval = setInterval(() => void reportNow(), options.intervalMs ?? 3_600_000);
    interval.unref();
  }, options.firstDelayMs ?? 5_000);
  first.unref();

  return {
    reportNow,
    async stop() {
      clearTimeout(first);
      clearInterval(interval);
      await inFlight;
    },
  };
}

/**
 * The reporter the environment asks for: `BI_HOME_BASE_URL`, `BI_INSTALLATION_ID` and `BI_INSTALLATION_KEY` (the
 * private JWK as JSON) all set, `BI_USAGE_REPORT_INTERVAL_MS` optional. Undefined (and a log line saying why)
 * when they are absent or unusable.
 */
export function usageReporterFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  options: Omit<UsageReporterOptions, 'homeBaseUrl' | 'installationId' | 'installationKey' | 'intervalMs'>,
): UsageReporter | undefined {
  const { BI_HOME_BASE_URL: url, BI_INSTALLATION_ID: id, BI_INSTALLATION_KEY: key } = env;
  if (!url || !id || !key) {
    if (url || id || key) {
      options.logger?.warn(
        'usage reports off: BI_HOME_BASE_URL, BI_INSTALLATION_ID and BI_INSTALLATION_KEY must all be set',
      );
    }
    return undefined;
  }
  let installationKey: Record<string, unknown>;
  try {
    installationKey = JSON.parse(key) as Record<string, unknown>;
    if (installationKey.kty !== 'EC' || typeof installationKey.d !== 'string')
      throw new Error('not a private EC JWK');
  } catch (error) {
    options.logger?.error(
      { err: String(error) },
      'usage reports off: BI_INSTALLATION_KEY is not a private ES256 JWK',
    );
    return undefined;
  }
  const interval = Number(env.BI_USAGE_REPORT_INTERVAL_MS ?? 3_600_000);
  // The id is the capability for the install spec: logs name it by its hash, as Home Base's do.
  options.logger?.info(
    { homeBase: url, installation: installationLogId(id), intervalMs: interval },
    'usage reports on',
  );
  return startUsageReporter({
    ...options,
    homeBaseUrl: url,
    installationId: id,
    installationKey,
    intervalMs: Number.isFinite(interval) && interval >= 1000 ? interval : 3_600_000,
  });
}
