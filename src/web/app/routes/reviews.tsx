import { PageHeading } from '#web/components/feedback.tsx';

export default function ReviewsPage() {
  return (
    <section className="page">
      <PageHeading>reviews</PageHeading>
    </section>
  );
}
