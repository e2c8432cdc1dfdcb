import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { CYCLE_KIND_LABELS, CYCLE_KINDS, type CycleKind } from '#shared/contracts/inquiry.ts';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { CheckboxList, SelectField, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { useCommunity } from '#web/features/communities/api/get-community.ts';
import { useMembers } from '#web/features/communities/api/members.ts';
import { useStartCycle, useTemplates } from '#web/features/inquiry/api/cycles.ts';
import { today } from '#web/features/inquiry/components/cycles/dates.ts';
import { useSession } from '#web/features/session/api/session.ts';
import { ApiError } from '#web/lib/api-client.ts';

const fieldError = (error: unknown, field: string) =>
  error instanceof ApiError
    ? error.problem.errors.find((e) => e.path.startsWith(`/body/${field}`))?.message
    : undefined;

/** Starting a lesson study or a PDSA cycle from a community: its team, facilitator, template and first day. */
export default function NewCyclePage() {
  const { id = '' } = useParams();
  const community = useCommunity(id);
  const templates = useTemplates();
  const members = useMembers(id, 'active');
  const session = useSession();
  const start = useStartCycle();
  const navigate = useNavigate();
  const [kind, setKind] = useState<CycleKind>('lesson_study');
  const [team, setTeam] = useState<Set<string>>(new Set());
  if (community.isPending || templates.isPending || members.isPending) return <Loading />;
  if (community.error) return <ErrorMessage error={community.error} />;
  if (templates.error) return <ErrorMessage error={templates.error} />;
  const me = session.data?.user.id;
  const people = (members.data?.pages.flatMap((p) => p.data) ?? []).map((m) => ({
    id: m.id,
    name: `${m.name} (${m.school?.name ?? m.district.name})`,
  }));
  const others = people.filter((p) => p.id !== me);
  const c = community.data;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    start.mutate(
      {
        communityId: id,
        kind,
        title: String(form.get('title') ?? ''),
        template: String(form.get('template') ?? ''),
        startsOn: String(form.get('startsOn') ?? ''),
        facilitatorId: String(form.get('facilitatorId') ?? '') || undefined,
        memberIds: [...team],
      },
      { onSuccess: (cycle) => navigate(`/cycles/${cycle.data.id}`) },
    );
  };
  return (
    <section className="page">
      <p>
        <Link to={`/communities/${id}`}>Back to {c.name}</Link>
      </p>
      <PageHeading>Start a cycle</PageHeading>
      <p className="muted">
        A cycle’s plans, notes and discussion are its team’s and {c.name}’s facilitators’ only, until the team
        publishes what it found.
      </p>
      <form onSubmit={submit} aria-label="Start a cycle" noValidate>
        <fieldset>
          <legend>Kind of cycle</legend>
          {CYCLE_KINDS.map((k) => (
            <label key={k} className="checkbox">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {CYCLE_KIND_LABELS[k]}
            </label>
          ))}
        </fieldset>
        <TextField
          label="Title"
          name="title"
          required
          maxLength={160}
          error={fieldError(start.error, 'title')}
        />
        <SelectField
          label="Template"
          name="template"
          key={kind}
          hint="The phases and their lengths; you can change each phase's dates afterwards."
          error={fieldError(start.error, 'template')}
        >
          {templates.data
            .filter((t) => t.kind === kind)
            .map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
                {t.networkId ? ' (your network’s)' : ''}
              </option>
            ))}
        </SelectField>
        <TextField
          label="First day"
          name="startsOn"
          type="date"
          required
          defaultValue={today()}
          error={fieldError(start.error, 'startsOn')}
        />
        <SelectField
          label="Facilitator"
          name="facilitatorId"
          defaultValue={me}
          error={fieldError(start.error, 'facilitatorId')}
        >
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.id === me ? `${p.name}: you` : p.name}
            </option>
          ))}
        </SelectField>
        <fieldset aria-describedby="team-hint">
          <legend>The team</legend>
          <p className="field__hint" id="team-hint">
            Members of {c.name}, from any school or district. You are on the team.
          </p>
          {others.length ? (
            <CheckboxList options={others} chosen={team} onChange={setTeam} />
          ) : (
            <p className="muted">No one else belongs to this community yet.</p>
          )}
          {fieldError(start.error, 'memberIds') && (
            <p className="field__error">{fieldError(start.error, 'memberIds')}</p>
          )}
        </fieldset>
        {start.error && !(start.error instanceof ApiError && start.error.problem.errors.length) && (
          <ErrorMessage error={start.error} />
        )}
        <FormActions label="Start the cycle" pendingLabel="Starting…" pending={start.isPending} />
      </form>
    </section>
  );
}
