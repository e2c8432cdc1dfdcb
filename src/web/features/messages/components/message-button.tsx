import { Link } from 'react-router';
import { useRecipient } from '../api/recipients.ts';

/**
 * "Message" on a profile: shown only when the viewer may write to the person (someone they may see,
 * with no block between them).
 */
export function MessageButton({ personId, name }: { personId: string; name: string }) {
  const recipient = useRecipient(personId);
  if (!recipient.data?.abilities.message) return null;
  return (
    <p>
      <Link className="button button--secondary" to={`/messages/new?to=${personId}`}>
        Message <span className="visually-hidden">{name}</span>
      </Link>
    </p>
  );
}
