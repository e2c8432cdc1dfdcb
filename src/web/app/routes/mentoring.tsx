import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import {
  MEETING_MODES,
  type MeetingMode,
  type MentorProfile,
  type MentoringRequest,
} from '#shared/contracts/mentoring.ts';
import { GRADE_BANDS, SUBJECTS } from '#shared/contracts/profiles.ts';
import { EmptyState, ErrorMessage, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import {
  useAskForMentor,
  useMentoringHome,
  useSaveMentorProfile,
  useWithdrawRequest,
} from '#web/features/mentoring/api/mentoring.ts';
import { fieldError, formLevel } from '#web/features/mentoring/components/field-error.ts';
import { modeLabel, statusLabel, whereFrom } from '#web/features/mentoring/components/labels.ts';
import { useSession } from '#web/features/session/api/session.ts';

const topicsOf = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

function OpenRequest({ request }: { request: MentoringRequest }) {
  const withdraw = useWithdrawRequest(request.id);
  return (
    <div>
      <p>
        You asked for a mentor in <strong>{request.subject}</strong>, {request.gradeBand} (
        {modeLabel(request.meetingMode)}
        {request.topics.length ? `; ${request.topics.join(', ')}` : ''}).
      </p>
      <p>
        <Link to={`/mentoring/requests/${request.id}`}>See the mentors Trellis suggests</Link>
      </p>
      {withdraw.error && <ErrorMessage error={withdraw.error} />}
      <button
        type="button"
        className="button button--secondary"
        disabled={withdraw.isPending}
        onClick={() => withdraw.mutate(undefined)}
      >
        Withdraw my request
      </button>
    </div>
  );
}

function AskForMentor() {
  const ask = useAskForMentor();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    ask.mutate({
      subject: String(form.get('subject')) as (typeof SUBJECTS)[number],
      gradeBand: String(form.get('gradeBand')) as (typeof GRADE_BANDS)[number],
      topics: topicsOf(String(form.get('topics') ?? '')),
      meetingMode: String(form.get('meetingMode')) as MeetingMode,
      note: String(form.get('note') ?? ''),
    });
  };
  return (
    <form onSubmit={submit} aria-label="Ask for a mentor" noValidate>
      <SelectField label="Subject" name="subject" error={fieldError(ask.error, 'subject')}>
        {SUBJECTS.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </SelectField>
      <SelectField label="Grade band" name="gradeBand" error={fieldError(ask.error, 'gradeBand')}>
        {GRADE_BANDS.map((g) => (
          <option key={g}>{g}</option>
        ))}
      </SelectField>
      <TextField
        label="Topics"
        name="topics"
        hint="Separated by commas: classroom management, lab safety"
        error={fieldError(ask.error, 'topics')}
      />
      <SelectField
        label="How you would like to meet"
        name="meetingMode"
        error={fieldError(ask.error, 'meetingMode')}
      >
        {MEETING_MODES.map((m) => (
          <option key={m} value={m}>
            {modeLabel(m)}
          </option>
        ))}
      </SelectField>
      <TextArea
        label="Anything a mentor should know"
        name="note"
        maxLength={1000}
        error={fieldError(ask.error, 'note')}
      />
      {formLevel(ask.error) && <ErrorMessage error={ask.error} />}
      <FormActions label="Ask for a mentor" pendingLabel="Asking…" pending={ask.isPending} />
    </form>
  );
}

function MentorOffer({ profile }: { profile: MentorProfile | null }) {
  const save = useSaveMentorProfile();
  const [modes, setModes] = useState<Set<MeetingMode>>(new Set(profile?.meetingModes ?? ['online']));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save.mutate({
      capacity: Number(form.get('capacity')),
      accepting: form.get('accepting') === 'on',
      meetingModes: [...modes],
      topics: topicsOf(String(form.get('topics') ?? '')),
      availability: String(form.get('availability') ?? ''),
    });
  };
  return (
    <form onSubmit={submit} aria-label="Offer to mentor" noValidate>
      {profile && (
        <p>
          You mentor {profile.load} of the {profile.capacity} people you take on.
        </p>
      )}
      <TextField
        label="How many people you mentor at once"
        name="capacity"
        type="number"
        min={0}
        max={10}
        defaultValue={profile?.capacity ?? 1}
        error={fieldError(save.error, 'capacity')}
      />
      <label className="checkbox">
        <input type="checkbox" name="accepting" defaultChecked={profile?.accepting ?? true} /> I take on new
        mentees
      </label>
      <fieldset>
        <legend>How you meet</legend>
        {MEETING_MODES.map((m) => (
          <label key={m} className="checkbox">
            <input
              type="checkbox"
              checked={modes.has(m)}
              onChange={(e) => {
                const next = new Set(modes);
                if (e.target.checked) next.add(m);
                else next.delete(m);
                setModes(next);
              }}
            />
            {modeLabel(m)}
          </label>
        ))}
        {fieldError(save.error, 'meetingModes') && (
          <p className="field__error">{fieldError(save.error, 'meetingModes')}</p>
        )}
      </fieldset>
      <TextField
        label="Topics you mentor in"
        name="topics"
        hint="Separated by commas"
        defaultValue={profile?.topics.join(', ') ?? ''}
        error={fieldError(save.error, 'topics')}
      />
      <TextArea
        label="When you are available"
        name="availability"
        maxLength={500}
        defaultValue={profile?.availability ?? ''}
        error={fieldError(save.error, 'availability')}
      />
      {formLevel(save.error) && <ErrorMessage error={save.error} />}
      {save.isSuccess && <Notice>Your offer is saved.</Notice>}
      <FormActions label="Save my offer" pending={save.isPending} />
    </form>
  );
}

