import { AdminPage } from '#web/features/admin/components/admin-nav.tsx';
import { ReportQueue } from '#web/features/messages/components/report-queue.tsx';
import { useSession } from '#web/features/session/api/session.ts';

/** Reported direct messages of the district's people: each report's one message, never a conversation. */
export default function AdminMessageReportsPage() {
  const session = useSession();
  const roles = session.data?.user.roles ?? [];
  return (
    <AdminPage
      title="Reported messages"
      isAdmin={roles.includes('district_admin') || roles.includes('platform_admin')}
      development={session.data?.development}
    >
      <ReportQueue />
    </AdminPage>
  );
}
