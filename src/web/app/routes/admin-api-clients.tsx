import { useSession } from '#web/features/session/api/session.ts';
import { AdminPage } from '#web/features/admin/components/admin-nav.tsx';
import { ApiClientsManager } from '#web/features/integrations/components/api-clients-manager.tsx';

/** The district's API clients: credentials other systems use to call Trellis. */
export default function AdminApiClientsPage() {
  const session = useSession();
  const roles = session.data?.user.roles ?? [];
  return (
    <AdminPage
      title="API clients"
      isAdmin={roles.includes('district_admin') || roles.includes('platform_admin')}
      development={session.data?.development}
    >
      <ApiClientsManager />
    </AdminPage>
  );
}
