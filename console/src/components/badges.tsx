import type { ConditionStatus, PassStatus } from '@batteries-included/operator/api-types';

/** Ready / Not ready / Pending, in words and colour (never colour alone). */
export function ReadyBadge({
  ready,
  isDeleting,
}: {
  ready: ConditionStatus | undefined;
  isDeleting?: boolean;
}) {
  if (isDeleting) return <span className="badge badge-warn">Deleting</span>;
  if (ready === 'True') return <span className="badge badge-ok">Ready</span>;
  if (ready === 'False') return <span className="badge badge-bad">Not ready</span>;
  return <span className="badge badge-wait">Pending</span>;
}

export function PassStatusBadge({ status }: { status: PassStatus | string }) {
  const tone =
    status === 'succeeded' ? 'ok' : status === 'failed' ? 'bad' : status === 'partial' ? 'warn' : 'wait';
  return <span className={`badge badge-${tone}`}>{status}</span>;
}

export function ActionBadge({ action }: { action: string }) {
  const tone =
    action === 'create' || action === 'install'
      ? 'ok'
      : action === 'failed'
        ? 'bad'
        : action === 'prune' || action === 'uninstall' || action === 'orphan'
          ? 'warn'
          : action === 'unchanged'
            ? 'wait'
            : 'info';
  return <span className={`badge badge-${tone}`}>{action}</span>;
}

/** `812` → `812 ms`, `4300` → `4.3 s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A time as `22:41:07` today or `Nov 23, 22:41` otherwise, with the full ISO time on hover. */
export function Time({ at }: { at: string | undefined }) {
  if (!at) return <>—</>;
  const date = new Date(at);
  const isToday = date.toDateString() === new Date().toDateString();
  const text = isToday
    ? date.toLocaleTimeString(undefined, { hour12: false })
    : date.toLocaleString(undefined, {
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      });
  return (
    <time dateTime={at} title={at}>
      {text}
    </time>
  );
}
