import { PageHeading } from '#web/components/feedback.tsx';

export default function CredentialPublicPage() {
  return (
    <section className="page">
      <PageHeading>credential-public</PageHeading>
    </section>
  );
}
