import { PageHeading } from '#web/components/feedback.tsx';

// Placeholder until this page is built; not linked from anywhere yet.
export default function AdminPeoplePage() {
  return (
    <section className="page">
      <PageHeading>admin-people</PageHeading>
    </section>
  );
}
