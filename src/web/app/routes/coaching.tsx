import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { CoachingCycleSummary, FocusInput } from '#shared/contracts/coaching.ts';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { useCoachingCycles, useStartCoachingCycle } from '#web/features/coaching/api/coaching.ts';
import { FocusPicker } from '#web/features/coaching/components/focus-picker.tsx';
import { type Invitee, InviteePicker } from '#web/features/coaching/components/invitee-picker.tsx';
import { phaseLabel } from '#web/features/coaching/components/labels.ts';
import { useSession } from '#web/features/session/api/session.ts';
import { ApiError } from '#web/lib/api-client.ts';

const fieldError = (error: unknown, field: string) =>
  error instanceof ApiError
    ? error.problem.errors.find((e) => e.path.startsWith(`/body/${field}`))?.message
    : undefined;

function CycleList({
  whose: role,
  heading,
  empty,
}: {
  whose: 'mine' | 'invited';
  heading: string;
  empty: string;
}) {
  const cycles = useCoachingCycles(role);
  const rows: CoachingCycleSummary[] = cycles.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section className="page" aria-labelledby={`${role}-heading`}>
      <h2 id={`${role}-heading`}>{heading}</h2>
      {cycles.isPending ? (
        <Loading />
      ) : cycles.error ? (
        <ErrorMessage error={cycles.error} />
      ) : rows.length === 0 ? (
        <EmptyState title={empty} />
      ) : (
        <ul className="plain-list">
          {rows.map((c) => (
            <li key={c.id}>
              <Link to={`/coaching/${c.id}`}>{c.title}</Link>{' '}
              <span className="muted">
                {role === 'invited' && <>{c.teacher.name} · </>}
                {c.focus.label} · {phaseLabel(c.phase)}
                {c.overdueActions > 0 && <strong> · {c.overdueActions} overdue</strong>}
              </span>
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={cycles} noun="cycles" />
    </section>
  );
}

/** Coaching: start a cycle with a focus of your choosing, and the cycles you are in. */
export default function CoachingPage() {
  const start = useStartCoachingCycle();
  const session = useSession();
  const me = session.data?.user.id;
  const navigate = useNavigate();
  const [focus, setFocus] = useState<FocusInput | null>(null);
  const [invitees, setInvitees] = useState<Invitee[]>([]);
  const [focusMissing, setFocusMissing] = useState(false);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!focus) {
      setFocusMissing(true);
      return;
    }
    setFocusMissing(false);
    const form = new FormData(event.currentTarget);
    start.mutate(
      {
        title: String(form.get('title') ?? ''),
        focus,
        invitees: invitees.map(({ userId, role }) => ({ userId, role })),
      },
      { onSuccess: (cycle) => navigate(`/coaching/${cycle.data.id}`) },
    );
  };
  return (
    <>
      <section className="page">
        <PageHeading>Coaching</PageHeading>
        <p>
          Choose a lesson and what you want feedback on, and invite a coach or peers from anywhere in your
          network. <Link to="/coaching/caseload">My caseload</Link> ·{' '}
          <Link to="/coaching/log">My coaching log</Link> · <Link to="/coaching/rubrics">Rubrics</Link>
        </p>
        <form onSubmit={submit} aria-label="Start a coaching cycle" noValidate>
          <h2>Start a coaching cycle</h2>
          <TextField
            label="Title"
            name="title"
            required
            maxLength={200}
            error={fieldError(start.error, 'title')}
          />
          <FocusPicker
            onChange={setFocus}
            error={focusMissing ? 'Choose or write a focus' : fieldError(start.error, 'focus')}
          />
          <InviteePicker
            chosen={invitees}
            onChange={setInvitees}
            exclude={me ? [me] : []}
            error={fieldError(start.error, 'invitees')}
          />
          {start.error && !(start.error instanceof ApiError && start.error.problem.errors.length) && (
            <ErrorMessage error={start.error} />
          )}
          <FormActions label="Start the cycle" pendingLabel="Starting…" pending={start.isPending} />
        </form>
      </section>
      <CycleList whose="mine" heading="My cycles" empty="You have not started a coaching cycle yet." />
      <CycleList
        whose="invited"
        heading="Cycles I was invited into"
        empty="No one has invited you into a cycle yet."
      />
    </>
  );
}
