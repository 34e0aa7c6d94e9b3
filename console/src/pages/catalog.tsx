import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useBatteries, useCatalog } from '../api/queries.js';
import type { Catalog, CatalogBattery } from '@batteries-included/operator/api-types';
import { ReadyBadge } from '../components/badges.js';
import { ProblemAlert } from '../components/problem.js';
import { Skeleton } from '../components/skeleton.js';
import { SpecEditor } from '../components/spec-editor.js';
import { groupLabel } from './dashboard.js';
import { useCanWrite } from '../api/session.js';

/** Every battery by group, searchable; Install opens a dialog with the generated form and a preview. */
export default function CatalogPage() {
  const catalog = useCatalog();
  const batteries = useBatteries();
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const group = params.get('group') ?? '';
  // The dialog's state is React state (a link may open it with ?install=<type>), so closing it never races the
  // search box's URL updates.
  const [installing, setInstalling] = useState(() => params.get('install'));
  const canWrite = useCanWrite();
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const entry = catalog.data?.batteries.find((b) => b.type === installing);
  const installed = new Map((batteries.data?.batteries ?? []).map((b) => [b.type, b]));
  const matches = (b: CatalogBattery) =>
    (!group || b.group === group) &&
    (!query || `${b.name} ${b.type} ${b.description}`.toLowerCase().includes(query.toLowerCase()));

  return (
    <>
      <h1>Catalog</h1>
      <ProblemAlert error={catalog.error} />
      <div className="catalog-filters" role="search">
        <label htmlFor="catalog-search">
          Search batteries
          <input
            id="catalog-search"
            type="search"
            value={query}
            placeholder="postgres, metrics, dashboards…"
            onChange={(e) => setParam('q', e.target.value)}
          />
        </label>
        <label htmlFor="catalog-group">
          Group
          <select id="catalog-group" value={group} onChange={(e) => setParam('group', e.target.value)}>
            <option value="">All groups</option>
            {catalog.data?.groups.map((g) => (
              <option key={g.id} value={g.id}>
                {groupLabel(g.id)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {catalog.isPending ? (
        <div className="cards">
          {[0, 1, 2, 3].map((i) => (
            <article key={i} className="card">
              <Skeleton lines={4} />
            </article>
          ))}
        </div>
      ) : (
        catalog.data?.groups.map((g) => {
          const members = catalog.data.batteries.filter((b) => b.group === g.id && matches(b));
          if (members.length === 0) return null;
          return (
            <section key={g.id} aria-labelledby={`group-${g.id}`}>
              <h2 id={`group-${g.id}`}>{groupLabel(g.id)}</h2>
              <div className="cards">
                {members.map((b) => {
                  const live = installed.get(b.type);
                  return (
                    <article key={b.type} className="card" aria-labelledby={`card-${b.type}`}>
                      <header>
                        <h3 id={`card-${b.type}`}>{b.name}</h3>
                        {live && <ReadyBadge ready={live.ready} isDeleting={live.isDeleting} />}
                      </header>
                      <p>{b.description}</p>
                      {b.dependencies.length > 0 && (
                        <p className="muted">Needs: {b.dependencies.join(', ')}</p>
                      )}
                      <footer>
                        {live ? (
                          <Link
                            role="button"
                            className="secondary"
                            to={`/batteries/${b.type}`}
                            aria-label={`Manage ${b.name}`}
                          >
                            Manage
                          </Link>
                        ) : canWrite ? (
                          <button
                            type="button"
                            onClick={() => setInstalling(b.type)}
                            aria-label={`Install ${b.name}`}
                          >
                            Install
                          </button>
                        ) : null}
                      </footer>
                    </article>
                  );
                })}
              </div>
            </section>
          );
        })
      )}
      {entry && catalog.data && (
        <InstallDialog entry={entry} catalog={catalog.data} onClose={() => setInstalling(null)} />
      )}
    </>
  );
}

/** A modal with the dependency list, the generated form and the preview; closes on Escape. */
function InstallDialog({
  entry,
  catalog,
  onClose,
}: {
  entry: CatalogBattery;
  catalog: Catalog;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const navigate = useNavigate();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const byType = new Map(catalog.batteries.map((b) => [b.type, b]));
  const needed = entry.installOrder.filter((t) => t !== entry.type);
  const missing = needed.filter((t) => !byType.get(t)?.installed);
  return (
    <dialog
      ref={ref}
      aria-labelledby="install-title"
      onCancel={onClose}
      // A close event from an effect cleanup (StrictMode remounts) arrives after the dialog reopened: ignore it.
      onClose={() => !ref.current?.open && onClose()}
      className="install-dialog"
    >
      <article>
        <header>
          <button type="button" aria-label="Close" rel="prev" onClick={onClose} />
          <h2 id="install-title">Install {entry.name}</h2>
        </header>
        <p>{entry.description}</p>
        <section aria-labelledby="deps-title">
          <h3 id="deps-title">Dependencies</h3>
          {needed.length === 0 ? (
            <p className="muted">None: {entry.name} stands on its own.</p>
          ) : (
            <ul>
              {needed.map((t) => (
                <li key={t}>
                  {byType.get(t)?.name ?? t}{' '}
                  {missing.includes(t) ? (
                    <span className="badge badge-info">will be installed first, with defaults</span>
                  ) : (
                    <span className="badge badge-ok">installed</span>
                  )}
                </li>
              ))}
            </ul>
          )}
          {entry.integrations.length > 0 && (
            <p className="muted">
              Works with, when installed: {entry.integrations.map((t) => byType.get(t)?.name ?? t).join(', ')}
              .
            </p>
          )}
        </section>
        <SpecEditor
          entry={entry}
          alsoInstall={missing}
          submitLabel={missing.length ? `Install ${missing.length + 1} batteries` : `Install ${entry.name}`}
          onSaved={(type) => navigate(`/batteries/${type}`)}
          onCancel={onClose}
        />
      </article>
    </dialog>
  );
}
