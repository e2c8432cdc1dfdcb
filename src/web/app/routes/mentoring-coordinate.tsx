import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorMessage, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { TableWrap } from '#web/components/table-wrap.tsx';
import { formatDay } from '#web/lib/format.ts';
import { useCoordinatorView, useMatchCohort } from '#web/features/mentoring/api/mentoring.ts';
import { hoursTotal, statusLabel, whereFrom } from '#web/features/mentoring/components/labels.ts';

/** A coordinator's view: open requests to match as a cohort, approvals, pairs and mentors' load. */
export default function CoordinateMentoringPage() {
  const view = useCoordinatorView();
  const match = useMatchCohort();
  const [confirm, setConfirm] = useState(true);
  if (view.isPending) return <Loading />;
  if (view.error)
    return (
      <section className="page">
        <PageHeading>Coordinate mentoring</PageHeading>
        <ErrorMessage error={view.error} />
      </section>
    );
  const { openRequests, pairs, mentors, awaitingApproval } = view.data.data;
  const result = match.data?.data;
  return (
    <>
      <section className="page">
        <p>
          <Link to="/mentoring">Back to mentoring</Link>
        </p>
        <PageHeading>Coordinate mentoring</PageHeading>
        <p className="muted">You see who meets and for how long; what a pair writes stays between them.</p>
      </section>

      <section className="page" aria-labelledby="open-heading">
        <h2 id="open-heading">Open requests</h2>
        {openRequests.length === 0 ? (
          <EmptyState title="No one is waiting for a mentor." />
        ) : (
          <>
            <ul className="plain-list">
              {openRequests.map((r) => (
                <li key={r.id}>
                  <Link to={`/mentoring/requests/${r.id}`}>{r.mentee.name}</Link>{' '}
                  <span className="muted">
                    {whereFrom(r.mentee)} · {r.subject}, {r.gradeBand}
                    {r.topics.length > 0 && ` · ${r.topics.join(', ')}`}
                  </span>
                </li>
              ))}
            </ul>
            <form
              aria-label="Match the cohort"
              onSubmit={(e) => {
                e.preventDefault();
                match.mutate({ confirm });
              }}
            >
              <label className="checkbox">
                <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} />{' '}
                Confirm the matches now (otherwise each teacher confirms)
              </label>
              <div className="actions">
                <button type="submit" className="button" disabled={match.isPending}>
                  {match.isPending ? 'Matching…' : `Match all ${openRequests.length} open requests`}
                </button>
              </div>
            </form>
          </>
        )}
        {match.error && <ErrorMessage error={match.error} />}
        {result && (
          <Notice>
            Matched {result.proposed.length} {result.proposed.length === 1 ? 'teacher' : 'teachers'}
            {result.unmatched.length > 0 && `; ${result.unmatched.length} left without a mentor with room`}.
          </Notice>
        )}
      </section>

      {awaitingApproval.length > 0 && (
        <section className="page" aria-labelledby="approval-heading">
          <h2 id="approval-heading">Mentors from other districts to approve</h2>
          <ul className="plain-list">
            {awaitingApproval.map((m) => (
              <li key={m.id}>
                <Link to={`/mentoring/mentorships/${m.id}`}>
                  {m.mentor.name} for {m.mentee.name}
                </Link>{' '}
                <span className="muted">{whereFrom(m.mentor)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="page" aria-labelledby="pairs-heading">
        <h2 id="pairs-heading">Pairs</h2>
        {pairs.length === 0 ? (
          <EmptyState title="No pair yet." />
        ) : (
          <TableWrap label="Pairs">
            <table>
              <caption>Pairs, stalled first (no meeting in 30 days)</caption>
              <thead>
                <tr>
                  <th scope="col">Mentee</th>
                  <th scope="col">Mentor</th>
                  <th scope="col">Status</th>
                  <th scope="col">Meetings</th>
                  <th scope="col">Hours</th>
                  <th scope="col">Last met</th>
                </tr>
              </thead>
              <tbody>
                {pairs.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link to={`/mentoring/mentorships/${p.id}`}>{p.mentee.name}</Link>
                    </th>
                    <td>
                      {p.mentor.name} <span className="muted">{p.mentor.districtName}</span>
                    </td>
                    <td>{p.stalled ? <strong>Stalled</strong> : statusLabel(p.status)}</td>
                    <td>{p.meetings}</td>
                    <td>{hoursTotal(p.minutes)}</td>
                    <td>{p.lastMetOn ? formatDay(`${p.lastMetOn}T12:00:00Z`) : 'Not yet'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <section className="page" aria-labelledby="mentors-heading">
        <h2 id="mentors-heading">Mentors' load</h2>
        {mentors.length === 0 ? (
          <EmptyState title="No one has offered to mentor yet." />
        ) : (
          <ul className="plain-list">
            {mentors.map((m) => (
              <li key={m.mentor.id}>
                {m.mentor.name}: {m.load} of {m.capacity}
                {!m.accepting && ' · takes no one new'}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
