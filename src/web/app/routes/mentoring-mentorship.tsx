import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { MentorshipAbilities, MentorshipDetail } from '#shared/contracts/mentoring.ts';
import { EmptyState, ErrorMessage, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { formatDay, formatWhen } from '#web/lib/format.ts';
import {
  type Decision,
  useAddGoal,
  useCheckIn,
  useDecide,
  useEndMentorship,
  useLogMeeting,
  useMentorship,
  useSetGoalDone,
} from '#web/features/mentoring/api/mentoring.ts';
import { fieldError, formLevel } from '#web/features/mentoring/components/field-error.ts';
import {
  factorLabel,
  hoursTotal,
  statusLabel,
  whereFrom,
} from '#web/features/mentoring/components/labels.ts';

const today = () => new Date().toISOString().slice(0, 10);

const DECISIONS: { decision: Decision; ability: keyof MentorshipAbilities; label: string }[] = [
  { decision: 'confirm', ability: 'confirm', label: 'Confirm this mentor' },
  { decision: 'approve', ability: 'approve', label: 'Approve this mentor' },
  { decision: 'decline', ability: 'decline', label: 'Decline' },
  { decision: 'rematch', ability: 'rematch', label: 'Re-match' },
];

function Decisions({ id, abilities }: { id: string; abilities: MentorshipAbilities }) {
  const decide = useDecide(id);
  const shown = DECISIONS.filter((d) => abilities[d.ability]);
  if (!shown.length) return null;
  return (
    <div className="actions">
      {shown.map((d) => (
        <button
          key={d.decision}
          type="button"
          className={
            d.decision === 'confirm' || d.decision === 'approve' ? 'button' : 'button button--secondary'
          }
          disabled={decide.isPending}
          onClick={() => decide.mutate(d.decision)}
        >
          {d.label}
        </button>
      ))}
      {decide.error && <ErrorMessage error={decide.error} />}
    </div>
  );
}

function Goals({ m, writable }: { m: MentorshipDetail; writable: boolean }) {
  const add = useAddGoal(m.id);
  const setDone = useSetGoalDone(m.id);
  const [title, setTitle] = useState('');
  return (
    <section aria-labelledby="goals-heading">
      <h2 id="goals-heading">Goals</h2>
      {m.goals.length === 0 ? (
        <p className="muted">No goal yet.</p>
      ) : (
        <ul className="plain-list">
          {m.goals.map((g) => (
            <li key={g.id}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={g.done}
                  disabled={!writable || setDone.isPending}
                  onChange={(e) => setDone.mutate({ goalId: g.id, done: e.target.checked })}
                />
                {g.title}
              </label>
            </li>
          ))}
        </ul>
      )}
      {writable && (
        <form
          aria-label="Add a goal"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate({ title }, { onSuccess: () => setTitle('') });
          }}
        >
          <TextField
            label="Goal"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={200}
            error={fieldError(add.error, 'title')}
          />
          <FormActions label="Add the goal" pendingLabel="Adding…" pending={add.isPending} />
        </form>
      )}
    </section>
  );
}

