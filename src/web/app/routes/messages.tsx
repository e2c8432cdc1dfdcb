import { PageHeading } from '#web/components/feedback.tsx';
import { Inbox } from '#web/features/messages/components/inbox.tsx';

/** Direct messages: conversations, search in one's own messages and the people one blocked. */
export default function MessagesPage() {
  return (
    <section className="page">
      <PageHeading>Messages</PageHeading>
      <Inbox />
    </section>
  );
}
