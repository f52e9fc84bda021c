/**
 * The shell: sign-in gate, navigation, and the page for the current path. Pages are
 * loaded on demand so the editor (CodeMirror) only downloads where it is used.
 */
import type { ComponentType } from 'preact';
import { lazy, Suspense } from 'preact/compat';
import { useEffect, useState } from 'preact/hooks';
import { setUnauthenticatedHandler } from '../api/client';
import { startLive, stopLive, useLive } from '../api/live';
import { storedKey, storeKey } from '../api/session';
import { Link } from '../components/ui';
import { navigate, usePath } from './router';
import { SignIn } from './sign-in';

interface Route {
  readonly path: string;
  readonly label: string;
  readonly page: ComponentType<{ path: string }>;
}

const ROUTES: readonly Route[] = [
  { path: '/policies', label: 'Policies', page: lazy(() => import('../policies/policies-page').then((m) => m.PoliciesPage)) },
  { path: '/playground', label: 'Playground', page: lazy(() => import('../playground/playground-page').then((m) => m.PlaygroundPage)) },
  { path: '/data', label: 'Data', page: lazy(() => import('../data/data-page').then((m) => m.DataPage)) },
  { path: '/role-bindings', label: 'Role bindings', page: lazy(() => import('../data/role-bindings-page').then((m) => m.RoleBindingsPage)) },
  { path: '/revocations', label: 'Revocations', page: lazy(() => import('../revocations/revocations-page').then((m) => m.RevocationsPage)) },
  { path: '/fleet', label: 'Fleet', page: lazy(() => import('../fleet/fleet-page').then((m) => m.FleetPage)) },
  { path: '/risk', label: 'Risk', page: lazy(() => import('../risk/risk-page').then((m) => m.RiskPage)) },
  { path: '/signals', label: 'Signals', page: lazy(() => import('../risk/signals-page').then((m) => m.SignalsPage)) },
  { path: '/decisions', label: 'Decisions', page: lazy(() => import('../decisions/decisions-page').then((m) => m.DecisionsPage)) },
  { path: '/audit', label: 'Audit', page: lazy(() => import('../decisions/audit-page').then((m) => m.AuditPage)) },
];

export function App() {
  const [key, setKey] = useState(storedKey());
  const [reason, setReason] = useState<string | null>(null);
  const path = usePath();

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      storeKey(null);
      stopLive();
      setReason('Your API key is no longer accepted. Sign in again.');
      setKey(null);
    });
  }, []);
  useEffect(() => {
    if (key) startLive();
  }, [key]);
  useEffect(() => {
    if (key && path === '/') navigate('/policies', true);
  }, [key, path]);

  if (!key) {
    return (
      <SignIn
        reason={reason}
        onSignedIn={(k) => {
          storeKey(k);
          setReason(null);
          setKey(k);
        }}
      />
    );
  }
  const route = ROUTES.find((r) => path === r.path || path.startsWith(`${r.path}/`));
  const signOut = () => {
    storeKey(null);
    stopLive();
    setKey(null);
    // The next person to sign in starts at the beginning, not on this page.
    navigate('/', true);
  };
  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <Link href="/policies" class="brand">
          <span class="logo" aria-hidden="true">
            V
          </span>{' '}
          Vigil
        </Link>
        <nav aria-label="Main">
          <ul>
            {ROUTES.map((r) => (
              <li key={r.path}>
                <Link href={r.path} aria-current={route === r ? 'page' : undefined}>
                  {r.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <LiveBadge />
        <button type="button" class="ghost" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" class="content">
        <Suspense fallback={<p class="muted">Loading…</p>}>{route ? <route.page path={path} /> : <NotFound />}</Suspense>
      </main>
    </div>
  );
}

/** Head revision and whether live updates are flowing. */
function LiveBadge() {
  const live = useLive();
  const label = live.state === 'live' ? 'Live' : live.state === 'connecting' ? 'Connecting' : 'Offline';
  // Only the connection state is announced: the head revision changes too often to read out.
  return (
    <div class={`live live-${live.state}`} title={live.error ?? undefined}>
      <span class="dot" aria-hidden="true" />{' '}
      <span role="status" aria-live="polite">
        {label}
        <span class="sr-only"> updates</span>
      </span>
      {live.snapshot && <span class="rev">rev {live.snapshot.head}</span>}
    </div>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <Link href="/policies">Go to policies</Link>
      </p>
    </section>
  );
}
