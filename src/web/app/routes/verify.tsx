import { PageHeading } from '#web/components/feedback.tsx';

export default function VerifyPage() {
  return (
    <section className="page">
      <PageHeading>verify</PageHeading>
    </section>
  );
}
