import { PageHeading } from '#web/components/feedback.tsx';

export default function MicroCredentialNewPage() {
  return (
    <section className="page">
      <PageHeading>micro-credential-new</PageHeading>
    </section>
  );
}
