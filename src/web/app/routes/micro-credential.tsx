import { PageHeading } from '#web/components/feedback.tsx';

export default function MicroCredentialPage() {
  return (
    <section className="page">
      <PageHeading>micro-credential</PageHeading>
    </section>
  );
}
