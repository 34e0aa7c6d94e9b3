import { useState } from 'react';
import { useAccess, useBattery, useCatalog } from '../api/queries.js';
import { clearToken } from '../api/token.js';
import { ProblemAlert } from '../components/problem.js';
import { PageSkeleton } from '../components/skeleton.js';
import { SpecEditor } from '../components/spec-editor.js';

/** Platform settings: the core battery's spec, edited like any battery, plus signing out of this browser. */
export default function SettingsPage() {
  const core = useBattery('core');
  const catalog = useCatalog();
  const access = useAccess();
  const entry = catalog.data?.batteries.find((b) => b.type === 'core');
  const [saved, setSaved] = useState(false);
  if (core.isPending || catalog.isPending) return <PageSkeleton />;
  return (
    <>
      <hgroup>
        <h1>Settings</h1>
        <p>
          Platform settings live in the core battery: where the platform runs, its default size and
          namespaces.
        </p>
      </hgroup>
      <ProblemAlert error={core.error ?? catalog.error} />
      {saved && (
        <p className="alert alert-ok" role="status">
          Saved. The operator applies it in its next pass.
        </p>
      )}
      {entry && core.data && (
        <SpecEditor
          key={core.data.generation}
          entry={entry}
          installed={core.data}
          submitLabel="Save settings"
          onSaved={() => setSaved(true)}
        />
      )}
      {access.data?.ca && (
        <section aria-labelledby="ca">
          <h2 id="ca">Certificate authority</h2>
          <p className="muted">
            The platform CA (battery-ca): ingress certificates and, with istio-csr, every mesh identity chain
            to it.
          </p>
          <dl>
            <dt>Subject</dt>
            <dd>{access.data.ca.subject}</dd>
            <dt>SHA-256 fingerprint</dt>
            <dd>
              <code>{access.data.ca.fingerprintSha256}</code>
            </dd>
            <dt>Expires</dt>
            <dd>{access.data.ca.notAfter}</dd>
            <dt>Secret</dt>
            <dd>{access.data.ca.secret}</dd>
          </dl>
        </section>
      )}
      <section aria-labelledby="session">
        <h2 id="session">This browser</h2>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            clearToken();
            window.location.assign('/');
          }}
        >
          Sign out
        </button>
      </section>
    </>
  );
}
