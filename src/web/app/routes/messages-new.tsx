import { Link, useSearchParams } from 'react-router';
import { PageHeading } from '#web/components/feedback.tsx';
import { NewConversation } from '#web/features/messages/components/new-conversation.tsx';

/** A new direct message to one colleague or a group of up to ten people. */
export default function NewMessagePage() {
  const [params] = useSearchParams();
  return (
    <section className="page">
      <p>
        <Link to="/messages">← All messages</Link>
      </p>
      <PageHeading>New message</PageHeading>
      <NewConversation initialRecipientId={params.get('to')} />
    </section>
  );
}
