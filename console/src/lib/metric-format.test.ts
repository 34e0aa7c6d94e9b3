import { formatMetric } from './metric-format.js';

describe('formatMetric', () => {
  it.each([
    [0.25, 'cores', '250m'],
    [2.5, 'cores', '2.50'],
    [1536, 'bytes', '1.50 KiB'],
    [3 * 2 ** 30, 'bytes', '3 GiB'],
    [0.934, 'ratio', '93.4%'],
    [12, 'per-second', '12/s'],
    [0.042, 'seconds', '42 ms'],
    [3, 'count', '3'],
    [Number.NaN, 'count', '—'],
  ] as const)('writes %s %s as %s', (value, unit, text) => {
    expect(formatMetric(value, unit)).toBe(text);
  });
});
