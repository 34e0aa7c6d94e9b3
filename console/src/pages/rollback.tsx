import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { RollbackResult } from '@batteries-included/operator/api-types';
import { useLiveEvents } from '../api/events.js';
import { useBatteries, usePasses, useRollback, useRollbackPreview } from '../api/queries.js';
import { ActionBadge, formatDuration, PassStatusBadge, ReadyBadge, Time } from '../components/badges.js';
import { FieldChanges } from '../components/diff-view.js';
import { PlanTable } from '../components/plan-table.js';
import { ProblemAlert } from '../components/problem.js';
import { PageSkeleton, Skeleton } from '../components/skeleton.js';
import { READ_ONLY_NOTE, useCanWrite } from '../api/session.js';

/** Rollback: pick a pass → preview what restoring its Battery specs does → confirm → watch it apply. */
export default function RollbackPage() {
  const { passId } = useParams();
  return passId ? <RollbackPreviewView passId={Number(passId)} /> : <PickPass />;
}

function PickPass() {
  const passes = usePasses(undefined, 30);
  const navigate = useNavigate();
  const [chosen, setChosen] = useState<number>();
  return (
    <>
      <h1>Roll back</h1>
      <p>
        Choose a pass to return to. Its Battery specs are written back and the operator regenerates
        everything.
      </p>
      <ProblemAlert error={passes.error} />
      {passes.isPending ? (
        <Skeleton lines={6} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen !== undefined) navigate(`/rollback/${chosen}`);
          }}
        >
          <fieldset>
            <legend>Pass to restore</legend>
            {passes.data?.passes.map((p) => (
              <label key={p.id} className="pass-choice">
                <input
                  type="radio"
                  name="pass"
                  value={p.id}
                  checked={chosen === p.id}
                  onChange={() => setChosen(p.id)}
                />
                Pass #{p.id} <PassStatusBadge status={p.status} /> <span className="mono">{p.trigger}</span>{' '}
                <Time at={p.startedAt} />
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={chosen === undefined}>
            Preview rollback
          </button>
        </form>
      )}
    </>
  );
}

