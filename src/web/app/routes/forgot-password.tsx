import { PageHeading } from '#web/components/feedback.tsx';

// Placeholder until this page is built; not linked from anywhere yet.
export default function ForgotPasswordPage() {
  return (
    <section className="page">
      <PageHeading>forgot-password</PageHeading>
    </section>
  );
}
