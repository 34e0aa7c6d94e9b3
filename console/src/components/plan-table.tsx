import type { PlannedChange } from '@batteries-included/operator/api-types';
import { ActionBadge } from './badges.js';

/** The change set as a table a person can approve: what happens to which object, kapp-style. */
export function PlanTable({
  changes,
  counts,
  caption = 'Objects that will change',
}: {
  changes: ReadonlyArray<{ ref: string; action: string } & Partial<Omit<PlannedChange, 'action'>>>;
  counts?: Partial<Record<string, number>>;
  caption?: string;
}) {
  return (
    <div className="table-wrap">
      {counts && <PlanCounts counts={counts} />}
      {changes.length === 0 ? (
        <p className="muted">No objects change.</p>
      ) : (
        <table className="striped compact">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Kind</th>
              <th scope="col">Namespace</th>
              <th scope="col">Name</th>
              <th scope="col">Battery</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => {
              const parsed = parseRef(c.ref);
              return (
                <tr key={`${c.ref}-${c.action}`}>
                  <td>
                    <ActionBadge action={c.action} />
                  </td>
                  <td>{c.kind ?? parsed.kind}</td>
                  <td>{c.namespace ?? parsed.namespace ?? '—'}</td>
                  <td className="mono">{c.name ?? parsed.name}</td>
                  <td>{c.battery ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function PlanCounts({ counts }: { counts: Partial<Record<string, number>> }) {
  const entries = Object.entries(counts).filter(([, n]) => n !== undefined);
  return (
    <p className="plan-counts" aria-label="Plan summary">
      {entries.map(([action, n]) => (
        <span key={action} className={n ? 'count-nonzero' : 'muted'}>
          {n} {action}
        </span>
      ))}
    </p>
  );
}

/** `StatefulSet.apps/battery-data/redis` → kind, namespace, name. */
export function parseRef(ref: string): { kind: string; namespace?: string; name: string } {
  const parts = ref.split('/');
  const kind = (parts[0] ?? '').split('.')[0] ?? '';
  if (parts.length >= 3) return { kind, namespace: parts[1], name: parts.slice(2).join('/') };
  return { kind, name: parts[1] ?? '' };
}
