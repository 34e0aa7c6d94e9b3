import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { useLiveEvents } from '../api/events.js';
import {
  useAccess,
  useBatteries,
  useCatalog,
  useObjects,
  usePasses,
  useRequestPass,
} from '../api/queries.js';
import type { PassSummary } from '@batteries-included/operator/api-types';
import { needsAttention } from '../lib/attention.js';
import { formatDuration, PassStatusBadge, ReadyBadge, Time } from '../components/badges.js';
import { ProblemAlert } from '../components/problem.js';
import { Skeleton } from '../components/skeleton.js';
import { useCanWrite } from '../api/session.js';

// The capacity panel is its own chunk: the dashboard's first load stays as small as it was.
const CapacityPanel = lazy(() => import('../components/capacity-panel.js'));

/** Health at a glance: what needs attention first, recent passes, and every battery by group. */
export function Dashboard() {
  const batteries = useBatteries();
  const catalog = useCatalog();
  const access = useAccess();
  const passes = usePasses(undefined, 10);
  const objects = useObjects();
  const installed = batteries.data?.batteries ?? [];
  const attention = needsAttention(installed, passes.data?.passes ?? []);
  const ready = installed.filter((b) => b.ready === 'True').length;

  const requestPass = useRequestPass();
  const { isPassRunning } = useLiveEvents();
  const canWrite = useCanWrite();
  return (
    <>
      <div className="page-title">
        <h1>Dashboard</h1>
        {canWrite && (
          <button
            type="button"
            className="secondary outline"
            aria-busy={requestPass.isPending || isPassRunning}
            onClick={() => requestPass.mutate()}
            title="Ask the operator for a pass now (it also runs on every change and on a timer)"
          >
            Run a pass now
          </button>
        )}
      </div>
      <ProblemAlert error={batteries.error ?? passes.error ?? requestPass.error} />
      <section className="stats" aria-label="Health">
        <Stat
          label="Batteries ready"
          value={batteries.isPending ? undefined : `${ready} / ${installed.length}`}
        />
        <Stat
          label="Objects ready"
          value={objects.data ? `${objects.data.counts.ready} / ${objects.data.counts.total}` : undefined}
        />
        <Stat
          label="Last pass"
          value={passes.isPending ? undefined : (passes.data?.passes[0]?.status ?? 'none yet')}
        />
        <Stat
          label="Last pass took"
          value={passes.isPending ? undefined : formatDuration(passes.data?.passes[0]?.durationMs)}
        />
      </section>

      <section aria-labelledby="attention">
        <h2 id="attention">Needs attention</h2>
        {batteries.isPending ? (
          <Skeleton lines={2} />
        ) : attention.length === 0 ? (
          <p className="alert alert-ok">
            {installed.length === 0 ? (
              <>
                Nothing is installed yet. <Link to="/catalog">Open the catalog</Link> to install batteries.
              </>
            ) : (
              'Everything is ready.'
            )}
          </p>
        ) : (
          <ul className="attention">
            {attention.map((item) => (
              <li key={item.key}>
                <Link to={item.to}>{item.title}</Link> — {item.message}
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="grid-2">
        <section aria-labelledby="recent-passes">
          <h2 id="recent-passes">Recent passes</h2>
          {passes.isPending ? <Skeleton lines={5} /> : <PassList passes={passes.data?.passes ?? []} />}
          <Link to="/passes">All passes</Link>
        </section>
        <section aria-labelledby="by-group">
          <h2 id="by-group">Batteries by group</h2>
          {batteries.isPending || catalog.isPending ? (
            <Skeleton lines={5} />
          ) : (
            (catalog.data?.groups ?? []).map((group) => {
              const members = installed.filter((b) => b.group === group.id);
              if (members.length === 0) return null;
              return (
                <div key={group.id} className="group-block">
                  <h3>{groupLabel(group.id)}</h3>
                  <ul className="battery-list">
                    {members.map((b) => (
                      <li key={b.type}>
                        <Link to={`/batteries/${b.type}`}>{b.name}</Link>{' '}
                        <ReadyBadge ready={b.ready} isDeleting={b.isDeleting} />
                        {b.status?.resources && (
                          <span className="muted">
                            {' '}
                            {b.status.resources.applied}/{b.status.resources.desired} objects
                          </span>
                        )}
                        {access.data?.hasGateway &&
                          access.data.urls
                            .filter((u) => u.battery === b.type)
                            .map((u) => (
                              <a
                                key={u.name}
                                href={u.url}
                                target="_blank"
                                rel="noreferrer"
                                className="ui-link"
                              >
                                {' '}
                                {u.name} ↗
                              </a>
                            ))}
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })
          )}
        </section>
      </div>

      <section aria-labelledby="capacity">
        <h2 id="capacity">Capacity</h2>
        <p className="muted">What the pods on each node request, against what the node can give them.</p>
        <Suspense fallback={<Skeleton lines={2} />}>
          <CapacityPanel />
        </Suspense>
      </section>
    </>
  );
}

function Stat({ label, value }: { label: string; value: string | undefined }) {
  return (
    <article className="stat">
      <span className="stat-label">{label}</span>
      {value === undefined ? (
        <span className="skeleton-line stat-skeleton" aria-busy="true" />
      ) : (
        <strong>{value}</strong>
      )}
    </article>
  );
}

function PassList({ passes }: { passes: readonly PassSummary[] }) {
  if (passes.length === 0) return <p className="muted">No passes recorded yet.</p>;
  return (
    <table className="compact">
      <thead>
        <tr>
          <th scope="col">Pass</th>
          <th scope="col">Status</th>
          <th scope="col">Took</th>
          <th scope="col">When</th>
        </tr>
      </thead>
      <tbody>
        {passes.map((p) => (
          <tr key={p.id}>
            <td>
              <Link to={`/passes/${p.id}`}>#{p.id}</Link>{' '}
              <span className="muted" title={p.trigger}>
                {p.triggerSummary}
              </span>
            </td>
            <td>
              <PassStatusBadge status={p.status} />
            </td>
            <td>{formatDuration(p.durationMs)}</td>
            <td>
              <Time at={p.startedAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const GROUP_LABELS: Record<string, string> = {
  magic: 'Magic (platform core)',
  data: 'Data',
  devtools: 'Developer tools',
  monitoring: 'Monitoring',
  net_sec: 'Network & security',
  ai: 'AI',
};

export function groupLabel(id: string): string {
  return GROUP_LABELS[id] ?? id;
}
