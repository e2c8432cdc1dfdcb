import { AdminPage } from '#web/features/admin/components/admin-nav.tsx';
import { JobsTable } from '#web/features/admin/components/jobs-table.tsx';
import { useSession } from '#web/features/session/api/session.ts';

/** Background jobs: what is queued, running, failed (with retry) and done. */
export default function AdminJobsPage() {
  const session = useSession();
  const roles = session.data?.user.roles ?? [];
  return (
    <AdminPage
      title="Background jobs"
      isAdmin={roles.includes('district_admin') || roles.includes('platform_admin')}
      development={session.data?.development}
    >
      <JobsTable />
    </AdminPage>
  );
}