function RollbackPreviewView({ passId }: { passId: number }) {
  const [cascade, setCascade] = useState(false);
  const preview = useRollbackPreview(passId, cascade);
  const rollback = useRollback();
  const canWrite = useCanWrite();
  const [startedAt, setStartedAt] = useState<string>();
  const confirmRef = useRef<HTMLDialogElement>(null);
  const [isConfirming, setIsConfirming] = useState(false);
  useEffect(() => {
    if (isConfirming) confirmRef.current?.showModal();
    else confirmRef.current?.close();
  }, [isConfirming]);

  if (preview.isPending) return <PageSkeleton />;
  if (startedAt) return <WatchRollback passId={passId} since={startedAt} result={rollback.data} />;
  const p = preview.data;
  const changing = p?.batteries.filter((b) => b.action !== 'unchanged') ?? [];
  return (
    <>
      <hgroup>
        <h1>Roll back to pass #{passId}</h1>
        {p && (
          <p>
            Pass #{p.pass.id} ({p.pass.status}, <code>{p.pass.trigger}</code>) started{' '}
            <Time at={p.pass.startedAt} />.
          </p>
        )}
      </hgroup>
      <ProblemAlert error={preview.error} />
      {p && (
        <>
          <section aria-labelledby="rb-batteries">
            <h2 id="rb-batteries">Batteries</h2>
            {changing.length === 0 ? (
              <p className="muted">Every battery already has that pass’s spec; nothing would change.</p>
            ) : (
              changing.map((b) => (
                <article key={b.type} className="rb-battery">
                  <h3>
                    {b.type} <ActionBadge action={b.action} />
                  </h3>
                  {b.fields && b.fields.length > 0 && (
                    <FieldChanges changes={b.fields} caption={`${b.type} fields`} />
                  )}
                  {b.notes?.map((n) => (
                    <p key={n} className="muted">
                      {n}
                    </p>
                  ))}
                </article>
              ))
            )}
          </section>
          {p.problems.length > 0 && (
            <div className="alert alert-warn" role="alert">
              <strong>The rollback would be refused as it stands:</strong>
              <ul>
                {p.problems.map((x, i) => (
                  <li key={i}>
                    {x.battery}: {x.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <label className="switch-label">
            <input
              type="checkbox"
              role="switch"
              checked={cascade}
              onChange={(e) => setCascade(e.target.checked)}
            />
            Also uninstall batteries that depend on one this rollback uninstalls
          </label>
          <section aria-labelledby="rb-objects">
            <h2 id="rb-objects">Objects</h2>
            {p.objects.warnings?.map((w) => (
              <p key={w} className="alert alert-warn">
                {w}
              </p>
            ))}
            <PlanTable
              changes={p.objects.changes}
              counts={p.objects.counts}
              caption="What the next pass would change"
            />
          </section>
          <ProblemAlert error={rollback.error} />
          <button
            type="button"
            disabled={changing.length === 0 || p.problems.length > 0 || !canWrite}
            title={canWrite ? undefined : READ_ONLY_NOTE}
            onClick={() => setIsConfirming(true)}
          >
            Roll back…
          </button>
          {!canWrite && <small className="muted">{READ_ONLY_NOTE}</small>}
          <dialog ref={confirmRef} aria-labelledby="rb-confirm" onClose={() => setIsConfirming(false)}>
            <article>
              <h2 id="rb-confirm">Roll back to pass #{passId}?</h2>
              <p>
                {changing.length} {changing.length === 1 ? 'battery changes' : 'batteries change'}:{' '}
                {changing.map((b) => `${b.type} (${b.action})`).join(', ')}. Under GitOps, revert in git
                instead.
              </p>
              <footer>
                <button type="button" className="secondary" onClick={() => setIsConfirming(false)}>
                  Cancel
                </button>
                <button
                  type="button"
                  aria-busy={rollback.isPending}
                  onClick={() => {
                    const at = new Date().toISOString();
                    rollback.mutate(
                      { passId, cascade },
                      {
                        onSuccess: () => setStartedAt(at),
                        onSettled: () => setIsConfirming(false),
                      },
                    );
                  }}
                >
                  Confirm rollback
                </button>
              </footer>
            </article>
          </dialog>
        </>
      )}
    </>
  );
}

/** After the specs are written: the passes that follow, live, and the batteries' readiness. */
function WatchRollback({
  passId,
  since,
  result,
}: {
  passId: number;
  since: string;
  result?: RollbackResult;
}) {
  const { recent } = useLiveEvents();
  const batteries = useBatteries();
  const finished = recent.filter((e) => e.type === 'pass-finished' && e.at >= since);
  const isRunning = recent.some((e) => e.type === 'pass-started' && e.at >= since) && finished.length === 0;
  const touched = new Set(result?.batteries.map((b) => b.type));
  return (
    <>
      <h1>Rolling back to pass #{passId}</h1>
      <p className="alert alert-ok" role="status" aria-live="polite">
        Specs written for{' '}
        {result?.batteries
          .filter((b) => b.isWritten)
          .map((b) => b.type)
          .join(', ') || 'no batteries'}
        .{' '}
        {finished.length > 0
          ? 'The operator applied them.'
          : isRunning
            ? 'The operator is applying them…'
            : 'Waiting for the operator’s pass…'}
      </p>
      {finished.length > 0 && (
        <ul aria-label="Passes since the rollback">
          {finished.map((e) =>
            e.type === 'pass-finished' ? (
              <li key={`${e.passId}-${e.at}`}>
                {e.passId ? <Link to={`/passes/${e.passId}`}>Pass #{e.passId}</Link> : 'A pass'}{' '}
                <PassStatusBadge status={e.status} /> {formatDuration(e.durationMs)}
              </li>
            ) : null,
          )}
        </ul>
      )}
      <h2>Batteries</h2>
      <ul>
        {(batteries.data?.batteries ?? [])
          .filter((b) => touched.size === 0 || touched.has(b.type))
          .map((b) => (
            <li key={b.type}>
              <Link to={`/batteries/${b.type}`}>{b.name}</Link>{' '}
              <ReadyBadge ready={b.ready} isDeleting={b.isDeleting} />
            </li>
          ))}
      </ul>
    </>
  );
}
