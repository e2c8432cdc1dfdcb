import { PageHeading } from '#web/components/feedback.tsx';

// Placeholder until this page is built; not linked from anywhere yet.
export default function ProfileEditPage() {
  return (
    <section className="page">
      <PageHeading>profile-edit</PageHeading>
    </section>
  );
}
