import { Link } from 'react-router';
import { PageHeading } from '#web/components/feedback.tsx';
import { ForgotPasswordForm } from '#web/features/settings/components/forgot-password-form.tsx';

export default function ForgotPasswordPage() {
  return (
    <section className="page page--narrow">
      <PageHeading>Reset your password</PageHeading>
      <p>Enter the email address you sign in with. We will email you a link to choose a new password.</p>
      <ForgotPasswordForm />
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </section>
  );
}
