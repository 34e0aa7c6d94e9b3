/** The units the named queries answer in (the API's `unit`). */
export type MetricUnit = 'cores' | 'bytes' | 'count' | 'ratio' | 'per-second' | 'seconds';

const BYTES = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/**
 * A value as a person reads it in its unit: cores as millicores below one, bytes in binary units, ratios as
 * percentages, rates per second, durations in ms or s.
 * @example formatMetric(0.25, 'cores') // '250m'
 * @example formatMetric(1536, 'bytes') // '1.5 KiB'
 */
export function formatMetric(value: number, unit: MetricUnit): string {
  if (!Number.isFinite(value)) return '—';
  const short = (n: number) =>
    Math.abs(n) >= 100 || Number.isInteger(n) ? n.toFixed(0) : n.toFixed(n >= 10 ? 1 : 2);
  switch (unit) {
    case 'cores':
      return Math.abs(value) < 1 ? `${Math.round(value * 1000)}m` : short(value);
    case 'bytes': {
      let i = 0;
      let n = value;
      while (Math.abs(n) >= 1024 && i < BYTES.length - 1) {
        n /= 1024;
        i++;
      }
      return `${short(n)} ${BYTES[i]}`;
    }
    case 'ratio':
      return `${short(value * 100)}%`;
    case 'per-second':
      return `${short(value)}/s`;
    case 'seconds':
      return value < 1 ? `${Math.round(value * 1000)} ms` : `${short(value)} s`;
    case 'count':
      return short(value);
  }
}
