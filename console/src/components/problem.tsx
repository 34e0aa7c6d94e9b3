import { ApiProblem } from '../api/client.js';

/** An API error as people read it: the title, the detail, and field problems listed. */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const problem = error instanceof ApiProblem ? error : undefined;
  return (
    <div className="alert alert-bad" role="alert">
      <strong>{problem?.title ?? 'Something went wrong'}</strong>
      <p>{problem?.detail ?? String(error)}</p>
      {problem && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e, i) => (
            <li key={i}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
