import { formatPlan } from '../engine/plan/index.js';
import type { BatteryRollback, BatteryRollbackAction } from './plan-rollback.js';
import type { RollbackPreview } from './preview-rollback.js';

export interface FormatRollbackPreviewOptions {
  /** List objects that would not change too. @default false */
  showUnchanged?: boolean;
  /** Longest value shown in the Now and Restored columns, in characters; longer ones end in `…`. @default 48 */
  maxValueLength?: number;
}

const HEADER = ['Battery', 'Action', 'Field', 'Now', 'Restored'];
const ACTION_LABELS: Record<BatteryRollbackAction, string> = {
  'restore-spec': 'restore spec',
  install: 'install',
  uninstall: 'uninstall',
  unchanged: 'unchanged',
};
const ABSENT = '(absent)';

/**
 * A rollback preview as text a human approves: a kapp-style table of batteries with one row per changed field
 * (values as JSON; Battery specs hold no secrets), the notes and refusals, the object-level plan by ref (never
 * values or hashes, so Secrets are safe), then a `Rollback: …` summary line.
 * @example console.log(formatRollbackPreview(await previewRollback(store, 12, current)))
 */
export function formatRollbackPreview(
  preview: RollbackPreview,
  { showUnchanged = false, maxValueLength = 48 }: FormatRollbackPreviewOptions = {},
): string {
  const { pass } = preview;
  const lines = [
    `Rollback to pass ${pass.id} (${pass.startedAt.toISOString()}, ${pass.status}, ${pass.trigger})`,
    '',
  ];
  const rows = preview.batteries.flatMap((battery) => batteryRows(battery, maxValueLength));
  lines.push(...formatTable([HEADER, ...rows]));

  const notes = preview.batteries.flatMap((battery) =>
    battery.notes.map((note) => `  ${battery.type}: ${note}`),
  );
  if (notes.length > 0) lines.push('', 'Notes:', ...notes);
  if (preview.problems.length > 0) {
    lines.push('', 'Refused (nothing is written until these are resolved):');
    lines.push(...preview.problems.map((problem) => `  ${printable(problem.message)}`));
  }

  const { objects } = preview;
  lines.push(
    '',
    objects.basis === 'regenerated'
      ? 'Objects, regenerated from the restored specs against the live cluster:'
      : `Objects, as pass ${pass.id} recorded them, against the current inventory (the live objects were not given):`,
    formatPlan(objects.plan, { showUnchanged }),
  );
  if (objects.problems.length > 0) {
    lines.push('', 'Would generate nothing:');
    lines.push(...objects.problems.map((problem) => `  ${problem.battery}: ${printable(problem.message)}`));
  }
  if (objects.differsFromRecorded && objects.differsFromRecorded.length > 0) {
    lines.push('', `Not as pass ${pass.id} applied them (${objects.differsFromRecorded.length}):`);
    lines.push(...objects.differsFromRecorded.map((ref) => `  ${printable(ref)}`));
  } else if (objects.differsFromRecorded) {
    lines.push('', `Every object as pass ${pass.id} applied it.`);
  }
  if (objects.warnings.length > 0) lines.push('', ...objects.warnings.map((w) => `Warning: ${printable(w)}`));

  lines.push('', formatRollbackSummary(preview.batteries));
  return lines.join('\n');
}

/** `Rollback: 1 restore spec, 0 install, 1 uninstall (3 unchanged)`. */
export function formatRollbackSummary(batteries: readonly Pick<BatteryRollback, 'action'>[]): string {
  const count = (action: BatteryRollbackAction) => batteries.filter((b) => b.action === action).length;
  return (
    `Rollback: ${count('restore-spec')} restore spec, ${count('install')} install, ` +
    `${count('uninstall')} uninstall (${count('unchanged')} unchanged)`
  );
}

function batteryRows(battery: BatteryRollback, maxValueLength: number): string[][] {
  const label = ACTION_LABELS[battery.action];
  if (battery.fields.length === 0) return [[battery.type, label, '', '', '']];
  return battery.fields.map((field, index) => [
    index === 0 ? battery.type : '',
    index === 0 ? label : '',
    printable(field.path),
    'before' in field ? formatValue(field.before, maxValueLength) : ABSENT,
    'after' in field ? formatValue(field.after, maxValueLength) : ABSENT,
  ]);
}

function formatValue(value: unknown, maxLength: number): string {
  const text = printable(JSON.stringify(value) ?? 'null');
  return text.length > maxLength ? `${text.slice(0, Math.max(1, maxLength - 1))}…` : text;
}

function formatTable(rows: string[][]): string[] {
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
}

/** Control characters would break the table's lines. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, '?');
}
