import { PageHeading } from '#web/components/feedback.tsx';

export default function FrameworkPage() {
  return (
    <section className="page">
      <PageHeading>framework</PageHeading>
    </section>
  );
}
