import type { StoredReport } from './store/types.js';

/** The original's published pricing: free up to 3 nodes; otherwise $5 per battery per month plus $0.08 per pod-hour. */
export const PRICING = {
  freeNodes: 3,
  perBatteryMonthUsd: 5,
  perPodHourUsd: 0.08,
  /** Hours in an average month (365 × 24 / 12). */
  hoursPerMonth: 730,
} as const;

export interface Estimate {
  /** Nodes in the latest report. */
  nodes: number;
  /** True when the latest report has no more than `PRICING.freeNodes` nodes: the whole estimate is $0. */
  isFree: boolean;
  batteries: number;
  batteriesUsd: number;
  /** Pod-hours measured between the reports in the window. */
  measuredPodHours: number;
  /** Hours the reports cover. */
  measuredHours: number;
  /** Mean pods over the measured hours (the latest count when only one report exists). */
  averagePods: number;
  /** `averagePods × hoursPerMonth`. */
  projectedPodHours: number;
  podHoursUsd: number;
  totalUsd: number;
}

/**
 * A monthly estimate from stored reports (oldest first): each report's pod count holds until the next report,
 * which gives the measured pod-hours; their mean is projected over a month. Batteries and nodes come from the
 * latest report. Undefined without reports.
 * @example estimateMonthly(reports).totalUsd
 */
export function estimateMonthly(reports: readonly StoredReport[]): Estimate | undefined {
  const latest = reports[reports.length - 1];
  if (!latest) return undefined;
  let measuredPodHours = 0;
  let measuredHours = 0;
  for (let i = 0; i + 1 < reports.length; i++) {
    const hours = (reports[i + 1]!.receivedAt.getTime() - reports[i]!.receivedAt.getTime()) / 3_600_000;
    measuredHours += hours;
    measuredPodHours += reports[i]!.report.pods * hours;
  }
  const averagePods = measuredHours > 0 ? measuredPodHours / measuredHours : latest.report.pods;
  const projectedPodHours = averagePods * PRICING.hoursPerMonth;
  const nodes = latest.report.nodes;
  const isFree = nodes <= PRICING.freeNodes;
  const batteries = latest.report.batteries.length;
  const batteriesUsd = isFree ? 0 : batteries * PRICING.perBatteryMonthUsd;
  const podHoursUsd = isFree ? 0 : projectedPodHours * PRICING.perPodHourUsd;
  return {
    nodes,
    isFree,
    batteries,
    batteriesUsd: round(batteriesUsd),
    measuredPodHours: round(measuredPodHours, 4),
    measuredHours: round(measuredHours, 4),
    averagePods: round(averagePods),
    projectedPodHours: round(projectedPodHours),
    podHoursUsd: round(podHoursUsd),
    totalUsd: round(batteriesUsd + podHoursUsd),
  };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** `$1,234.56`. */
export function formatUsd(amount: number): string {
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
