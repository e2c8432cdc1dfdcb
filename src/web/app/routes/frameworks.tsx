import { PageHeading } from '#web/components/feedback.tsx';

export default function FrameworksPage() {
  return (
    <section className="page">
      <PageHeading>frameworks</PageHeading>
    </section>
  );
}
