import { AdminPage } from '#web/features/admin/components/admin-nav.tsx';
import { DistrictDataExport } from '#web/features/privacy/components/district-data-export.tsx';
import { ErasePeople } from '#web/features/privacy/components/erase-person.tsx';
import { ErasureRequests, RecordsRuleForm } from '#web/features/privacy/components/erasure-requests.tsx';
import { RetentionForm } from '#web/features/privacy/components/retention-form.tsx';
import { useSession } from '#web/features/session/api/session.ts';

/**
 * The district's data: its export, how long records are kept, people's requests to be erased and
 * erasing people who have left.
 */
export default function AdminDataPage() {
  const session = useSession();
  const roles = session.data?.user.roles ?? [];
  return (
    <AdminPage
      title="Data and privacy"
      isAdmin={roles.includes('district_admin') || roles.includes('platform_admin')}
      development={session.data?.development}
    >
      <section aria-labelledby="district-export-heading" style={{ maxWidth: '40rem' }}>
        <h2 id="district-export-heading">Export the district’s data</h2>
        <DistrictDataExport />
      </section>
      <section aria-labelledby="retention-heading" style={{ maxWidth: '40rem' }}>
        <h2 id="retention-heading">How long records are kept</h2>
        <RetentionForm />
      </section>
      <section aria-labelledby="erasure-requests-heading" style={{ maxWidth: '40rem' }}>
        <h2 id="erasure-requests-heading">Requests to be erased</h2>
        <RecordsRuleForm />
        <ErasureRequests />
      </section>
      <section aria-labelledby="erase-heading" style={{ maxWidth: '40rem' }}>
        <h2 id="erase-heading">Erase a person who has left</h2>
        <ErasePeople />
      </section>
    </AdminPage>
  );
}
