import { useSession } from '#web/features/session/api/session.ts';
import { AdminPage } from '#web/features/admin/components/admin-nav.tsx';
import { BulkInviteForm } from '#web/features/admin/components/bulk-invite-form.tsx';
import { InvitationsTable } from '#web/features/admin/components/invitations-table.tsx';
import { InviteForm } from '#web/features/admin/components/invite-form.tsx';
import { SchoolRequests } from '#web/features/admin/components/school-requests.tsx';
import { StaffTable } from '#web/features/admin/components/staff-table.tsx';

const isAdmin = (roles: string[] | undefined) =>
  Boolean(roles?.includes('district_admin') || roles?.includes('platform_admin'));

/** District staff: the people table, school change requests, invitations single and bulk, and pending invitations. */
export default function AdminPeoplePage() {
  const session = useSession();
  return (
    <AdminPage
      title="People"
      isAdmin={isAdmin(session.data?.user.roles)}
      development={session.data?.development}
    >
      <StaffTable />
      <SchoolRequests />
      <InviteForm />
      <BulkInviteForm />
      <InvitationsTable />
    </AdminPage>
  );
}
