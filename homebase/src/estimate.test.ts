import { estimateMonthly, formatUsd } from './estimate.js';
import type { StoredReport } from './store/types.js';

const at = (hours: number, nodes: number, pods: number, batteries = ['core', 'redis']): StoredReport => ({
  jti: `j${hours}`,
  issuedAt: new Date(hours * 3_600_000),
  receivedAt: new Date(hours * 3_600_000),
  report: { version: '0.1.0', batteries, nodes, pods, podsByNode: {} },
});

describe('estimateMonthly', () => {
  it('has nothing to estimate without reports', () => {
    expect(estimateMonthly([])).toBeUndefined();
  });

  it('is free up to three nodes, whatever runs on them', () => {
    const estimate = estimateMonthly([at(0, 3, 500), at(1, 3, 500)]);
    expect(estimate).toMatchObject({
      isFree: true,
      totalUsd: 0,
      batteriesUsd: 0,
      podHoursUsd: 0,
      averagePods: 500,
    });
  });

  it('charges $5 per battery and $0.08 per projected pod-hour above three nodes', () => {
    // 10 pods for 1 h, then 30 pods for 1 h: 40 pod-hours over 2 h, mean 20 pods → 20 × 730 = 14,600 pod-hours.
    const estimate = estimateMonthly([
      at(0, 4, 10),
      at(1, 4, 30),
      at(2, 4, 99, ['core', 'redis', 'grafana']),
    ]);
    expect(estimate).toEqual({
      nodes: 4,
      isFree: false,
      batteries: 3,
      batteriesUsd: 15,
      measuredPodHours: 40,
      measuredHours: 2,
      averagePods: 20,
      projectedPodHours: 14600,
      podHoursUsd: 1168,
      totalUsd: 1183,
    });
  });

  it('projects the latest pod count when there is a single report', () => {
    expect(estimateMonthly([at(0, 5, 2, ['core'])])).toMatchObject({
      projectedPodHours: 1460,
      totalUsd: 5 + 116.8,
    });
  });

  it('formats dollars', () => {
    expect(formatUsd(1183)).toBe('$1,183.00');
  });
});
