import { PageHeading } from '#web/components/feedback.tsx';

export default function SubmissionsPage() {
  return (
    <section className="page">
      <PageHeading>submissions</PageHeading>
    </section>
  );
}
