import { useMemo } from 'react';
import type { FieldChange } from '@batteries-included/operator/api-types';
import { diffLines, withContext } from '../lib/line-diff.js';
import { toYaml } from '../lib/yaml.js';

/** Two documents as YAML, with a unified line diff: removed lines red with `-`, added green with `+`. */
export function DiffView({
  before,
  after,
  label = 'Changes',
  context = 4,
}: {
  before: unknown;
  after: unknown;
  label?: string;
  context?: number;
}) {
  const lines = useMemo(() => {
    const a = before === undefined ? [] : toYaml(before).trimEnd().split('\n');
    const b = after === undefined ? [] : toYaml(after).trimEnd().split('\n');
    return withContext(diffLines(a, b), context);
  }, [before, after, context]);
  const added = lines.filter((l) => l.op === 'add').length;
  const removed = lines.filter((l) => l.op === 'remove').length;
  return (
    <figure className="diff" aria-label={label}>
      <figcaption>
        {label}: <span className="diff-add-count">+{added}</span>{' '}
        <span className="diff-remove-count">−{removed}</span>
      </figcaption>
      <pre tabIndex={0}>
        {lines.map((line, i) => (
          <div key={i} className={`diff-line diff-${line.op}`}>
            <span className="diff-num" aria-hidden="true">
              {line.oldLine ?? ''}
            </span>
            <span className="diff-num" aria-hidden="true">
              {line.newLine ?? ''}
            </span>
            <span className="diff-sign" aria-hidden="true">
              {line.op === 'add' ? '+' : line.op === 'remove' ? '-' : ' '}
            </span>
            <span className="diff-text">
              {line.op === 'add' && <span className="visually-hidden">added: </span>}
              {line.op === 'remove' && <span className="visually-hidden">removed: </span>}
              {line.text}
            </span>
          </div>
        ))}
      </pre>
    </figure>
  );
}

/** Field-level changes (`spec.storageSize: 10Gi → 20Gi`) as a table. */
export function FieldChanges({
  changes,
  caption = 'Fields that change',
}: {
  changes: readonly FieldChange[];
  caption?: string;
}) {
  if (changes.length === 0) return <p className="muted">No fields change.</p>;
  return (
    <table className="compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.path}>
            <td className="mono">{c.path}</td>
            <td className="mono diff-remove">{show(c.before)}</td>
            <td className="mono diff-add">{show(c.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function show(value: unknown): string {
  if (value === undefined) return '(unset)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