function Meetings({ m, pair, writable }: { m: MentorshipDetail; pair: boolean; writable: boolean }) {
  const log = useLogMeeting(m.id);
  const [key, setKey] = useState(0);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    log.mutate(
      {
        heldOn: String(form.get('heldOn')),
        minutes: Number(form.get('minutes')),
        notes: String(form.get('notes') ?? ''),
      },
      { onSuccess: () => setKey((k) => k + 1) },
    );
  };
  return (
    <section aria-labelledby="meetings-heading">
      <h2 id="meetings-heading">Meetings</h2>
      <p>
        {m.meetings.length} {m.meetings.length === 1 ? 'meeting' : 'meetings'} · {hoursTotal(m.totalMinutes)}
        {pair ? ' · the notes are for the two of you alone' : ' · their notes are private to the pair'}
      </p>
      {writable && (
        <form key={key} aria-label="Log a meeting" noValidate onSubmit={submit}>
          <TextField
            label="Met on"
            name="heldOn"
            type="date"
            defaultValue={today()}
            max={today()}
            error={fieldError(log.error, 'heldOn')}
          />
          <TextField
            label="Minutes"
            name="minutes"
            type="number"
            min={5}
            max={600}
            defaultValue={30}
            error={fieldError(log.error, 'minutes')}
          />
          <TextArea
            label="Notes (private to the two of you)"
            name="notes"
            maxLength={4000}
            error={fieldError(log.error, 'notes')}
          />
          {formLevel(log.error) && <ErrorMessage error={log.error} />}
          {log.isSuccess && <Notice>The meeting is logged; its hours are in both your learning logs.</Notice>}
          <FormActions label="Log the meeting" pendingLabel="Logging…" pending={log.isPending} />
        </form>
      )}
      {m.meetings.length > 0 && (
        <ul className="plain-list" aria-label="Meetings held">
          {m.meetings.map((x) => (
            <li key={x.id}>
              {formatDay(`${x.heldOn}T12:00:00Z`)} · {x.minutes} min
              {pair && x.notes && <p>{x.notes}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CheckIns({ m, writable }: { m: MentorshipDetail; writable: boolean }) {
  const checkIn = useCheckIn(m.id);
  const [key, setKey] = useState(0);
  return (
    <section aria-labelledby="checkins-heading">
      <h2 id="checkins-heading">Check-ins</h2>
      {writable && (
        <form
          key={key}
          aria-label="Check in"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            checkIn.mutate(
              { rating: Number(form.get('rating')), body: String(form.get('body') ?? '') },
              { onSuccess: () => setKey((k) => k + 1) },
            );
          }}
        >
          <SelectField
            label="How is it going?"
            name="rating"
            defaultValue="4"
            error={fieldError(checkIn.error, 'rating')}
          >
            <option value="5">5 – going well</option>
            <option value="4">4</option>
            <option value="3">3</option>
            <option value="2">2</option>
            <option value="1">1 – struggling</option>
          </SelectField>
          <TextArea
            label="What you would add"
            name="body"
            maxLength={2000}
            error={fieldError(checkIn.error, 'body')}
          />
          <FormActions label="Check in" pendingLabel="Sending…" pending={checkIn.isPending} />
        </form>
      )}
      {m.checkIns.length === 0 ? (
        <p className="muted">No check-in yet.</p>
      ) : (
        <ul className="plain-list">
          {m.checkIns.map((c) => (
            <li key={c.id}>
              {c.authorName}: {c.rating}/5 <span className="muted">{formatWhen(c.createdAt)}</span>
              {c.body && <p>{c.body}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function EndForm({ id }: { id: string }) {
  const end = useEndMentorship(id);
  const [reason, setReason] = useState('');
  return (
    <form
      aria-label="End the mentorship"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        end.mutate({ reason });
      }}
    >
      <h2>End the mentorship</h2>
      <TextField
        label="Why (optional)"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={500}
        error={fieldError(end.error, 'reason')}
      />
      {formLevel(end.error) && <ErrorMessage error={end.error} />}
      <FormActions label="End the mentorship" pendingLabel="Ending…" pending={end.isPending} />
    </form>
  );
}

/** A mentorship: the pair, its status and decisions, and the pair's private goals, meetings and check-ins. */
export default function MentorshipPage() {
  const { id = '' } = useParams();
  const mentorship = useMentorship(id);
  if (mentorship.isPending) return <Loading />;
  if (mentorship.error)
    return (
      <section className="page">
        <PageHeading>Mentorship</PageHeading>
        <ErrorMessage error={mentorship.error} />
      </section>
    );
  const { data: m, abilities } = mentorship.data;
  const writable = abilities.pair && m.status === 'active';
  return (
    <section className="page">
      <p>
        <Link to="/mentoring">Back to mentoring</Link>
      </p>
      <PageHeading>
        {m.mentor.name} mentoring {m.mentee.name}
      </PageHeading>
      <p>
        {statusLabel(m.status)} · {m.subject}, {m.gradeBand}
        {m.crossDistrict && ' · across districts'}
      </p>
      <ul className="plain-list">
        <li>
          Mentor: {m.mentor.name} <span className="muted">{whereFrom(m.mentor)}</span>
        </li>
        <li>
          Mentee: {m.mentee.name} <span className="muted">{whereFrom(m.mentee)}</span>
        </li>
      </ul>
      {m.reasons.length > 0 && (
        <p className="muted">
          Matched for: {m.reasons.map((r) => `${factorLabel(r.factor)} (${r.points})`).join(', ')}
        </p>
      )}
      <Decisions id={m.id} abilities={abilities} />
      {abilities.pair ? (
        <>
          <p className="muted">Only the two of you see the goals, the meeting notes and the check-ins.</p>
          <Goals m={m} writable={writable} />
          <Meetings m={m} pair writable={writable} />
          <CheckIns m={m} writable={writable} />
          {abilities.end && <EndForm id={m.id} />}
        </>
      ) : m.status === 'active' || m.status === 'ended' ? (
        <Meetings m={m} pair={false} writable={false} />
      ) : (
        <EmptyState title="The pair's space opens once the mentorship begins." />
      )}
    </section>
  );
}
