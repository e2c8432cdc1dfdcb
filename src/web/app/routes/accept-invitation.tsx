import { PageHeading } from '#web/components/feedback.tsx';

// Placeholder until this page is built; not linked from anywhere yet.
export default function AcceptInvitationPage() {
  return (
    <section className="page">
      <PageHeading>accept-invitation</PageHeading>
    </section>
  );
}
