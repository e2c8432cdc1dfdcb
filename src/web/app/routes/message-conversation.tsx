import { useParams } from 'react-router';
import { ConversationView } from '#web/features/messages/components/conversation.tsx';

/** One direct-message conversation. */
export default function ConversationPage() {
  const { id = '' } = useParams();
  return (
    <section className="page">
      <ConversationView key={id} id={id} />
    </section>
  );
}
