import { AdminPage } from '#web/features/admin/components/admin-nav.tsx';
import { useSession } from '#web/features/session/api/session.ts';
import { VideoPolicyForm } from '#web/features/video-library/components/video-policy-form.tsx';

/** The district's video policy: allowed, shared across districts, kept how long, the consent asked. */
export default function AdminVideoPage() {
  const session = useSession();
  const roles = session.data?.user.roles ?? [];
  return (
    <AdminPage
      title="Lesson video"
      isAdmin={roles.includes('district_admin') || roles.includes('platform_admin')}
      development={session.data?.development}
    >
      <section aria-labelledby="video-policy-heading" style={{ maxWidth: '40rem' }}>
        <h2 id="video-policy-heading">Video policy</h2>
        <VideoPolicyForm />
      </section>
    </AdminPage>
  );
}
