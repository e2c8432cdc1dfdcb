import { PageHeading } from '#web/components/feedback.tsx';

// Placeholder until this page is built; not linked from anywhere yet.
export default function DevOutboxPage() {
  return (
    <section className="page">
      <PageHeading>dev-outbox</PageHeading>
    </section>
  );
}