/** Mentoring: ask for a mentor, the mentorships you are in, and your offer to mentor others. */
export default function MentoringPage() {
  const home = useMentoringHome();
  const session = useSession();
  const me = session.data?.user.id;
  if (home.isPending) return <Loading />;
  if (home.error)
    return (
      <section className="page">
        <PageHeading>Mentoring</PageHeading>
        <ErrorMessage error={home.error} />
      </section>
    );
  const { requests, mentorships, mentorProfile, coordinator } = home.data.data;
  const open = requests.find((r) => r.status === 'open');
  return (
    <>
      <section className="page">
        <PageHeading>Mentoring</PageHeading>
        <p>
          Ask for a mentor from anywhere in your network, or offer to mentor someone.
          {coordinator && (
            <>
              {' '}
              <Link to="/mentoring/coordinate">Coordinate mentoring</Link>
            </>
          )}
        </p>
      </section>
      <section className="page" aria-labelledby="ask-heading">
        <h2 id="ask-heading">Ask for a mentor</h2>
        {open ? <OpenRequest request={open} /> : <AskForMentor />}
      </section>
      <section className="page" aria-labelledby="mentorships-heading">
        <h2 id="mentorships-heading">My mentorships</h2>
        {mentorships.length === 0 ? (
          <EmptyState title="You are in no mentorship yet." />
        ) : (
          <ul className="plain-list">
            {mentorships.map((m) => {
              const other = m.mentee.id === me ? m.mentor : m.mentee;
              return (
                <li key={m.id}>
                  <Link to={`/mentoring/mentorships/${m.id}`}>
                    {m.mentee.id === me ? `Mentored by ${other.name}` : `Mentoring ${other.name}`}
                  </Link>{' '}
                  <span className="muted">
                    {whereFrom(other)} · {m.subject}, {m.gradeBand} · {statusLabel(m.status)}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section className="page" aria-labelledby="offer-heading">
        <h2 id="offer-heading">Offer to mentor</h2>
        <MentorOffer profile={mentorProfile} />
      </section>
    </>
  );
}
