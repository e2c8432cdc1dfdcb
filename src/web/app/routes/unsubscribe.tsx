import { useSearchParams } from 'react-router';
import { PageHeading } from '#web/components/feedback.tsx';
import { UnsubscribeConfirm } from '#web/features/notifications/components/unsubscribe-confirm.tsx';

/** Opened from the link in a notification email; works without signing in. */
export default function UnsubscribePage() {
  const [params] = useSearchParams();
  return (
    <section className="page page--narrow">
      <PageHeading>Unsubscribe from email</PageHeading>
      <UnsubscribeConfirm token={params.get('token')} />
    </section>
  );
}
