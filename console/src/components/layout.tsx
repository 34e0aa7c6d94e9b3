import { Suspense, useEffect, useState } from 'react';
import { NavLink, Outlet } from 'react-router';
import { onUnauthorized } from '../api/client.js';
import { fetchAuthConfig, signOut } from '../api/oidc.js';
import { LiveEventsContext, useEventStream, useLiveEvents } from '../api/events.js';
import { readToken } from '../api/token.js';
import { SignIn } from './sign-in.js';
import { PageSkeleton } from './skeleton.js';
import { READ_ONLY_NOTE, useSession } from '../api/session.js';

const NAV = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/catalog', label: 'Catalog' },
  { to: '/services', label: 'Services' },
  { to: '/data', label: 'Data' },
  { to: '/passes', label: 'Passes' },
  { to: '/objects', label: 'Objects' },
  { to: '/rollback', label: 'Rollback' },
  { to: '/settings', label: 'Settings' },
];

/** The frame of every page: navigation, the live-stream indicator, and the sign-in screen when no token works. */
export function Layout() {
  const [hasToken, setHasToken] = useState(() => readToken() !== null);
  useEffect(() => onUnauthorized(() => setHasToken(false)), []);
  if (!hasToken) return <SignIn onSignedIn={() => setHasToken(true)} />;
  return <SignedIn />;
}

function SignedIn() {
  const live = useEventStream();
  return (
    <LiveEventsContext.Provider value={live}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="container-fluid app-header">
        <nav aria-label="Main">
          <ul>
            <li>
              <strong className="brand">Batteries Included</strong>
            </li>
          </ul>
          <ul className="nav-links">
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
          <ul>
            <RoleBadge />
            <li>
              <LiveIndicator />
            </li>
            <li>
              <Account />
            </li>
          </ul>
        </nav>
      </header>
      <main className="container" id="main" tabIndex={-1}>
        <Suspense fallback={<PageSkeleton />}>
          <Outlet />
        </Suspense>
      </main>
    </LiveEventsContext.Provider>
  );
}

/** Says so when the console's token is the read-only viewer token (writes are hidden or disabled). */
function RoleBadge() {
  const session = useSession();
  if (session.data?.role !== 'viewer') return null;
  return (
    <li>
      <span className="badge badge-warn" title={READ_ONLY_NOTE}>
        Read-only
      </span>
    </li>
  );
}

function LiveIndicator() {
  const { state, isPassRunning } = useLiveEvents();
  const label =
    state === 'open'
      ? isPassRunning
        ? 'Pass running'
        : 'Live'
      : state === 'connecting'
        ? 'Connecting'
        : 'Offline';
  return (
    <span
      className={`live live-${state}${isPassRunning ? ' live-busy' : ''}`}
      role="status"
      aria-live="polite"
    >
      {label}
    </span>
  );
}

/** Who is signed in, with which role, and the way out (which ends the Keycloak session too). */
function Account() {
  const me = useSession().data;
  if (!me) return null;
  return (
    <span className="account">
      <span data-testid="principal">
        {me.name} ({me.role})
      </span>{' '}
      <button
        type="button"
        className="secondary outline"
        onClick={() =>
          void fetchAuthConfig().then((config) => signOut(me.via === 'oidc' ? config : { mode: 'token' }))
        }
      >
        Sign out
      </button>
    </span>
  );
}
