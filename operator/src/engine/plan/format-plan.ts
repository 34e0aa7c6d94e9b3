import type { ObjectAction } from '../vocabulary.js';
import type { Change, ChangeSet } from './change-set.js';
import { groupKind } from './kind-order.js';

export interface FormatPlanOptions {
  /**
   * List objects that need no change too.
   * @default false
   */
  showUnchanged?: boolean;
}

const HEADER = ['Namespace', 'Name', 'Kind', 'Battery', 'Op', 'Drift/Note'];
const COLUMN_GAP = '  ';

/**
 * The plan as a fixed-width text table a human can read and approve (kapp's layout), in apply order, then a
 * summary line: `Plan: 3 create, 1 update, 0 drifted, 2 prune, 1 orphan (12 unchanged)`. Cluster-scoped
 * objects show `(cluster)` as their namespace. Only refs, batteries, actions, notes and field paths are
 * printed — never hashes or values, so a plan with Secrets is safe to show. With no rows, only the summary.
 * @example console.log(formatPlan(planChanges(desired, live, inventory)))
 */
export function formatPlan(changeSet: ChangeSet, { showUnchanged = false }: FormatPlanOptions = {}): string {
  const rows = changeSet.changes
    .filter((change) => showUnchanged || change.action !== 'unchanged')
    .map(formatRow);
  const summary = formatSummary(changeSet.counts);
  return rows.length === 0 ? summary : [...formatTable([HEADER, ...rows]), '', summary].join('\n');
}

/** `Plan: 3 create, 1 update, 0 drifted, 2 prune, 1 orphan (12 unchanged)`. */
export function formatSummary(counts: Record<ObjectAction, number>): string {
  return (
    `Plan: ${counts.create} create, ${counts.update} update, ${counts.drifted} drifted, ` +
    `${counts.prune} prune, ${counts.orphan} orphan (${counts.unchanged} unchanged)`
  );
}

function formatRow(change: Change): string[] {
  const detail = [change.note, change.driftPaths?.join(', ')].filter((part) => part).join('; ');
  return [
    change.ref.namespace ?? '(cluster)',
    change.ref.name,
    groupKind(change.ref),
    change.battery ?? '-',
    change.action,
    detail,
  ].map(printable);
}

function formatTable(rows: string[][]): string[] {
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join(COLUMN_GAP)
      .trimEnd(),
  );
}

/** Control characters would break the table's lines; the API server forbids them in names anyway. */
function printable(cell: string): string {
  // eslint-disable-next-line no-control-regex
  return cell.replace(/[\u0000-\u001f\u007f]/g, '?');
}
