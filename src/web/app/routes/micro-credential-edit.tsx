import { PageHeading } from '#web/components/feedback.tsx';

export default function MicroCredentialEditPage() {
  return (
    <section className="page">
      <PageHeading>micro-credential-edit</PageHeading>
    </section>
  );
}
