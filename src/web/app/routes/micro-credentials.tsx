import { PageHeading } from '#web/components/feedback.tsx';

export default function MicroCredentialsPage() {
  return (
    <section className="page">
      <PageHeading>micro-credentials</PageHeading>
    </section>
  );
}
