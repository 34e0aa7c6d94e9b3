import { useDocument, useDocumentDiff } from '../api/queries.js';
import { DiffView, FieldChanges } from './diff-view.js';
import { ProblemAlert } from './problem.js';
import { Skeleton } from './skeleton.js';

/** Two stored documents side by side as a line diff, with the changed field paths; one alone when `from` is absent. */
export function DocumentDiff({ from, to, label }: { from?: string; to?: string; label: string }) {
  const diff = useDocumentDiff(from, to);
  const single = useDocument(from ? undefined : to);
  if (!from) {
    if (!to) return <p className="muted">No stored document.</p>;
    if (single.isPending) return <Skeleton lines={6} label="Loading the document" />;
    if (single.error) return <ProblemAlert error={single.error} />;
    return <DiffView label={`${label} (new)`} before={undefined} after={single.data?.body} context={1000} />;
  }
  if (!to) return <p className="muted">The object was removed in this pass.</p>;
  if (diff.isPending) return <Skeleton lines={6} label="Loading the diff" />;
  if (diff.error) return <ProblemAlert error={diff.error} />;
  return (
    <>
      <FieldChanges changes={diff.data.changes} caption={`Fields changed in ${label}`} />
      <DiffView label={label} before={diff.data.from.body} after={diff.data.to.body} />
    </>
  );
}
