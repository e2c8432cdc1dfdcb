import { AdminPage } from '#web/features/admin/components/admin-nav.tsx';
import { LrsAdmin } from '#web/features/lrs/components/lrs-admin.tsx';
import { useSession } from '#web/features/session/api/session.ts';

/** The district's learning record store: tools' credentials, home page and unmatched identities. */
export default function AdminLrsPage() {
  const session = useSession();
  const roles = session.data?.user.roles ?? [];
  return (
    <AdminPage
      title="Learning record store"
      isAdmin={roles.includes('district_admin') || roles.includes('platform_admin')}
      development={session.data?.development}
    >
      <LrsAdmin />
    </AdminPage>
  );
}
