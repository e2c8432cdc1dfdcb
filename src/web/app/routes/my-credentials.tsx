import { PageHeading } from '#web/components/feedback.tsx';

export default function MyCredentialsPage() {
  return (
    <section className="page">
      <PageHeading>my-credentials</PageHeading>
    </section>
  );
}
