import { PageHeading } from '#web/components/feedback.tsx';

export default function ReviewPage() {
  return (
    <section className="page">
      <PageHeading>review</PageHeading>
    </section>
  );
}
