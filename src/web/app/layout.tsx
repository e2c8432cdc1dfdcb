import { useEffect, useState } from 'react';
import {
  Link,
  NavLink,
  Navigate,
  Outlet,
  isRouteErrorResponse,
  useLocation,
  useNavigate,
  useRouteError,
} from 'react-router';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { UnreadLink } from '#web/features/discussion/components/unread-link.tsx';
import { MessagesLink } from '#web/features/messages/components/messages-link.tsx';
import { NotificationBell } from '#web/features/notifications/components/notification-bell.tsx';
import { useSession, useSignOut } from '#web/features/session/api/session.ts';
import { providerSignOut } from '#web/features/sso/api/provider-sign-out.ts';
import { HeaderSearch } from '#web/features/search/components/header-search.tsx';

/** The frame of every page: skip link, header with navigation, main landmark. */
export function Layout() {
  const session = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const user = session.data?.user;
  const isAdmin = user?.roles.includes('district_admin') || user?.roles.includes('platform_admin');
  const location = useLocation();
  // On a phone the navigation folds behind a Menu button so the page starts near the top; it folds
  // again once a link is followed.
  const [menuOpen, setMenuOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the address changing is what closes the menu.
  useEffect(() => setMenuOpen(false), [location.pathname, location.search]);
  const signInHere =
    location.pathname === '/sign-in' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(location.pathname)}`;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          Trellis
        </Link>
        {user && (
          <button
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls="site-menu"
            onClick={() => setMenuOpen((open) => !open)}
          >
            Menu
          </button>
        )}
        {!user && !session.isPending && location.pathname !== '/sign-in' && (
          <Link to={signInHere} className="header-sign-in">
            Sign in
          </Link>
        )}
        {user && (
          <div id="site-menu" className={menuOpen ? 'site-menu site-menu--open' : 'site-menu'}>
            <nav aria-label="Main">
              <ul>
                <li>
                  <NavLink to="/" end>
                    Home
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/directory">Directory</NavLink>
                </li>
                <li>
                  <NavLink to="/communities">Communities</NavLink>
                </li>
                <li>
                  <UnreadLink />
                </li>
                <li>
                  <NavLink to="/resources">Library</NavLink>
                </li>
                <li>
                  <NavLink to="/collections">Collections</NavLink>
                </li>
                <li>
                  <NavLink to="/micro-credentials">Credentials</NavLink>
                </li>
                <li>
                  <NavLink to="/learning">My learning</NavLink>
                </li>
                <li>
                  <NavLink to="/videos">Videos</NavLink>
                </li>
                <li>
                  <NavLink to="/events">Events</NavLink>
                </li>
                <li>
                  <NavLink to="/coaching">Coaching</NavLink>
                </li>
                <li>
                  <NavLink to="/mentoring">Mentoring</NavLink>
                </li>
                <li>
                  <NavLink to="/pathways">Pathways</NavLink>
                </li>
                <li>
                  <NavLink to="/credit">Credit</NavLink>
                </li>
                <li>
                  <MessagesLink userId={user.id} />
                </li>
                <li>
                  <NavLink to="/profile">My profile</NavLink>
                </li>
                {isAdmin && (
                  <li>
                    <NavLink to="/admin/people">Administration</NavLink>
                  </li>
                )}
                {!isAdmin && user.networkAdminOf.length > 0 && (
                  <li>
                    <NavLink to="/networks">Networks</NavLink>
                  </li>
                )}
                <li>
                  <NotificationBell userId={user.id} />
                </li>
                <li>
                  <NavLink to="/settings">Settings</NavLink>
                </li>
                <li>
                  <button
                    type="button"
                    className="link-button"
                    onClick={async () => {
                      // Asked before the session ends: afterwards Trellis no longer knows who signed out.
                      const provider = await providerSignOut().catch(() => null);
                      signOut.mutate(undefined, {
                        onSuccess: () =>
                          provider ? navigate('/signed-out', { state: provider }) : navigate('/sign-in'),
                      });
                    }}
                  >
                    Sign out
                  </button>
                </li>
              </ul>
            </nav>
            <HeaderSearch />
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      {user && (
        <footer className="site-footer">
          <Link to="/data-protection">Data protection</Link>
        </footer>
      )}
    </>
  );
}

/** Renders its pages only for a signed-in person; otherwise sends them to sign in and back. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorMessage error={session.error} />;
  if (!session.data)
    return (
      <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  return <Outlet />;
}

/** Shown when a page fails to load or render. */
export function RouteError() {
  const error = useRouteError();
  return (
    <section className="page">
      <PageHeading>Something went wrong</PageHeading>
      {isRouteErrorResponse(error) ? <p>{error.statusText}</p> : <ErrorMessage error={error} />}
      <p>
        <Link to="/">Go to your home page</Link>
      </p>
    </section>
  );
}
