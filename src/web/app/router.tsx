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
      { path: '/sign-on/problem', lazy: lazy(() => import('./routes/sign-on-problem.tsx')) },
      { path: '/sign-on/confirm-domain', lazy: lazy(() => import('./routes/sign-on-confirm-domain.tsx')) },
      { path: '/signed-out', lazy: lazy(() => import('./routes/signed-out.tsx')) },
      // A profile its owner made public can be read without signing in; the page handles a 404.
      { path: '/people/:id', lazy: lazy(() => import('./routes/person.tsx')) },
      // Opened from an email link; the token, not a session, names the person.
      { path: '/credentials/:id', lazy: lazy(() => import('./routes/credential-public.tsx')) },
      { path: '/verify', lazy: lazy(() => import('./routes/verify.tsx')) },
      { path: '/portfolio/:userId', lazy: lazy(() => import('./routes/portfolio.tsx')) },
      { path: '/unsubscribe', lazy: lazy(() => import('./routes/unsubscribe.tsx')) },
      {
        element: <RequireSession />,
        errorElement: <RouteError />,
        children: [
          { path: '/', lazy: lazy(() => import('./routes/home.tsx')) },
          { path: '/directory', lazy: lazy(() => import('./routes/directory.tsx')) },
          { path: '/communities', lazy: lazy(() => import('./routes/communities.tsx')) },
          { path: '/communities/new', lazy: lazy(() => import('./routes/communities-new.tsx')) },
          { path: '/communities/:id', lazy: lazy(() => import('./routes/community.tsx')) },
          { path: '/communities/:id/members', lazy: lazy(() => import('./routes/community-members.tsx')) },
          { path: '/communities/:id/manage', lazy: lazy(() => import('./routes/community-manage.tsx')) },
          { path: '/search', lazy: lazy(() => import('./routes/search.tsx')) },
          { path: '/resources', lazy: lazy(() => import('./routes/library.tsx')) },
          { path: '/resources/new', lazy: lazy(() => import('./routes/resource-new.tsx')) },
          { path: '/resources/:id', lazy: lazy(() => import('./routes/resource.tsx')) },
          { path: '/resources/:id/edit', lazy: lazy(() => import('./routes/resource-edit.tsx')) },
          {
            path: '/resources/:id/versions/:version',
            lazy: lazy(() => import('./routes/resource-version.tsx')),
          },
          { path: '/resources/:id/changes', lazy: lazy(() => import('./routes/resource-changes.tsx')) },
          { path: '/resources/:id/remix', lazy: lazy(() => import('./routes/resource-remix.tsx')) },
          { path: '/resources/:id/spread', lazy: lazy(() => import('./routes/resource-spread.tsx')) },
          { path: '/collections', lazy: lazy(() => import('./routes/collections.tsx')) },
          { path: '/collections/new', lazy: lazy(() => import('./routes/collection-new.tsx')) },
          { path: '/collections/:id', lazy: lazy(() => import('./routes/collection.tsx')) },
          { path: '/frameworks', lazy: lazy(() => import('./routes/frameworks.tsx')) },
          { path: '/frameworks/import', lazy: lazy(() => import('./routes/framework-import.tsx')) },
          { path: '/frameworks/:id', lazy: lazy(() => import('./routes/framework.tsx')) },
          { path: '/micro-credentials', lazy: lazy(() => import('./routes/micro-credentials.tsx')) },
          { path: '/micro-credentials/new', lazy: lazy(() => import('./routes/micro-credential-new.tsx')) },
          { path: '/micro-credentials/:id', lazy: lazy(() => import('./routes/micro-credential.tsx')) },
          {
            path: '/micro-credentials/:id/edit',
            lazy: lazy(() => import('./routes/micro-credential-edit.tsx')),
          },
          { path: '/submissions', lazy: lazy(() => import('./routes/submissions.tsx')) },
          { path: '/submissions/:id', lazy: lazy(() => import('./routes/submission.tsx')) },
          { path: '/reviews', lazy: lazy(() => import('./routes/reviews.tsx')) },
          { path: '/reviews/:id', lazy: lazy(() => import('./routes/review.tsx')) },
          { path: '/my-credentials', lazy: lazy(() => import('./routes/my-credentials.tsx')) },
          { path: '/profile', lazy: lazy(() => import('./routes/profile-edit.tsx')) },
          { path: '/settings', lazy: lazy(() => import('./routes/settings.tsx')) },
          { path: '/data-protection', lazy: lazy(() => import('./routes/data-protection.tsx')) },
          { path: '/notifications', lazy: lazy(() => import('./routes/notifications.tsx')) },
          { path: '/admin/people', lazy: lazy(() => import('./routes/admin-people.tsx')) },
          { path: '/admin/schools', lazy: lazy(() => import('./routes/admin-schools.tsx')) },
          { path: '/admin/import', lazy: lazy(() => import('./routes/admin-import.tsx')) },
          { path: '/admin/roster-sync', lazy: lazy(() => import('./routes/admin-roster-sync.tsx')) },
          { path: '/admin/audit', lazy: lazy(() => import('./routes/admin-audit.tsx')) },
          { path: '/admin/jobs', lazy: lazy(() => import('./routes/admin-jobs.tsx')) },
          { path: '/admin/api-clients', lazy: lazy(() => import('./routes/admin-api-clients.tsx')) },
          { path: '/admin/sign-on', lazy: lazy(() => import('./routes/admin-sign-on.tsx')) },
          { path: '/admin/data', lazy: lazy(() => import('./routes/admin-data.tsx')) },
          { path: '/networks', lazy: lazy(() => import('./routes/networks.tsx')) },
          { path: '/dev/outbox', lazy: lazy(() => import('./routes/dev-outbox.tsx')) },
          {
            path: '/communities/:id/threads/:threadId',
            lazy: lazy(() => import('./routes/community-thread.tsx')),
          },
          {
            path: '/communities/:id/moderation',
            lazy: lazy(() => import('./routes/community-moderation.tsx')),
          },
        ],
      },
      { path: '*', lazy: lazy(() => import('./routes/not-found.tsx')) },
    ],
  },
]);
