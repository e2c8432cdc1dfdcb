import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  COACHING_PHASES,
  type CoachingCycleDetail,
  type CoachingPhase,
  type Conference,
  type ConferenceKind,
} from '#shared/contracts/coaching.ts';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import {
  coachingKeys,
  useAddComment,
  useComments,
  useCoachingCycle,
  useCreateAction,
  useInvite,
  useRemoveMember,
  useSaveConference,
  useStartObservation,
  useUpdateCoachingCycle,
} from '#web/features/coaching/api/coaching.ts';
import { ActionItem } from '#web/features/coaching/components/action-list.tsx';
import { type Invitee, InviteePicker } from '#web/features/coaching/components/invitee-picker.tsx';
import { day, hours, phaseLabel, today } from '#web/features/coaching/components/labels.ts';
import { useSession } from '#web/features/session/api/session.ts';
import { useVideos } from '#web/features/video/index.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { useRealtime } from '#web/lib/realtime.ts';

const fieldError = (error: unknown, field: string) =>
  error instanceof ApiError
    ? error.problem.errors.find((e) => e.path.startsWith(`/body/${field}`))?.message
    : undefined;

function ConferenceForm({
  cycle,
  kind,
  editable,
}: {
  cycle: CoachingCycleDetail;
  kind: ConferenceKind;
  editable: boolean;
}) {
  const save = useSaveConference(cycle.id, kind);
  const held: Conference | undefined = cycle.conferences.find((c) => c.kind === kind);
  const title = kind === 'pre' ? 'Pre-conference' : 'Post-conference';
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save.mutate({
      heldOn: String(form.get('heldOn') ?? ''),
      minutes: Number(form.get('minutes') ?? 0),
      goal: String(form.get('goal') ?? ''),
      lookFors: String(form.get('lookFors') ?? ''),
      notes: String(form.get('notes') ?? ''),
    });
  };
  if (!editable)
    return held ? (
      <section aria-labelledby={`${kind}-heading`}>
        <h2 id={`${kind}-heading`}>{title}</h2>
        <p className="muted">
          {day(held.heldOn)} · {hours(held.minutes)}
        </p>
        {held.goal && <p>Goal: {held.goal}</p>}
        {held.lookFors && <p>What to look for: {held.lookFors}</p>}
        {held.notes && <p>{held.notes}</p>}
      </section>
    ) : null;
  return (
    <form onSubmit={submit} aria-labelledby={`${kind}-heading`} noValidate>
      <h2 id={`${kind}-heading`}>{title}</h2>
      <TextField
        label="Held on"
        name="heldOn"
        type="date"
        defaultValue={held?.heldOn ?? today()}
        error={fieldError(save.error, 'heldOn')}
      />
      <TextField
        label="Minutes"
        name="minutes"
        type="number"
        min={1}
        max={600}
        defaultValue={held?.minutes ?? 30}
        error={fieldError(save.error, 'minutes')}
      />
      {kind === 'pre' ? (
        <>
          <TextArea
            label="Goal for the lesson"
            name="goal"
            rows={2}
            defaultValue={held?.goal}
            error={fieldError(save.error, 'goal')}
          />
          <TextArea
            label="What to look for"
            name="lookFors"
            rows={2}
            defaultValue={held?.lookFors}
            error={fieldError(save.error, 'lookFors')}
          />
        </>
      ) : (
        <TextArea
          label="What we took from it"
          name="notes"
          rows={3}
          defaultValue={held?.notes}
          error={fieldError(save.error, 'notes')}
        />
      )}
      {save.isSuccess && <p role="status">Saved.</p>}
      <FormActions label={`Save the ${title.toLowerCase()}`} pending={save.isPending} />
    </form>
  );
}

