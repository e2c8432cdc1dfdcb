import { Link } from 'react-router';
import { usePersonAwards } from '../api/get-person-awards.ts';
import { ShownAwardCard } from './shown-award-card.tsx';

/**
 * The credentials section of a person's page: their active credentials, when there are any the
 * viewer may see. The person themself is pointed to their wallet.
 */
export function PersonCredentials({ personId, isSelf }: { personId: string; isSelf: boolean }) {
  const awards = usePersonAwards(personId);
  const list = awards.data ?? [];
  if (awards.isPending || awards.isError || (list.length === 0 && !isSelf)) return null;
  return (
    <section aria-labelledby="person-credentials">
      <h2 id="person-credentials">Credentials</h2>
      {list.length === 0 ? (
        <p className="muted">
          None yet. <Link to="/micro-credentials">Browse micro-credentials</Link> to earn one.
        </p>
      ) : (
        <ul className="bare-list wallet-list">
          {list.map((award) => (
            <li key={award.id}>
              <ShownAwardCard award={award} />
            </li>
          ))}
        </ul>
      )}
      {isSelf && (
        <p>
          <Link to="/my-credentials">Manage my credentials</Link>
        </p>
      )}
    </section>
  );
}
