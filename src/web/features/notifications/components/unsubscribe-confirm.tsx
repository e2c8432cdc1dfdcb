import { Link } from 'react-router';
import { ErrorMessage, Notice } from '#web/components/feedback.tsx';
import { useUnsubscribe } from '../api/unsubscribe.ts';

/** The page an emailed unsubscribe link opens: nothing changes until the person confirms. */
export function UnsubscribeConfirm({ token }: { token: string | null }) {
  const unsubscribe = useUnsubscribe();
  if (!token)
    return (
      <ErrorMessage error="This unsubscribe link is incomplete. Open the link from the email again, or choose which emails you get in your settings." />
    );
  if (unsubscribe.isSuccess)
    return (
      <Notice>
        <p>You are unsubscribed. Trellis will not email you about notifications.</p>
        <p>
          You can still see them in Trellis, and turn email back on in <Link to="/settings">Settings</Link>.
        </p>
      </Notice>
    );
  return (
    <>
      <p>Stop getting notification emails from Trellis? You will still see notifications when you sign in.</p>
      <ErrorMessage error={unsubscribe.error} />
      <button
        type="button"
        className="button"
        disabled={unsubscribe.isPending}
        onClick={() => unsubscribe.mutate(token)}
      >
        {unsubscribe.isPending ? 'Unsubscribing…' : 'Unsubscribe from notification emails'}
      </button>
    </>
  );
}
