import { PageHeading } from '#web/components/feedback.tsx';

// Placeholder until this page is built; not linked from anywhere yet.
export default function DirectoryPage() {
  return (
    <section className="page">
      <PageHeading>directory</PageHeading>
    </section>
  );
}
