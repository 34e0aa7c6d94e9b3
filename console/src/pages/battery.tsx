import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useLiveEvents } from '../api/events.js';
import { useBattery, useCatalog, useDocument, useObjects, useUninstall } from '../api/queries.js';
import type { BatteryDetail, ManagedObject } from '@batteries-included/operator/api-types';
import { ReadyBadge, Time } from '../components/badges.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ProblemAlert } from '../components/problem.js';
import { PageSkeleton, Skeleton } from '../components/skeleton.js';
import { SpecEditor } from '../components/spec-editor.js';
import { useCanWrite } from '../api/session.js';

// Charts are their own chunk, fetched when a battery page first shows them.
const MetricsPanel = lazy(() => import('../components/metrics-panel.js'));

/** One battery: its conditions, the objects it generated with their readiness, edit, and uninstall. */
export default function BatteryPage() {
  const { type = '' } = useParams();
  const battery = useBattery(type);
  const catalog = useCatalog();
  const objects = useObjects(type);
  const entry = catalog.data?.batteries.find((b) => b.type === type);
  const [savedAt, setSavedAt] = useState<string>();
  const canWrite = useCanWrite();

  if (battery.isPending || catalog.isPending) return <PageSkeleton />;
  if (battery.error)
    return (
      <>
        <h1>{entry?.name ?? type}</h1>
        <ProblemAlert error={battery.error} />
        {entry && (
          <Link role="button" to={`/catalog?install=${type}`}>
            Install {entry.name}
          </Link>
        )}
      </>
    );
  const b = battery.data;
  return (
    <>
      <hgroup>
        <h1>
          {b.name} <ReadyBadge ready={b.ready} isDeleting={b.isDeleting} />
        </h1>
        <p>{entry?.description}</p>
      </hgroup>
      {b.status?.message && <p className="status-message">{b.status.message}</p>}

      <section aria-labelledby="conditions">
        <h2 id="conditions">Conditions</h2>
        <Conditions battery={b} />
      </section>

      <section aria-labelledby="objects">
        <h2 id="objects">Generated objects</h2>
        {objects.isPending ? <Skeleton lines={4} /> : <ObjectTable objects={objects.data?.objects ?? []} />}
      </section>

      <section aria-labelledby="metrics">
        <h2 id="metrics">Metrics</h2>
        <Suspense fallback={<Skeleton lines={3} />}>
          <MetricsPanel battery={type} />
        </Suspense>
      </section>

      <section aria-labelledby="edit">
        <h2 id="edit">Configuration</h2>
        {savedAt && <SavedNotice since={savedAt} />}
        {entry && !b.isDeleting && (
          <SpecEditor
            key={b.generation}
            entry={entry}
            installed={b}
            submitLabel="Save"
            onSaved={(_type, since) => setSavedAt(since)}
          />
        )}
      </section>

      <section aria-labelledby="history">
        <h2 id="history">Spec history</h2>
        {b.history.length === 0 ? (
          <p className="muted">No recorded changes yet.</p>
        ) : (
          <table className="compact">
            <thead>
              <tr>
                <th scope="col">Generation</th>
                <th scope="col">Changed by</th>
                <th scope="col">When</th>
                <th scope="col">Pass</th>
              </tr>
            </thead>
            <tbody>
              {b.history.map((h) => (
                <tr key={h.id}>
                  <td>{h.generation}</td>
                  <td>{h.fieldManager ?? '—'}</td>
                  <td>
                    <Time at={h.changedAt} />
                  </td>
                  <td>{h.passId ? <Link to={`/passes/${h.passId}`}>#{h.passId}</Link> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {canWrite && entry?.uninstallable && !b.isDeleting && (
        <section aria-labelledby="danger">
          <h2 id="danger">Uninstall</h2>
          <Uninstall battery={b} volumes={(objects.data?.objects ?? []).filter(isVolume)} />
        </section>
      )}
    </>
  );
}

/** After a save: the operator's pass that follows, as it happens, with a link to it. */
function SavedNotice({ since }: { since: string }) {
  const { recent } = useLiveEvents();
  const finished = recent.find((e) => e.type === 'pass-finished' && e.at >= since);
  const started = recent.find((e) => e.type === 'pass-started' && e.at >= since);
  return (
    <p className="alert alert-ok" role="status">
      Saved.{' '}
      {finished && finished.type === 'pass-finished' ? (
        <>
          Pass {finished.passId ? <Link to={`/passes/${finished.passId}`}>#{finished.passId}</Link> : ''}{' '}
          {finished.status}.
        </>
      ) : started ? (
        'The operator is applying it…'
      ) : (
        'Waiting for the operator’s pass…'
      )}
    </p>
  );
}

function Conditions({ battery }: { battery: BatteryDetail }) {
  const conditions = battery.status?.conditions ?? [];
  if (conditions.length === 0)
    return <p className="muted">No status yet: the operator has not reached it.</p>;
  return (
    <table className="compact">
      <thead>
        <tr>
          <th scope="col">Condition</th>
          <th scope="col">Status</th>
          <th scope="col">Reason</th>
          <th scope="col">Message</th>
          <th scope="col">Since</th>
        </tr>
      </thead>
      <tbody>
        {conditions.map((c) => (
          <tr key={c.type}>
            <td>{c.type}</td>
            <td>
              <span
                className={`badge badge-${c.status === 'True' ? 'ok' : c.status === 'False' ? 'bad' : 'wait'}`}
              >
                {c.status}
              </span>
            </td>
            <td>{c.reason}</td>
            <td>{c.message}</td>
            <td>
              <Time at={c.lastTransitionTime} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ObjectTable({ objects }: { objects: readonly ManagedObject[] }) {
  if (objects.length === 0) return <p className="muted">No objects.</p>;
  return (
    <div className="table-wrap">
      <table className="compact striped">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Namespace</th>
            <th scope="col">Name</th>
            <th scope="col">Ready</th>
            <th scope="col">History</th>
          </tr>
        </thead>
        <tbody>
          {objects.map((o) => (
            <tr key={o.ref}>
              <td>{o.kind}</td>
              <td>{o.namespace ?? '—'}</td>
              <td className="mono">{o.name}</td>
              <td>
                {!o.isLive ? (
                  <span className="badge badge-bad">missing</span>
                ) : o.isReady ? (
                  <span className="badge badge-ok">ready</span>
                ) : (
                  <span className="badge badge-wait" title={o.reason}>
                    {o.reason ?? 'not ready'}
                  </span>
                )}
              </td>
              <td>
                <Link
                  to={`/objects/history?ref=${encodeURIComponent(o.ref)}`}
                  aria-label={`History of ${o.ref}`}
                >
                  versions
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Objects that hold data: claims, and StatefulSets (whose claim templates make one claim per replica). */
const isVolume = (o: ManagedObject) => o.kind === 'PersistentVolumeClaim' || o.kind === 'StatefulSet';

/** The claims a StatefulSet's templates create (`<template>-<set>-<ordinal>`), read from its stored document. */
function StatefulSetClaims({ statefulSet }: { statefulSet: ManagedObject }) {
  const document = useDocument(statefulSet.documentHash);
  const body = document.data?.body as
    | { spec?: { replicas?: number; volumeClaimTemplates?: Array<{ metadata?: { name?: string } }> } }
    | undefined;
  const templates = body?.spec?.volumeClaimTemplates ?? [];
  if (document.isPending) return <li aria-busy="true">{statefulSet.name}</li>;
  return (
    <>
      {templates.map((t) => (
        <li key={t.metadata?.name} className="mono">
          PersistentVolumeClaim {statefulSet.namespace}/{t.metadata?.name}-{statefulSet.name}-0
          {(body?.spec?.replicas ?? 1) > 1 ? ` … -${(body?.spec?.replicas ?? 1) - 1}` : ''}
        </li>
      ))}
    </>
  );
}

/** Uninstall, with a warning that names the dependents that go too and the volumes that are kept. */
function Uninstall({ battery, volumes }: { battery: BatteryDetail; volumes: readonly ManagedObject[] }) {
  const [isOpen, setIsOpen] = useState(false);
  const uninstall = useUninstall();
  const navigate = useNavigate();
  const dependents = battery.dependents;
  return (
    <>
      <p>Removes {battery.name} and prunes its objects. Volumes holding data are kept.</p>
      <button type="button" className="danger" onClick={() => setIsOpen(true)}>
        Uninstall {battery.name}…
      </button>
      <ConfirmDialog
        isOpen={isOpen}
        onClose={() => setIsOpen(false)}
        titleId="uninstall-title"
        title={`Uninstall ${battery.name}?`}
        action={
          <button
            type="button"
            className="danger"
            aria-busy={uninstall.isPending}
            onClick={() =>
              uninstall.mutate(
                { type: battery.type, cascade: dependents.length > 0 },
                { onSuccess: () => navigate('/') },
              )
            }
          >
            Uninstall{dependents.length > 0 ? ` ${dependents.length + 1} batteries` : ''}
          </button>
        }
      >
        {dependents.length > 0 && (
          <p className="alert alert-warn">
            These batteries depend on {battery.name} and will be uninstalled first:{' '}
            <strong>{dependents.join(', ')}</strong>.
          </p>
        )}
        {volumes.length > 0 ? (
          <div className="alert alert-info">
            These volumes hold data; they are kept and labelled orphaned, and deleted only when you ask:
            <ul aria-label="Volumes kept">
              {volumes.map((v) =>
                v.kind === 'StatefulSet' ? (
                  <StatefulSetClaims key={v.ref} statefulSet={v} />
                ) : (
                  <li key={v.ref} className="mono">
                    PersistentVolumeClaim {v.namespace}/{v.name}
                  </li>
                ),
              )}
            </ul>
          </div>
        ) : (
          <p className="muted">{battery.name} has no volumes.</p>
        )}
        <ProblemAlert error={uninstall.error} />
      </ConfirmDialog>
    </>
  );
}
