import { type FormEvent, useState } from 'react';
import {
  REFLECTION_ROLE_LABELS,
  REFLECTION_ROLES,
  type ReflectionRole,
  type ReflectionView,
} from '#shared/contracts/inquiry.ts';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { SelectField, TextArea } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { formatWhen } from '#web/lib/format.ts';
import { useCycle } from '../api/cycles.ts';
import { useObservationNotes } from '../api/observation.ts';
import { usePlanOverview, usePlanVersion } from '../api/plan.ts';
import { useAddRemark, useReflection, useSetReflectionRoles } from '../api/reflection.ts';
import { PrintablePlan } from '../components/plan/printable-plan.tsx';

const SECTION_TITLES: Record<ReflectionRole, string> = {
  teacher: '1. The teacher of the research lesson',
  observer: '2. Observers, by evidence',
  commentator: '3. The outside commentator',
};

const fieldError = (error: unknown, field: string) =>
  error instanceof ApiError
    ? error.problem.errors.find((e) => e.path.startsWith(`/body/${field}`))?.message
    : undefined;

/** The facilitator gives each member of the team their part in the discussion. */
function AssignRoles({ cycleId, roles }: { cycleId: string; roles: ReflectionView['roles'] }) {
  const cycle = useCycle(cycleId);
  const save = useSetReflectionRoles(cycleId);
  const [saved, setSaved] = useState(false);
  if (!cycle.data) return null;
  const current = new Map(roles.map((r) => [r.userId, r.role]));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(false);
    const chosen = cycle.data.data.members
      .map((m) => ({ userId: m.userId, role: String(form.get(`role-${m.userId}`) ?? '') }))
      .filter((r): r is { userId: string; role: ReflectionRole } =>
        (REFLECTION_ROLES as readonly string[]).includes(r.role),
      );
    save.mutate({ roles: chosen }, { onSuccess: () => setSaved(true) });
  };
  return (
    <details className="inquiry-roles">
      <summary>Assign the roles of the discussion</summary>
      <form onSubmit={submit} aria-label="Roles of the discussion" noValidate>
        <p className="muted">
          The teacher speaks first, then each observer from what they saw, then the outside commentator.
        </p>
        {cycle.data.data.members.map((m) => (
          <SelectField
            key={m.userId}
            label={m.name}
            name={`role-${m.userId}`}
            defaultValue={current.get(m.userId) ?? ''}
          >
            <option value="">No part</option>
            {REFLECTION_ROLES.map((role) => (
              <option key={role} value={role}>
                {REFLECTION_ROLE_LABELS[role]}
              </option>
            ))}
          </SelectField>
        ))}
        <ErrorMessage error={save.error} />
        {saved && <Notice>Roles saved.</Notice>}
        <FormActions label="Save the roles" pending={save.isPending} />
      </form>
    </details>
  );
}

/** What the person with a part says in their turn, choosing the observation notes they draw on. */
function SpeakForm({ cycleId, role, notes }: { cycleId: string; role: ReflectionRole; notes: NoteChoice[] }) {
  const add = useAddRemark(cycleId);
  const [formKey, setFormKey] = useState(0);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    add.mutate(
      { body: String(form.get('body') ?? ''), evidence: form.getAll('evidence').map(String) },
      { onSuccess: () => setFormKey((k) => k + 1) },
    );
  };
  return (
    <form key={formKey} onSubmit={submit} aria-label="Speak in the discussion" noValidate>
      <TextArea
        label={`What you say, as ${REFLECTION_ROLE_LABELS[role].toLowerCase()}`}
        name="body"
        rows={4}
        required
        error={fieldError(add.error, 'body')}
        hint={
          role === 'observer'
            ? 'Speak from what students did and said; choose the notes you draw on.'
            : undefined
        }
      />
      {role !== 'teacher' && notes.length > 0 && (
        <fieldset>
          <legend>Evidence from the observation notes</legend>
          {notes.map((n) => (
            <label key={n.id} className="checkbox">
              <input type="checkbox" name="evidence" value={n.id} />
              {n.label}
            </label>
          ))}
        </fieldset>
      )}
      {add.error && !fieldError(add.error, 'body') && <ErrorMessage error={add.error} />}
      <FormActions label="Add to the discussion" pendingLabel="Adding…" pending={add.isPending} />
    </form>
  );
}

interface NoteChoice {
  id: string;
  label: string;
}

