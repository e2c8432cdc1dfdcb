import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorMessage, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { SelectField, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import {
  useAssignRole,
  useCompleteHolding,
  useConfirmExperience,
  useConfirmRequirement,
  usePersonPathways,
} from '#web/features/pathways/api/pathways.ts';
import { HoldingList } from '#web/features/pathways/components/person-roles.tsx';
import { RequirementList } from '#web/features/pathways/components/requirement-list.tsx';
import type { PathwaysResponse } from '#shared/contracts/pathways.ts';
import { ApiError } from '#web/lib/api-client.ts';

/**
 * A person's standing as their district's administrators see it, to confirm what only an
 * administrator confirms: years of experience and requirements met by hand (an interview).
 */
export default function AdminPathwaysPersonPage() {
  const { id = '' } = useParams();
  const pathways = usePersonPathways(id);
  const experience = useConfirmExperience(id);
  const confirm = useConfirmRequirement(id);
  const [saved, setSaved] = useState<string | null>(null);
  const problem = experience.error instanceof ApiError ? experience.error.problem.errors : [];
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    experience.mutate(
      { years: Number(form.get('years')), asOf: String(form.get('asOf') ?? '') },
      { onSuccess: () => setSaved('Saved the years of experience.') },
    );
  };
  if (pathways.isPending) return <Loading />;
  if (pathways.error) return <ErrorMessage error={pathways.error} />;
  return (
    <section className="page">
      <p>
        <Link to="/admin/pathways">Back to ladders and stipends</Link>
      </p>
      <PageHeading>Where this person stands</PageHeading>
      {saved && <Notice>{saved}</Notice>}
      {confirm.error && <ErrorMessage error={confirm.error} />}
      <form onSubmit={submit} aria-label="Years of experience" noValidate>
        <h2>Years of experience</h2>
        <TextField
          label="Years of teaching experience"
          name="years"
          inputMode="decimal"
          error={problem.find((e) => e.path === '/body/years')?.message}
        />
        <TextField
          label="As of"
          name="asOf"
          type="date"
          defaultValue={new Date().toISOString().slice(0, 10)}
          error={problem.find((e) => e.path === '/body/asOf')?.message}
        />
        <FormActions label="Confirm the years" pending={experience.isPending} />
      </form>
      <h2>Roles held</h2>
      <HoldingList holdings={pathways.data.data.holdings} />
      <RoleActions userId={id} pathways={pathways.data.data} onDone={setSaved} />
      {pathways.data.data.ladders.map((ladder) => (
        <section key={ladder.id} aria-labelledby={`ladder-${ladder.id}`}>
          <h2 id={`ladder-${ladder.id}`}>{ladder.title}</h2>
          {ladder.roles.map((role) => (
            <div key={role.id} className="pathways-role">
              <h3>{role.title}</h3>
              <RequirementList requirements={role.requirements} linked={false} />
              {role.requirements
                .filter((r) => r.kind === 'manual' && r.standing !== 'met')
                .map((r) => (
                  <button
                    key={r.id}
                    type="button"
                    className="button button--secondary"
                    disabled={confirm.isPending}
                    onClick={() =>
                      confirm.mutate(r.id, { onSuccess: () => setSaved(`Confirmed: ${r.label}.`) })
                    }
                  >
                    Confirm: {r.label}
                  </button>
                ))}
            </div>
          ))}
        </section>
      ))}
    </section>
  );
}

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** Giving the person a ladder's role for a term, and marking a role completed (recognised with its credential). */
function RoleActions({
  userId,
  pathways,
  onDone,
}: {
  userId: string;
  pathways: PathwaysResponse['data'];
  onDone: (message: string) => void;
}) {
  const assign = useAssignRole(userId);
  const complete = useCompleteHolding(userId);
  const roles = pathways.ladders.flatMap((l) =>
    l.roles.map((r) => ({ id: r.id, name: `${l.title}: ${r.title}` })),
  );
  const problem = assign.error instanceof ApiError ? assign.error.problem.errors : [];
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    assign.mutate(
      {
        roleId: String(form.get('roleId')),
        startsOn: String(form.get('startsOn')),
        endsOn: String(form.get('endsOn')),
      },
      { onSuccess: () => onDone('Gave the role.') },
    );
  };
  const open = pathways.holdings.filter((h) => !h.completedAt);
  return (
    <>
      {complete.error && <ErrorMessage error={complete.error} />}
      {open.map((h) => (
        <div key={h.id} className="actions">
          <button
            type="button"
            className="button button--secondary"
            disabled={complete.isPending}
            onClick={() =>
              complete.mutate(
                { holdingId: h.id, recognise: false },
                { onSuccess: () => onDone(`Completed: ${h.title}.`) },
              )
            }
          >
            Mark “{h.title}” completed
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={complete.isPending}
            onClick={() =>
              complete.mutate(
                { holdingId: h.id, recognise: true },
                { onSuccess: () => onDone(`Completed: ${h.title}; its credential is being awarded.`) },
              )
            }
          >
            Complete “{h.title}” and award its credential
          </button>
        </div>
      ))}
      {roles.length > 0 && (
        <form onSubmit={submit} aria-label="Give a role" noValidate>
          <h3>Give a role</h3>
          <SelectField label="Role" name="roleId">
            {roles.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </SelectField>
          <TextField label="Starts on" name="startsOn" type="date" defaultValue={inDays(0)} />
          <TextField
            label="Ends on"
            name="endsOn"
            type="date"
            defaultValue={inDays(365)}
            error={problem.find((e) => e.path === '/body/endsOn')?.message}
          />
          <FormActions label="Give the role" pending={assign.isPending} />
        </form>
      )}
    </>
  );
}
