export { collectUsage, signUsageReport, REPORT_TOKEN_LIFETIME_SECONDS } from './signed-usage-report.js';
export {
  startUsageReporter,
  usageReporterFromEnv,
  type ReportOutcome,
  type UsageReporter,
  type UsageReporterOptions,
} from './usage-reporter.js';
