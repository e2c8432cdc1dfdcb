import { useSession } from '#web/features/session/api/session.ts';
import { AdminPage } from '#web/features/admin/components/admin-nav.tsx';
import { OutboxList } from '#web/features/admin/components/outbox-list.tsx';

/** The development mail outbox: what Trellis would have emailed. */
export default function DevOutboxPage() {
  const session = useSession();
  const roles = session.data?.user.roles ?? [];
  return (
    <AdminPage
      title="Mail outbox"
      isAdmin={roles.includes('district_admin') || roles.includes('platform_admin')}
      development={session.data?.development}
    >
      <OutboxList />
    </AdminPage>
  );
}
