import { PageHeading } from '#web/components/feedback.tsx';

export default function SubmissionPage() {
  return (
    <section className="page">
      <PageHeading>submission</PageHeading>
    </section>
  );
}
