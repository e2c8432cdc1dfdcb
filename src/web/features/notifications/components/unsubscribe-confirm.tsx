import { Link } from 'react-router';
import { ErrorMessage, Notice } from '#web/components/feedback.tsx';
import { useUnsubscribe } from '../api/unsubscribe.ts';

/**
 * The page an emailed unsubscribe link opens: nothing changes until the person confirms. A single
 * notification's email stops that kind of notification's email; a digest's stops them all.
 */
export function UnsubscribeConfirm({ token }: { token: string | null }) {
  const unsubscribe = useUnsubscribe();
  if (!token)
    return (
      <ErrorMessage error="This unsubscribe link is incomplete. Open the link from the email again, or choose which emails you get in your settings." />
    );
  const oneKind = token.split('.').length === 3;
  if (unsubscribe.isSuccess) {
    const { label } = unsubscribe.data.data;
    return (
      <Notice>
        <p>
          {label
            ? `You are unsubscribed from “${label}” emails. They still show in Trellis.`
            : 'You are unsubscribed. Trellis will not email you about notifications.'}
        </p>
        <p>
          You can still see notifications in Trellis, and choose again in{' '}
          <Link to="/settings#notifications">Settings</Link>.
        </p>
      </Notice>
    );
  }
  return (
    <>
      <p>
        {oneKind
          ? 'Stop getting emails about this kind of notification? You will still see them when you sign in, and other emails are not changed.'
          : 'Stop getting notification emails from Trellis? You will still see notifications when you sign in.'}
      </p>
      <ErrorMessage error={unsubscribe.error} />
      <button
        type="button"
        className="button"
        disabled={unsubscribe.isPending}
        onClick={() => unsubscribe.mutate(token)}
      >
        {unsubscribe.isPending
          ? 'Unsubscribing…'
          : oneKind
            ? 'Unsubscribe from these emails'
            : 'Unsubscribe from notification emails'}
      </button>
    </>
  );
}
