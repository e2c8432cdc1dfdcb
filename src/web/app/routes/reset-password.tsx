import { PageHeading } from '#web/components/feedback.tsx';

// Placeholder until this page is built; not linked from anywhere yet.
export default function ResetPasswordPage() {
  return (
    <section className="page">
      <PageHeading>reset-password</PageHeading>
    </section>
  );
}