function Observations({
  cycle,
  role,
  contribute,
}: {
  cycle: CoachingCycleDetail;
  role: string;
  contribute: boolean;
}) {
  const start = useStartObservation(cycle.id);
  const navigate = useNavigate();
  const videos = useVideos('mine');
  const mine = (videos.data?.pages.flatMap((p) => p.data) ?? []).filter(
    (v) => v.mine && v.status === 'ready',
  );
  const observers = cycle.members.filter((m) => m.role !== 'teacher');
  const open = (id: string) => navigate(`/coaching/observations/${id}`);
  const startLive = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    start.mutate(
      { kind: 'live', title: String(form.get('title') ?? '') },
      { onSuccess: (o) => open(o.data.id) },
    );
  };
  const addVideo = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    start.mutate(
      {
        kind: 'video',
        title: String(form.get('title') ?? ''),
        videoId: String(form.get('videoId') ?? ''),
        observerId: String(form.get('observerId') ?? ''),
      },
      { onSuccess: (o) => open(o.data.id) },
    );
  };
  return (
    <section aria-labelledby="observations-heading">
      <h2 id="observations-heading">Observations</h2>
      {cycle.observations.length === 0 ? (
        <p className="muted">No observation yet.</p>
      ) : (
        <ul className="plain-list">
          {cycle.observations.map((o) => (
            <li key={o.id}>
              <Link to={`/coaching/observations/${o.id}`}>{o.title}</Link>{' '}
              <span className="muted">
                {o.kind === 'video' ? 'Video' : 'Live'} · {o.observer.name} · {o.noteCount} notes ·{' '}
                {o.completedAt ? `completed, ${hours(o.minutes ?? 0)}` : 'in progress'}
              </span>
            </li>
          ))}
        </ul>
      )}
      {contribute && role !== 'teacher' && (
        <form onSubmit={startLive} aria-label="Start a live observation" noValidate>
          <TextField
            label="Lesson observed"
            name="title"
            defaultValue="Lesson"
            error={fieldError(start.error, 'title')}
          />
          <FormActions label="Start a live observation" pendingLabel="Starting…" pending={start.isPending} />
        </form>
      )}
      {contribute && role === 'teacher' && (
        <form onSubmit={addVideo} aria-label="Share a lesson video for observation" noValidate>
          {mine.length === 0 || observers.length === 0 ? (
            <p className="muted">
              {observers.length === 0 ? 'Invite a coach or peer first. ' : ''}
              <Link to="/videos">Upload a lesson video</Link> to have it observed here.
            </p>
          ) : (
            <>
              <TextField
                label="Observation title"
                name="title"
                defaultValue="Lesson video"
                error={fieldError(start.error, 'title')}
              />
              <SelectField label="Your video" name="videoId" error={fieldError(start.error, 'videoId')}>
                {mine.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.title}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label="Who watches it"
                name="observerId"
                error={fieldError(start.error, 'observerId')}
              >
                {observers.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name} ({m.role})
                  </option>
                ))}
              </SelectField>
              <FormActions
                label="Share the video with the cycle"
                pendingLabel="Sharing…"
                pending={start.isPending}
              />
            </>
          )}
        </form>
      )}
      {start.error && !(start.error instanceof ApiError && start.error.problem.errors.length) && (
        <ErrorMessage error={start.error} />
      )}
    </section>
  );
}

function Actions({ cycle, contribute }: { cycle: CoachingCycleDetail; contribute: boolean }) {
  const create = useCreateAction(cycle.id);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    create.mutate(
      {
        title: String(form.get('title') ?? ''),
        ownerId: String(form.get('ownerId') ?? ''),
        dueOn: String(form.get('dueOn') ?? ''),
      },
      { onSuccess: () => formElement.reset() },
    );
  };
  return (
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading">Follow-up actions</h2>
      {cycle.actions.length === 0 ? (
        <p className="muted">No action agreed yet.</p>
      ) : (
        <ul className="plain-list">
          {cycle.actions.map((a) => (
            <ActionItem key={a.id} action={a} />
          ))}
        </ul>
      )}
      {contribute && (
        <form onSubmit={submit} aria-label="Agree a follow-up action" noValidate>
          <TextField label="Action" name="title" maxLength={300} error={fieldError(create.error, 'title')} />
          <SelectField label="Owner" name="ownerId" error={fieldError(create.error, 'ownerId')}>
            {cycle.members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Due on"
            name="dueOn"
            type="date"
            defaultValue={today()}
            error={fieldError(create.error, 'dueOn')}
          />
          <FormActions label="Add the action" pending={create.isPending} />
        </form>
      )}
    </section>
  );
}

