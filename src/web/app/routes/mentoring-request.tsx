import { Link, useNavigate, useParams } from 'react-router';
import type { Suggestion } from '#shared/contracts/mentoring.ts';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { TableWrap } from '#web/components/table-wrap.tsx';
import {
  useChooseMentor,
  useMentoringRequest,
  useSuggestions,
} from '#web/features/mentoring/api/mentoring.ts';
import { factorLabel, modeLabel, whereFrom } from '#web/features/mentoring/components/labels.ts';
import { useSession } from '#web/features/session/api/session.ts';

/** One suggested mentor: who, how they meet, and the weights that make the score. */
function SuggestionCard({ s, requestId, mentee }: { s: Suggestion; requestId: string; mentee: boolean }) {
  const choose = useChooseMentor(requestId);
  const navigate = useNavigate();
  const label = mentee ? `Choose ${s.mentor.name}` : `Match ${s.mentor.name}`;
  return (
    <li className="card">
      <h3>{s.mentor.name}</h3>
      <p className="muted">{whereFrom(s.mentor)}</p>
      <p>
        Score <strong>{s.score}</strong> · mentors {s.load} of {s.capacity} ·{' '}
        {s.meetingModes.map(modeLabel).join(', ')}
        {s.availability && <> · {s.availability}</>}
      </p>
      <TableWrap label={`Why ${s.mentor.name} is suggested`}>
        <table>
          <caption>Why {s.mentor.name} is suggested</caption>
          <thead>
            <tr>
              <th scope="col">Reason</th>
              <th scope="col">Weight</th>
              <th scope="col">Fit</th>
              <th scope="col">Points</th>
            </tr>
          </thead>
          <tbody>
            {s.reasons.map((r) => (
              <tr key={r.factor}>
                <th scope="row">{factorLabel(r.factor)}</th>
                <td>{r.weight}</td>
                <td>{Math.round(r.fit * 100)}%</td>
                <td>{r.points}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {choose.error && <ErrorMessage error={choose.error} />}
      <button
        type="button"
        className="button"
        disabled={choose.isPending}
        onClick={() =>
          choose.mutate(
            { mentorId: s.mentor.id, confirm: !mentee },
            { onSuccess: (m) => navigate(`/mentoring/mentorships/${m.data.id}`) },
          )
        }
      >
        {label}
      </button>
    </li>
  );
}

/** A request for a mentor and the mentors Trellis suggests for it. */
export default function MentoringRequestPage() {
  const { id = '' } = useParams();
  const request = useMentoringRequest(id);
  const session = useSession();
  const open = request.data?.data.status === 'open';
  const suggestions = useSuggestions(id, open);
  if (request.isPending) return <Loading />;
  if (request.error)
    return (
      <section className="page">
        <PageHeading>Request for a mentor</PageHeading>
        <ErrorMessage error={request.error} />
      </section>
    );
  const r = request.data.data;
  const mentee = r.mentee.id === session.data?.user.id;
  return (
    <section className="page">
      <p>
        <Link to={mentee ? '/mentoring' : '/mentoring/coordinate'}>Back to mentoring</Link>
      </p>
      <PageHeading>
        Mentor for {r.mentee.name}: {r.subject}, {r.gradeBand}
      </PageHeading>
      <p>
        {modeLabel(r.meetingMode)}
        {r.topics.length > 0 && <> · {r.topics.join(', ')}</>}
      </p>
      {r.note && <p>{r.note}</p>}
      <h2>Suggested mentors</h2>
      {!open ? (
        <EmptyState title="This request is no longer open." />
      ) : suggestions.isPending ? (
        <Loading />
      ) : suggestions.error ? (
        <ErrorMessage error={suggestions.error} />
      ) : suggestions.data.data.length === 0 ? (
        <EmptyState title="No mentor in your network has room right now.">
          <p>Mentors who offer more places appear here; a coordinator can also match you.</p>
        </EmptyState>
      ) : (
        <ol className="plain-list">
          {suggestions.data.data.map((s) => (
            <SuggestionCard key={s.mentor.id} s={s} requestId={id} mentee={mentee} />
          ))}
        </ol>
      )}
    </section>
  );
}
