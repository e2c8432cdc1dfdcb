import { PageHeading } from '#web/components/feedback.tsx';

// Placeholder until this page is built; not linked from anywhere yet.
export default function AdminImportPage() {
  return (
    <section className="page">
      <PageHeading>admin-import</PageHeading>
    </section>
  );
}
