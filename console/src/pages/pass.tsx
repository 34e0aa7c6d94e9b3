import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { usePass } from '../api/queries.js';
import { ActionBadge, formatDuration, PassStatusBadge, Time } from '../components/badges.js';
import { DocumentDiff } from '../components/document-diff.js';
import { PlanCounts } from '../components/plan-table.js';
import { ProblemAlert } from '../components/problem.js';
import { PageSkeleton } from '../components/skeleton.js';

/** One pass: its summary, the objects it changed or failed on, and the diff of any of them. */
export default function PassPage() {
  const id = Number(useParams().id);
  const pass = usePass(id);
  const [open, setOpen] = useState<string>();
  if (pass.isPending) return <PageSkeleton />;
  if (pass.error)
    return (
      <>
        <h1>Pass #{id}</h1>
        <ProblemAlert error={pass.error} />
      </>
    );
  const p = pass.data;
  return (
    <>
      <hgroup>
        <h1>
          Pass #{p.id} <PassStatusBadge status={p.status} />
        </h1>
        <p>
          Triggered by <code>{p.trigger}</code>, started <Time at={p.startedAt} />, took{' '}
          {formatDuration(p.durationMs)}.
        </p>
      </hgroup>
      {p.error && <p className="alert alert-bad">{p.error}</p>}
      <PlanCounts counts={p.counts as unknown as Record<string, number>} />
      <p>
        <Link role="button" className="secondary" to={`/rollback/${p.id}`}>
          Roll back to this pass…
        </Link>
      </p>
      <section aria-labelledby="pass-objects">
        <h2 id="pass-objects">Objects changed</h2>
        {p.objects.length === 0 ? (
          <p className="muted">This pass changed nothing: every object was already as desired.</p>
        ) : (
          <div className="table-wrap">
            <table className="compact striped">
              <thead>
                <tr>
                  <th scope="col">Action</th>
                  <th scope="col">Object</th>
                  <th scope="col">Battery</th>
                  <th scope="col">Took</th>
                  <th scope="col">Result</th>
                  <th scope="col">Diff</th>
                </tr>
              </thead>
              <tbody>
                {p.objects.map((o) => (
                  <tr key={o.ref} aria-selected={open === o.ref}>
                    <td>
                      <ActionBadge action={o.action} />
                    </td>
                    <td className="mono">
                      <Link to={`/objects/history?ref=${encodeURIComponent(o.ref)}`}>{o.ref}</Link>
                    </td>
                    <td>{o.battery ?? '—'}</td>
                    <td>{formatDuration(o.durationMs)}</td>
                    <td>{o.message ?? (o.action === 'failed' ? 'failed' : 'ok')}</td>
                    <td>
                      {(o.documentHash || o.previousDocumentHash) && (
                        <button
                          type="button"
                          className="outline small"
                          aria-expanded={open === o.ref}
                          aria-label={`Diff of ${o.ref}`}
                          onClick={() => setOpen(open === o.ref ? undefined : o.ref)}
                        >
                          {open === o.ref ? 'Hide' : 'Diff'}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {open &&
        (() => {
          const o = p.objects.find((x) => x.ref === open);
          return o ? (
            <section aria-labelledby="object-diff">
              <h2 id="object-diff">{o.ref}</h2>
              <DocumentDiff from={o.previousDocumentHash} to={o.documentHash} label={o.ref} />
            </section>
          ) : null;
        })()}
    </>
  );
}
