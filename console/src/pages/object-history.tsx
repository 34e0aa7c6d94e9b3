import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useObjectHistory } from '../api/queries.js';
import { ActionBadge, Time } from '../components/badges.js';
import { DocumentDiff } from '../components/document-diff.js';
import { ProblemAlert } from '../components/problem.js';
import { PageSkeleton } from '../components/skeleton.js';

/** An object's recorded versions by hash; pick any two to diff (the newest two at first). */
export default function ObjectHistoryPage() {
  const [params] = useSearchParams();
  const ref = params.get('ref') ?? '';
  const history = useObjectHistory(ref);
  const [from, setFrom] = useState<string>();
  const [to, setTo] = useState<string>();
  if (!ref)
    return (
      <>
        <h1>Object history</h1>
        <p>
          Pick an object on the <Link to="/objects">Objects</Link> page.
        </p>
      </>
    );
  if (history.isPending) return <PageSkeleton />;
  const versions = (history.data?.versions ?? []).filter((v) => v.documentHash);
  const toHash = to ?? versions[0]?.documentHash;
  const fromHash = from ?? versions[1]?.documentHash;
  return (
    <>
      <hgroup>
        <h1>Object history</h1>
        <p className="mono">{ref}</p>
      </hgroup>
      <ProblemAlert error={history.error} />
      {versions.length === 0 ? (
        <p className="muted">No versions recorded.</p>
      ) : (
        <table className="compact striped">
          <caption>Versions, newest first. Choose which two to compare.</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Hash</th>
              <th scope="col">Action</th>
              <th scope="col">Pass</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={`${v.passId}-${v.hash}`}>
                <td>
                  <input
                    type="radio"
                    name="from"
                    aria-label={`Compare from ${shortHash(v.hash)} (pass ${v.passId})`}
                    checked={fromHash === v.documentHash}
                    onChange={() => setFrom(v.documentHash)}
                  />
                </td>
                <td>
                  <input
                    type="radio"
                    name="to"
                    aria-label={`Compare to ${shortHash(v.hash)} (pass ${v.passId})`}
                    checked={toHash === v.documentHash}
                    onChange={() => setTo(v.documentHash)}
                  />
                </td>
                <td className="mono" title={v.hash}>
                  {shortHash(v.hash)}
                </td>
                <td>
                  <ActionBadge action={v.action} />
                </td>
                <td>
                  <Link to={`/passes/${v.passId}`}>#{v.passId}</Link>
                </td>
                <td>
                  <Time at={v.startedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {toHash && (
        <section aria-labelledby="version-diff">
          <h2 id="version-diff">{fromHash && fromHash !== toHash ? 'Difference' : 'Document'}</h2>
          <DocumentDiff from={fromHash !== toHash ? fromHash : undefined} to={toHash} label="Version" />
        </section>
      )}
    </>
  );
}

/** The first 12 characters of a hash; a version recorded without one (a failed prune) shows a dash. */
function shortHash(hash: string | undefined): string {
  return hash?.slice(0, 12) ?? '—';
}
