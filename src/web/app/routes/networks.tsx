import { PageHeading } from '#web/components/feedback.tsx';
import { AdminNav } from '#web/features/admin/components/admin-nav.tsx';
import { NetworksManager } from '#web/features/networks/components/networks-manager.tsx';
import { useSession } from '#web/features/session/api/session.ts';

/** Networks: their member districts for network administrators, leaving for district administrators. */
export default function NetworksPage() {
  const session = useSession();
  const user = session.data?.user;
  const isDistrictAdmin = Boolean(
    user?.roles.includes('district_admin') || user?.roles.includes('platform_admin'),
  );
  return (
    <section className="page">
      <PageHeading>Networks</PageHeading>
      {isDistrictAdmin && <AdminNav development={session.data?.development} />}
      {user && <NetworksManager myDistrictId={user.districtId} />}
    </section>
  );
}
