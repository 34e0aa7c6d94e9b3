import { useState } from 'react';
import { useBattery, useCatalog } from '../api/queries.js';
import { clearToken } from '../api/token.js';
import { ProblemAlert } from '../components/problem.js';
import { PageSkeleton } from '../components/skeleton.js';
import { SpecEditor } from '../components/spec-editor.js';

/** Platform settings: the core battery's spec, edited like any battery, plus signing out of this browser. */
export default function SettingsPage() {
  const core = useBattery('core');
  const catalog = useCatalog();
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
