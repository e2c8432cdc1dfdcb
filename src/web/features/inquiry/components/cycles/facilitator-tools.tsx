import { type FormEvent, useState } from 'react';
import type { CycleDetail } from '#shared/contracts/inquiry.ts';
import { ErrorMessage, Notice } from '#web/components/feedback.tsx';
import { CheckboxList, SelectField, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { useMembers } from '#web/features/communities/api/members.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { useAddMembers, useSetPhases, useUpdateCycle } from '../../api/cycles.ts';

const pathError = (error: unknown, path: string) =>
  error instanceof ApiError ? error.problem.errors.find((e) => e.path === path)?.message : undefined;

/** The facilitator sets each phase's dates; members see them on their home as what is due. */
function PhaseDates({ cycle }: { cycle: CycleDetail }) {
  const save = useSetPhases(cycle.id);
  const [saved, setSaved] = useState(false);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(false);
    save.mutate(
      {
        phases: cycle.phases.map((p) => ({
          key: p.key,
          startsOn: String(form.get(`${p.key}-starts`) ?? ''),
          dueOn: String(form.get(`${p.key}-due`) ?? ''),
        })),
      },
      { onSuccess: () => setSaved(true) },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Phase dates" noValidate key={cycle.phases.map((p) => p.dueOn).join()}>
      {cycle.phases.map((p, i) => (
        <fieldset key={p.key} className="cycle-dates">
          <legend>{p.title}</legend>
          <TextField
            label="Starts"
            type="date"
            name={`${p.key}-starts`}
            defaultValue={p.startsOn}
            required
            error={pathError(save.error, `/body/phases/${i}/startsOn`)}
          />
          <TextField
            label="Due"
            type="date"
            name={`${p.key}-due`}
            defaultValue={p.dueOn}
            required
            error={pathError(save.error, `/body/phases/${i}/dueOn`)}
          />
        </fieldset>
      ))}
      {save.error && !(save.error instanceof ApiError && save.error.problem.errors.length) && (
        <ErrorMessage error={save.error} />
      )}
      {saved && <Notice>Dates saved.</Notice>}
      <FormActions label="Save the dates" pending={save.isPending} />
    </form>
  );
}

/** Moving the team to another phase, or completing the cycle (which each member's learning log counts). */
function MoveOn({ cycle }: { cycle: CycleDetail }) {
  const update = useUpdateCycle(cycle.id);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const phase = String(new FormData(event.currentTarget).get('phase') ?? '');
    update.mutate(
      phase === 'completed'
        ? { status: 'completed' }
        : { currentPhase: phase as CycleDetail['currentPhase'] },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Move the cycle on" noValidate>
      <SelectField
        label="The team is now in"
        name="phase"
        defaultValue={cycle.currentPhase}
        key={cycle.currentPhase}
      >
        {cycle.phases.map((p) => (
          <option key={p.key} value={p.key}>
            {p.title}
          </option>
        ))}
        <option value="completed">Completed: every phase done</option>
      </SelectField>
      <ErrorMessage error={update.error} />
      <FormActions label="Move the cycle on" pendingLabel="Moving…" pending={update.isPending} />
    </form>
  );
}

/** Adding people of the community to the team. */
function AddPeople({ cycle }: { cycle: CycleDetail }) {
  const members = useMembers(cycle.communityId, 'active');
  const add = useAddMembers(cycle.id);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const onTeam = new Set(cycle.members.map((m) => m.userId));
  const options = (members.data?.pages.flatMap((p) => p.data) ?? [])
    .filter((m) => !onTeam.has(m.id))
    .map((m) => ({ id: m.id, name: `${m.name} (${m.school?.name ?? m.district.name})` }));
  if (options.length === 0) return null;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate({ userIds: [...chosen] }, { onSuccess: () => setChosen(new Set()) });
      }}
      aria-label="Add people to the team"
      noValidate
    >
      <fieldset>
        <legend>Add people of the community to the team</legend>
        <CheckboxList options={options} chosen={chosen} onChange={setChosen} />
      </fieldset>
      <ErrorMessage error={add.error} />
      <FormActions
        label="Add to the team"
        pendingLabel="Adding…"
        pending={add.isPending}
        disabled={chosen.size === 0}
      />
    </form>
  );
}

/** What the cycle's facilitator (or the community's) may change: dates, the phase, the team. */
export function FacilitatorTools({ cycle }: { cycle: CycleDetail }) {
  if (cycle.status === 'completed') return null;
  return (
    <section aria-labelledby="facilitate-heading" className="page">
      <h2 id="facilitate-heading">Facilitate</h2>
      <details>
        <summary>Move the cycle on</summary>
        <MoveOn cycle={cycle} />
      </details>
      <details>
        <summary>Set the phase dates</summary>
        <PhaseDates cycle={cycle} />
      </details>
      <details>
        <summary>Add people to the team</summary>
        <AddPeople cycle={cycle} />
      </details>
    </section>
  );
}
