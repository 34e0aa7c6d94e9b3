import { BATTERY_GROUPS } from '@batteries-included/batteries';
import { catalogRows } from './battery-view.js';

describe('catalogRows', () => {
  it('lists every catalog battery by group in navigation order, marking installed ones with their readiness', () => {
    const rows = catalogRows([
      {
        apiVersion: 'batteries.batteriesincl.com/v1alpha1',
        kind: 'RedisBattery',
        metadata: { name: 'redis', generation: 1 },
        status: {
          observedGeneration: 1,
          conditions: [{ type: 'Ready', status: 'True' }],
          resources: { desired: 6, applied: 6, failed: 0 },
        },
      },
    ]);
    const groups = rows.map((r) => BATTERY_GROUPS.indexOf(r.group as (typeof BATTERY_GROUPS)[number]));
    expect(groups).toEqual([...groups].sort((a, b) => a - b));
    expect(rows.find((r) => r.type === 'redis')).toMatchObject({
      installed: true,
      ready: 'True',
      resources: '6/6',
    });
    expect(rows.find((r) => r.type === 'core')).toMatchObject({
      installed: false,
      ready: '',
      group: 'magic',
    });
  });
});
