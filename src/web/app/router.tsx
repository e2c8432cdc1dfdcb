import { createBrowserRouter } from 'react-router';
import { Layout, RequireSession, RouteError } from './layout.tsx';

const lazy = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

/** Every page of the web app. Pages behind RequireSession send a signed-out visitor to sign in. */
export const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { path: '/sign-in', lazy: lazy(() => import('./routes/sign-in.tsx')) },
      { path: '/forgot-password', lazy: lazy(() => import('./routes/forgot-password.tsx')) },
      { path: '/reset-password', lazy: lazy(() => import('./routes/reset-password.tsx')) },
      { path: '/invitations/accept', lazy: lazy(() => import('./routes/accept-invitation.tsx')) },
      // A profile its owner made public can be read without signing in; the page handles a 404.
      { path: '/people/:id', lazy: lazy(() => import('./routes/person.tsx')) },
      {
        element: <RequireSession />,
        errorElement: <RouteError />,
        children: [
          { path: '/', lazy: lazy(() => import('./routes/home.tsx')) },
          { path: '/directory', lazy: lazy(() => import('./routes/directory.tsx')) },
          { path: '/profile', lazy: lazy(() => import('./routes/profile-edit.tsx')) },
          { path: '/settings', lazy: lazy(() => import('./routes/settings.tsx')) },
          { path: '/admin/people', lazy: lazy(() => import('./routes/admin-people.tsx')) },
          { path: '/admin/schools', lazy: lazy(() => import('./routes/admin-schools.tsx')) },
          { path: '/admin/import', lazy: lazy(() => import('./routes/admin-import.tsx')) },
          { path: '/admin/audit', lazy: lazy(() => import('./routes/admin-audit.tsx')) },
          { path: '/dev/outbox', lazy: lazy(() => import('./routes/dev-outbox.tsx')) },
        ],
      },
      { path: '*', lazy: lazy(() => import('./routes/not-found.tsx')) },
    ],
  },
]);
