import { AdminPage } from '#web/features/admin/components/admin-nav.tsx';
import { useSession } from '#web/features/session/api/session.ts';
import { SignOnManager } from '#web/features/sso/components/sign-on-manager.tsx';

/** The district's single sign-on: providers, domains and how staff sign in. */
export default function AdminSignOnPage() {
  const session = useSession();
  const roles = session.data?.user.roles ?? [];
  return (
    <AdminPage
      title="Single sign-on"
      isAdmin={roles.includes('district_admin') || roles.includes('platform_admin')}
      development={session.data?.development}
    >
      <SignOnManager />
    </AdminPage>
  );
}
