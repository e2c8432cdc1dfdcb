import { Link, useNavigate, useParams } from 'react-router';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { useBoardUpdates, useEventBoard, useGuest } from '#web/features/edcamp/api/edcamp.ts';
import { EdcampBoardView } from '#web/features/edcamp/components/edcamp-board.tsx';
import { JoinForm } from '#web/features/edcamp/components/join-form.tsx';
import { OpenBoardForm } from '#web/features/edcamp/components/open-board-form.tsx';
import { useSession } from '#web/features/session/api/session.ts';

/**
 * An event's edcamp board, for the signed-in and for guests of the board: a visitor who is neither
 * is asked for the code in the room (or to sign in).
 */
export default function EventEdcampPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const session = useSession();
  const signedIn = Boolean(session.data);
  const guest = useGuest(!session.isPending && !signedIn);
  const guestHere = !signedIn && guest.data?.data?.eventId === id;
  const board = useEventBoard(id, signedIn || guestHere);
  const data = board.data?.data ?? null;
  useBoardUpdates(id, data, guestHere);

  if (session.isPending || (!signedIn && guest.isPending)) return <Loading />;
  if (!signedIn && !guestHere)
    return (
      <section className="page page--narrow">
        <PageHeading>Join the edcamp board</PageHeading>
        <p>
          Type the code shown in the room and the name to go by, or{' '}
          <Link to={`/sign-in?next=/events/${id}/edcamp`}>sign in</Link> to have the sessions you go to count
          in your learning log.
        </p>
        <JoinForm onJoined={({ eventId }) => navigate(`/events/${eventId}/edcamp`, { replace: true })} />
      </section>
    );
  return (
    <section className="page">
      {signedIn && (
        <p>
          <Link to={`/events/${id}`}>Back to the event</Link>
        </p>
      )}
      <PageHeading title={data ? `Edcamp board: ${data.eventTitle}` : 'Edcamp board'}>
        {data ? `Edcamp board: ${data.eventTitle}` : 'Edcamp board'}
      </PageHeading>
      {board.isPending ? (
        <Loading />
      ) : board.error ? (
        <ErrorMessage error={board.error} />
      ) : data ? (
        <EdcampBoardView board={data} abilities={board.data.abilities} guest={guestHere} />
      ) : board.data.abilities.open ? (
        <OpenBoardForm eventId={id} />
      ) : (
        <EmptyState title="This event has no edcamp board yet.">
          Its organizers open one on the day, with the rooms and time slots.
        </EmptyState>
      )}
    </section>
  );
}
