import type { Battery, PassSummary } from '@batteries-included/operator/api-types';

/** One thing on the dashboard's "needs attention" list, with where to go about it. */
export interface Attention {
  key: string;
  title: string;
  message: string;
  to: string;
}

/** Failures first (a failed latest pass, batteries not ready), with their messages. */
export function needsAttention(batteries: readonly Battery[], passes: readonly PassSummary[]): Attention[] {
  const out: Attention[] = [];
  const last = passes[0];
  if (last && (last.status === 'failed' || last.status === 'partial'))
    out.push({
      key: `pass-${last.id}`,
      title: `Pass #${last.id} ${last.status}`,
      message: last.error ?? `${last.counts.failed} objects failed`,
      to: `/passes/${last.id}`,
    });
  for (const b of batteries) {
    if (b.ready === 'True') continue;
    const condition =
      b.status?.conditions?.find((c) => c.type === 'DependenciesMet' && c.status === 'False') ??
      b.status?.conditions?.find((c) => c.type === 'Ready');
    out.push({
      key: b.type,
      title: b.name,
      message: condition?.message || b.status?.message || 'waiting for the first pass',
      to: `/batteries/${b.type}`,
    });
  }
  return out;
}
