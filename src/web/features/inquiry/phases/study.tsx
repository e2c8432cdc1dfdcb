import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useAddReading, useRemoveReading, useSaveStudy, useStudy } from '../api/study.ts';

const fieldError = (error: unknown, field: string) =>
  error instanceof ApiError
    ? error.problem.errors.find((e) => e.path === `/body/${field}`)?.message
    : undefined;

/** The research theme, the long-term goal and the learning progression, written by the team. */
function StudyForm({ cycleId, editable }: { cycleId: string; editable: boolean }) {
  const study = useStudy(cycleId);
  const save = useSaveStudy(cycleId);
  const [saved, setSaved] = useState(false);
  if (!study.data) return null;
  const s = study.data.data;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(false);
    save.mutate(
      {
        theme: String(form.get('theme') ?? ''),
        longTermGoal: String(form.get('longTermGoal') ?? ''),
        progression: String(form.get('progression') ?? ''),
      },
      { onSuccess: () => setSaved(true) },
    );
  };
  if (!editable)
    return (
      <dl className="inquiry-facts">
        <dt>Research theme</dt>
        <dd>{s.theme || 'Not written yet.'}</dd>
        <dt>Long-term goal for students</dt>
        <dd>{s.longTermGoal || 'Not written yet.'}</dd>
        <dt>Learning progression</dt>
        <dd className="inquiry-text">{s.progression || 'Not written yet.'}</dd>
      </dl>
    );
  return (
    <form onSubmit={submit} aria-label="Research theme and goal" noValidate key={s.updatedAt ?? 'new'}>
      <TextArea
        label="Research theme"
        name="theme"
        rows={3}
        defaultValue={s.theme}
        hint="The question about students' learning the team will study, e.g. “How do students come to explain their reasoning?”"
        error={fieldError(save.error, 'theme')}
      />
      <TextArea
        label="Long-term goal for students"
        name="longTermGoal"
        rows={3}
        defaultValue={s.longTermGoal}
        hint="The qualities you hope students grow towards over years, beyond this lesson."
        error={fieldError(save.error, 'longTermGoal')}
      />
      <TextArea
        label="Learning progression"
        name="progression"
        rows={6}
        defaultValue={s.progression}
        hint="How the content builds from earlier grades to later ones, and where the research lesson sits."
        error={fieldError(save.error, 'progression')}
      />
      {save.error && !fieldError(save.error, 'theme') && <ErrorMessage error={save.error} />}
      {saved && <Notice>Saved.</Notice>}
      {s.updatedByName && s.updatedAt && (
        <p className="muted">
          Last saved by {s.updatedByName}, {new Date(s.updatedAt).toLocaleString()}
        </p>
      )}
      <FormActions label="Save the study" pending={save.isPending} />
    </form>
  );
}

/** Background reading: Trellis resources by their address, or links with a title. */
function Readings({ cycleId, editable }: { cycleId: string; editable: boolean }) {
  const study = useStudy(cycleId);
  const add = useAddReading(cycleId);
  const remove = useRemoveReading(cycleId);
  const [formKey, setFormKey] = useState(0);
  if (!study.data) return null;
  const readings = study.data.data.readings;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const address = String(form.get('address') ?? '').trim();
    const title = String(form.get('title') ?? '').trim();
    const note = String(form.get('note') ?? '');
    // A Trellis resource's address (or its id alone) adds the resource; anything else is a link.
    const resource =
      /(?:^|\/resources\/)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i.exec(address);
    add.mutate(
      resource
        ? { resourceId: resource[1], note, ...(title ? { title } : {}) }
        : { url: address, note, ...(title ? { title } : {}) },
      { onSuccess: () => setFormKey((k) => k + 1) },
    );
  };
  const addressError = fieldError(add.error, 'url') ?? fieldError(add.error, 'resourceId');
  return (
    <section aria-labelledby="readings-heading">
      <h3 id="readings-heading">Background reading</h3>
      {readings.length === 0 ? (
        <EmptyState title="No reading yet">
          {editable && <p>Add a Trellis resource or a link the team will read before planning.</p>}
        </EmptyState>
      ) : (
        <ul className="inquiry-readings">
          {readings.map((r) => (
            <li key={r.id}>
              {r.resourceId ? (
                <Link to={`/resources/${r.resourceId}`}>{r.title}</Link>
              ) : (
                <a href={r.url ?? '#'} rel="noopener noreferrer" target="_blank">
                  {r.title} <span className="visually-hidden">(opens in a new tab)</span>
                </a>
              )}
              {r.note && <p className="muted">{r.note}</p>}
              {editable && (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => remove.mutate(r.id)}
                  disabled={remove.isPending}
                >
                  Remove <span className="visually-hidden">{r.title}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form key={formKey} onSubmit={submit} aria-label="Add background reading" noValidate>
          <TextField
            label="Resource or link"
            name="address"
            required
            hint="Paste a Trellis resource's address, or a web address starting with https://"
            error={addressError}
          />
          <TextField
            label="Title"
            name="title"
            hint="Needed for a link; a resource keeps its own."
            error={fieldError(add.error, 'title')}
          />
          <TextField label="Why read it (optional)" name="note" error={fieldError(add.error, 'note')} />
          {add.error && !addressError && !fieldError(add.error, 'title') && (
            <ErrorMessage error={add.error} />
          )}
          <FormActions label="Add reading" pendingLabel="Adding…" pending={add.isPending} />
        </form>
      )}
    </section>
  );
}

/** Lesson study's Study phase: what the team studies, towards what, and what it reads first. */
export function StudyPhase({ cycleId }: { cycleId: string }) {
  const study = useStudy(cycleId);
  if (study.isPending) return <Loading label="Loading the study…" />;
  if (study.error) return <ErrorMessage error={study.error} />;
  const editable = study.data.abilities.contribute;
  return (
    <div className="inquiry-phase">
      <StudyForm cycleId={cycleId} editable={editable} />
      <Readings cycleId={cycleId} editable={editable} />
    </div>
  );
}

export default StudyPhase;
