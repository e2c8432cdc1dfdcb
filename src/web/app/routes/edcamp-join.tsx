import { useNavigate, useSearchParams } from 'react-router';
import { PageHeading } from '#web/components/feedback.tsx';
import { JoinForm } from '#web/features/edcamp/components/join-form.tsx';

/** Where the address on the room's screen leads: a phone joins the board as a guest. */
export default function EdcampJoinPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  return (
    <section className="page page--narrow">
      <PageHeading>Join an edcamp board</PageHeading>
      <p>Propose sessions and vote for the ones you want, without an account.</p>
      <JoinForm
        initialCode={(params.get('code') ?? '').toUpperCase()}
        onJoined={({ eventId }) => navigate(`/events/${eventId}/edcamp`, { replace: true })}
      />
    </section>
  );
}