/** The cycle's conversation; a comment someone else writes shows without a reload (topic `coaching-cycle:<id>`). */
function Comments({ cycleId, contribute }: { cycleId: string; contribute: boolean }) {
  const comments = useComments(cycleId);
  const add = useAddComment(cycleId);
  const client = useQueryClient();
  useRealtime([`coaching-cycle:${cycleId}`], (signal) => {
    if (signal.type === 'revoked') void client.invalidateQueries({ queryKey: coachingKeys.cycle(cycleId) });
    void client.invalidateQueries({ queryKey: coachingKeys.comments(cycleId) });
  });
  const [body, setBody] = useState('');
  const rows = comments.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section aria-labelledby="comments-heading">
      <h2 id="comments-heading">Conversation</h2>
      {comments.isPending ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        <ul className="plain-list">
          {rows.map((c) => (
            <li key={c.id}>
              <strong>{c.author.name}</strong>{' '}
              <span className="muted">{new Date(c.createdAt).toLocaleString()}</span>
              <p>{c.body}</p>
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={comments} noun="comments" />
      {contribute && (
        <form
          aria-label="Comment"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate(body, { onSuccess: () => setBody('') });
          }}
        >
          <TextArea
            label="Comment"
            name="body"
            rows={2}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            error={fieldError(add.error, 'body')}
          />
          <FormActions label="Send the comment" pendingLabel="Sending…" pending={add.isPending} />
        </form>
      )}
    </section>
  );
}

/** A coaching cycle: its focus and phase, people, conferences, observations, actions and conversation. */
export default function CoachingCyclePage() {
  const { id = '' } = useParams();
  const cycle = useCoachingCycle(id);
  const session = useSession();
  const update = useUpdateCoachingCycle(id);
  const invite = useInvite(id);
  const remove = useRemoveMember(id);
  const navigate = useNavigate();
  const [invitees, setInvitees] = useState<Invitee[]>([]);
  if (cycle.isPending) return <Loading />;
  if (cycle.error)
    return (
      <section className="page">
        <PageHeading>Coaching cycle</PageHeading>
        <ErrorMessage error={cycle.error} />
      </section>
    );
  const { data: c, abilities } = cycle.data;
  const me = session.data?.user.id;
  return (
    <section className="page">
      <p>
        <Link to="/coaching">Back to coaching</Link>
      </p>
      <PageHeading>{c.title}</PageHeading>
      <p>
        {c.teacher.name}’s cycle · Focus: <strong>{c.focus.label}</strong>
      </p>
      <p className="muted">Only the people in this cycle see it.</p>
      {abilities.steer ? (
        <SelectField
          label="Phase"
          name="phase"
          value={c.phase}
          onChange={(e) => update.mutate({ phase: e.target.value as CoachingPhase })}
          error={update.error instanceof ApiError ? update.error.problem.detail : undefined}
        >
          {COACHING_PHASES.filter((p) => p !== 'completed' || abilities.role === 'teacher').map((p) => (
            <option key={p} value={p}>
              {phaseLabel(p)}
            </option>
          ))}
        </SelectField>
      ) : (
        <p>Phase: {phaseLabel(c.phase)}</p>
      )}

      <section aria-labelledby="people-heading">
        <h2 id="people-heading">People</h2>
        <ul className="plain-list">
          {c.members.map((m) => (
            <li key={m.id}>
              {m.name}{' '}
              <span className="muted">
                ({m.role}
                {m.districtName ? `, ${m.districtName}` : ''})
              </span>{' '}
              {m.role !== 'teacher' && (abilities.manage || m.id === me) && (
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={remove.isPending}
                  onClick={() =>
                    remove.mutate(m.id, {
                      onSuccess: () => (m.id === me ? navigate('/coaching') : undefined),
                    })
                  }
                >
                  {m.id === me ? 'Leave the cycle' : `Remove ${m.name}`}
                </button>
              )}
            </li>
          ))}
        </ul>
        {abilities.manage && (
          <form
            aria-label="Invite more people"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              invite.mutate(
                { invitees: invitees.map(({ userId, role }) => ({ userId, role })) },
                { onSuccess: () => setInvitees([]) },
              );
            }}
          >
            <InviteePicker
              chosen={invitees}
              onChange={setInvitees}
              exclude={c.members.map((m) => m.id)}
              error={fieldError(invite.error, 'invitees')}
            />
            {invitees.length > 0 && (
              <FormActions label="Send the invitations" pendingLabel="Inviting…" pending={invite.isPending} />
            )}
          </form>
        )}
      </section>

      <ConferenceForm cycle={c} kind="pre" editable={abilities.contribute} />
      <Observations cycle={c} role={abilities.role} contribute={abilities.contribute} />
      <ConferenceForm cycle={c} kind="post" editable={abilities.contribute} />
      <Actions cycle={c} contribute={abilities.contribute} />
      <Comments cycleId={c.id} contribute={abilities.contribute} />
      {!abilities.contribute && <EmptyState title="This cycle is completed." />}
    </section>
  );
}
