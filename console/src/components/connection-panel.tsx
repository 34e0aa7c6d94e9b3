import { useState } from 'react';
import type { Instance } from '@batteries-included/operator/api-types';
import { useInstanceCredentials } from '../api/instance-queries.js';
import { READ_ONLY_NOTE, useCanWrite } from '../api/session.js';
import { ProblemAlert } from './problem.js';
import { Skeleton } from './skeleton.js';

/** Keys shown first, in this order; the rest follow by name. */
const ORDER = ['uri', 'dsn', 'host', 'port', 'username', 'password', 'database'];
const byOrder = (a: string, b: string) =>
  (ORDER.indexOf(a) + 1 || ORDER.length + 1) - (ORDER.indexOf(b) + 1 || ORDER.length + 1) ||
  a.localeCompare(b);

/**
 * How to reach an instance: its connection information (hosts, ports, the Secrets holding the credentials — never
 * values), and the credentials themselves only after a click, fetched from the one route that reveals them.
 */
export function ConnectionPanel({
  instance,
  connection,
}: {
  instance: Instance;
  connection: Record<string, string>;
}) {
  const [isRevealed, setIsRevealed] = useState(false);
  const credentials = useInstanceCredentials(instance, isRevealed);
  // Secret values are for the admin role only: the API refuses a viewer (a database password is a write key).
  const canReveal = useCanWrite();
  return (
    <section aria-label="Connection">
      <h2>Connection</h2>
      <dl className="connection">
        {Object.entries(connection)
          .filter(([key]) => key !== 'url')
          .sort(([a], [b]) => byOrder(a, b))
          .map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd className="mono">{value}</dd>
            </div>
          ))}
      </dl>
      {!isRevealed ? (
        <>
          <button
            type="button"
            className="secondary"
            disabled={!canReveal}
            title={canReveal ? undefined : READ_ONLY_NOTE}
            onClick={() => setIsRevealed(true)}
          >
            Reveal credentials
          </button>
          {!canReveal && <small className="muted"> {READ_ONLY_NOTE}</small>}
        </>
      ) : (
        <>
          <button type="button" className="secondary" onClick={() => setIsRevealed(false)}>
            Hide credentials
          </button>
          <ProblemAlert error={credentials.error} />
          {credentials.isPending ? (
            <Skeleton lines={3} label="Loading the credentials" />
          ) : (credentials.data?.secrets ?? []).length === 0 ? (
            <p className="muted">
              The credential Secrets are not written yet: the next pass writes them once the battery is
              installed.
            </p>
          ) : (
            credentials.data!.secrets.map((secret) => (
              <table key={secret.name} aria-label={`Credentials ${secret.name}`}>
                <caption className="mono">
                  Secret {secret.namespace}/{secret.name}
                </caption>
                <tbody>
                  {Object.keys(secret.data)
                    .sort(byOrder)
                    .map((key) => (
                      <tr key={key}>
                        <th scope="row">{key}</th>
                        <td className="mono secret-value">{secret.data[key]}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            ))
          )}
        </>
      )}
    </section>
  );
}
