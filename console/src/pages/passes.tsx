import { PASS_STATUSES } from '@batteries-included/operator/vocabulary';
import { Link, useSearchParams } from 'react-router';
import { usePassPages } from '../api/queries.js';
import { formatDuration, PassStatusBadge, Time } from '../components/badges.js';
import { ProblemAlert } from '../components/problem.js';
import { Skeleton } from '../components/skeleton.js';

/** Every recorded pass, newest first, filterable by status. */
export default function PassesPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? undefined;
  const pages = usePassPages(status, 50);
  const passes = { ...pages, data: pages.data && { passes: pages.data.pages.flatMap((p) => p.passes) } };
  return (
    <>
      <h1>Passes</h1>
      <label htmlFor="pass-status" className="inline-label">
        Status
        <select
          id="pass-status"
          value={status ?? ''}
          onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {}, { replace: true })}
        >
          <option value="">All</option>
          {PASS_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <ProblemAlert error={passes.error} />
      {passes.isPending ? (
        <Skeleton lines={8} label="Loading passes" />
      ) : (passes.data?.passes.length ?? 0) === 0 ? (
        <p className="muted">No passes{status ? ` with status ${status}` : ''}.</p>
      ) : (
        <div className="table-wrap">
          <table className="striped compact">
            <caption className="visually-hidden">Passes, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Pass</th>
                <th scope="col">Status</th>
                <th scope="col">Trigger</th>
                <th scope="col">Changed</th>
                <th scope="col">Failed</th>
                <th scope="col">Took</th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {passes.data?.passes.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/passes/${p.id}`}>Pass #{p.id}</Link>
                  </td>
                  <td>
                    <PassStatusBadge status={p.status} />
                  </td>
                  <td className="mono" title={p.trigger}>
                    {p.triggerSummary}
                  </td>
                  <td>
                    {p.counts.created +
                      p.counts.updated +
                      p.counts.drifted +
                      p.counts.pruned +
                      p.counts.orphaned}{' '}
                    / {p.counts.created + p.counts.updated + p.counts.unchanged + p.counts.drifted}
                  </td>
                  <td>{p.counts.failed || '—'}</td>
                  <td>{formatDuration(p.durationMs)}</td>
                  <td>
                    <Time at={p.startedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages.hasNextPage && (
            <button
              type="button"
              className="secondary outline"
              aria-busy={pages.isFetchingNextPage}
              onClick={() => void pages.fetchNextPage()}
            >
              Older passes
            </button>
          )}
        </div>
      )}
    </>
  );
}
