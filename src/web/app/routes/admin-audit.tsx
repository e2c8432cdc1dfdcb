import { useSession } from '#web/features/session/api/session.ts';
import { AdminPage } from '#web/features/admin/components/admin-nav.tsx';
import { AuditTable } from '#web/features/admin/components/audit-table.tsx';

/** The district's audit log. */
export default function AdminAuditPage() {
  const session = useSession();
  const roles = session.data?.user.roles ?? [];
  return (
    <AdminPage
      title="Audit log"
      isAdmin={roles.includes('district_admin') || roles.includes('platform_admin')}
      development={session.data?.development}
    >
      <AuditTable />
    </AdminPage>
  );
}
