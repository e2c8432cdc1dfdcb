import { useSession } from '#web/features/session/api/session.ts';
import { AdminPage } from '#web/features/admin/components/admin-nav.tsx';
import { SchoolsManager } from '#web/features/admin/components/schools-manager.tsx';

/** The district's schools. */
export default function AdminSchoolsPage() {
  const session = useSession();
  const roles = session.data?.user.roles ?? [];
  return (
    <AdminPage
      title="Schools"
      isAdmin={roles.includes('district_admin') || roles.includes('platform_admin')}
      development={session.data?.development}
    >
      <SchoolsManager />
    </AdminPage>
  );
}