/** The plan as observers carried it and the team's notes, beside the discussion. */
function PlanAndNotes({
  cycleId,
  notes,
}: {
  cycleId: string;
  notes: ReturnType<typeof useObservationNotes>;
}) {
  const overview = usePlanOverview(cycleId);
  const newest = overview.data?.data.versions.at(-1) ?? null;
  const version = usePlanVersion(cycleId, newest ? newest.version : null);
  return (
    <aside className="inquiry-reflect__beside" aria-label="The plan and the observation notes">
      <h3>Observation notes</h3>
      {notes.isPending ? (
        <Loading label="Loading the notes…" />
      ) : notes.error ? (
        <p className="muted">The observation notes are the lesson-study team’s only.</p>
      ) : notes.data.notes.length === 0 ? (
        <p className="muted">No notes were taken during the lesson.</p>
      ) : (
        <ul className="inquiry-notes">
          {notes.data.notes.map((n) => (
            <li key={n.id} id={`note-${n.id}`}>
              <p className="muted">
                {n.author.name}, {formatWhen(n.observedAt)}
                {n.focus && ` · ${n.focus}`}
              </p>
              <p className="inquiry-text">{n.body}</p>
            </li>
          ))}
        </ul>
      )}
      <h3>The research-lesson plan</h3>
      {newest && version.data ? (
        <PrintablePlan
          content={version.data.data.content}
          version={newest.version}
          caseStudents={overview.data?.data.caseStudents ?? []}
        />
      ) : overview.isPending || version.isLoading ? (
        <Loading label="Loading the plan…" />
      ) : (
        <p className="muted">No plan was written.</p>
      )}
    </aside>
  );
}

/**
 * Lesson study's Reflect phase: the structured post-lesson discussion (the teacher first, then
 * observers by evidence, then the outside commentator, in the roles the facilitator assigns), with
 * the observation notes and the plan beside it.
 */
export function ReflectPhase({ cycleId }: { cycleId: string }) {
  const reflection = useReflection(cycleId);
  const notes = useObservationNotes(cycleId, true);
  if (reflection.isPending) return <Loading label="Loading the discussion…" />;
  if (reflection.error) return <ErrorMessage error={reflection.error} />;
  const { data, abilities } = reflection.data;
  const notesById = new Map((notes.data?.notes ?? []).map((n) => [n.id, n]));
  const choices: NoteChoice[] = (notes.data?.notes ?? []).map((n) => ({
    id: n.id,
    label: `${n.author.name}: ${n.body.length > 80 ? `${n.body.slice(0, 80)}…` : n.body}`,
  }));
  const myTurn =
    data.myRole !== null &&
    abilities.contribute &&
    (data.turn === null || REFLECTION_ROLES.indexOf(data.myRole) <= REFLECTION_ROLES.indexOf(data.turn));
  return (
    <div className="inquiry-reflect">
      <div className="inquiry-reflect__discussion">
        {abilities.facilitate && abilities.contribute && <AssignRoles cycleId={cycleId} roles={data.roles} />}
        {data.roles.length === 0 ? (
          <EmptyState title="No roles yet">
            <p>
              The facilitator assigns who taught the lesson, who observed and who comments from outside the
              team.
            </p>
          </EmptyState>
        ) : (
          <p role="status">
            {data.turn
              ? `Now speaking: ${REFLECTION_ROLE_LABELS[data.turn].toLowerCase()}.`
              : 'Everyone with a part has spoken.'}
          </p>
        )}
        {REFLECTION_ROLES.map((role) => {
          const people = data.roles.filter((r) => r.role === role);
          const remarks = data.remarks.filter((r) => r.role === role);
          if (people.length === 0 && remarks.length === 0) return null;
          return (
            <section key={role} aria-labelledby={`reflect-${role}`}>
              <h3 id={`reflect-${role}`}>{SECTION_TITLES[role]}</h3>
              <p className="muted">{people.map((p) => p.name).join(', ')}</p>
              {remarks.length === 0 ? (
                <p className="muted">Not yet heard.</p>
              ) : (
                <ol className="inquiry-remarks">
                  {remarks.map((r) => (
                    <li key={r.id}>
                      <p>
                        <strong>{r.authorName}</strong>{' '}
                        <span className="muted">{formatWhen(r.createdAt)}</span>
                      </p>
                      <p className="inquiry-text">{r.body}</p>
                      {r.evidence.length > 0 && (
                        <ul aria-label="Evidence" className="inquiry-evidence">
                          {r.evidence.map((id) => (
                            <li key={id}>
                              <a href={`#note-${id}`}>
                                {notesById.get(id)?.body.slice(0, 60) ?? 'An observation note'}
                              </a>
                            </li>
                          ))}
                        </ul>
                      )}
                    </li>
                  ))}
                </ol>
              )}
            </section>
          );
        })}
        {data.myRole && !myTurn && abilities.contribute && (
          <p className="muted">
            Your turn comes after the {data.turn === 'teacher' ? 'teacher' : 'observers'}.
          </p>
        )}
        {myTurn && data.myRole && <SpeakForm cycleId={cycleId} role={data.myRole} notes={choices} />}
      </div>
      <PlanAndNotes cycleId={cycleId} notes={notes} />
    </div>
  );
}

export default ReflectPhase;
