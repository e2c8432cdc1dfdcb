import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { PdsaBody, PdsaResponse } from '#shared/contracts/improvement.ts';
import { ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { usePdsa, useSavePdsa } from '#web/features/improvement/api/pdsa.ts';
import { fieldError } from '#web/features/improvement/components/field-error.ts';
import '#web/features/improvement/components/improvement.css';

export type PdsaPhaseKey = 'plan' | 'do' | 'study' | 'act';

const DECISIONS = [
  { value: 'adopt', label: 'Adopt', hint: 'It worked: make it the way we work.' },
  { value: 'adapt', label: 'Adapt', hint: 'Change it and test again in the next cycle.' },
  { value: 'abandon', label: 'Abandon', hint: 'It did not help: stop and try another idea.' },
] as const;

const text = (form: FormData, name: string) => String(form.get(name) ?? '');
const orNull = (value: string) => (value === '' ? null : value);

/** The ramp of cycles this one belongs to, first to last, so a run of linked tests is visible. */
function Ramp({ ramp }: { ramp: PdsaResponse['data']['ramp'] }) {
  if (ramp.length < 2) return null;
  return (
    <nav aria-label="Ramp of linked PDSA cycles">
      <h3>Ramp of cycles</h3>
      <ol className="pdsa-ramp">
        {ramp.map((c) => (
          <li key={c.id}>
            {c.current ? (
              <strong aria-current="page">{c.title}</strong>
            ) : (
              <Link to={`/cycles/${c.id}`}>{c.title}</Link>
            )}
            {c.decision && <span className="muted"> ({c.decision})</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function PlanFields({ data }: { data: PdsaResponse['data'] }) {
  const p = data.pdsa;
  return (
    <>
      <SelectField label="Change idea" name="changeIdeaId" defaultValue={p.changeIdeaId ?? ''}>
        <option value="">Choose from the driver diagram</option>
        {data.changeIdeas.map((c) => (
          <option key={c.id} value={c.id}>
            {c.text} ({c.secondary})
          </option>
        ))}
      </SelectField>
      <SelectField label="School team" name="schoolId" defaultValue={p.schoolId ?? ''}>
        <option value="">Choose the team</option>
        {data.teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({t.districtName})
          </option>
        ))}
      </SelectField>
      <SelectField label="Measure it moves" name="measureId" defaultValue={p.measureId ?? ''}>
        <option value="">None chosen</option>
        {data.measures.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Follows from the cycle"
        name="previousCycleId"
        defaultValue={p.previousCycleId ?? ''}
        hint="Link the cycle this one builds on, so the ramp of tests shows."
      >
        <option value="">This is the first cycle of its ramp</option>
        {data.earlierCycles.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </SelectField>
      <TextArea
        label="Prediction"
        name="prediction"
        rows={3}
        defaultValue={p.prediction}
        hint="What do you expect to happen, and why?"
      />
      <TextField label="Who" name="who" defaultValue={p.who} />
      <TextArea label="What" name="what" rows={2} defaultValue={p.what} />
      <TextField
        label="When"
        name="testDate"
        type="date"
        defaultValue={p.testDate ?? ''}
        hint="The day the change is tried: the run chart marks the cycle here."
      />
      <TextArea label="Data to collect" name="dataPlan" rows={2} defaultValue={p.dataPlan} />
    </>
  );
}

function bodyOf(phase: PdsaPhaseKey, form: FormData): PdsaBody {
  switch (phase) {
    case 'plan':
      return {
        changeIdeaId: orNull(text(form, 'changeIdeaId')),
        schoolId: orNull(text(form, 'schoolId')),
        measureId: orNull(text(form, 'measureId')),
        previousCycleId: orNull(text(form, 'previousCycleId')),
        prediction: text(form, 'prediction'),
        who: text(form, 'who'),
        what: text(form, 'what'),
        testDate: orNull(text(form, 'testDate')),
        dataPlan: text(form, 'dataPlan'),
      };
    case 'do':
      return { whatHappened: text(form, 'whatHappened'), surprises: text(form, 'surprises') };
    case 'study':
      return { study: text(form, 'study') };
    case 'act':
      return {
        decision: orNull(text(form, 'decision')) as PdsaBody['decision'],
        actNotes: text(form, 'actNotes'),
      };
  }
}

type Pdsa = PdsaResponse['data']['pdsa'];
const READ_ONLY: Record<PdsaPhaseKey, Array<[string, (p: Pdsa) => string | null]>> = {
  plan: [
    ['Who', (p) => p.who],
    ['What', (p) => p.what],
    ['When', (p) => p.testDate],
    ['Data to collect', (p) => p.dataPlan],
  ],
  do: [
    ['What happened', (p) => p.whatHappened],
    ['Surprises', (p) => p.surprises],
  ],
  study: [['The data against the prediction', (p) => p.study]],
  act: [
    ['Decision', (p) => p.decision],
    ['What we do next', (p) => p.actNotes],
  ],
};

const HEADINGS: Record<PdsaPhaseKey, string> = {
  plan: 'Plan: the change, the prediction, who, what, when and the data',
  do: 'Do: what happened',
  study: 'Study: the data against the prediction',
  act: 'Act: adopt, adapt or abandon',
};

/**
 * A PDSA cycle's phase panel (under the cycle page's heading for the phase): Plan (change idea, prediction, who/what/when, data), Do (what happened,
 * surprises), Study (the data against the prediction) or Act (adopt, adapt or abandon), each saved on
 * its own, with the ramp of linked cycles it belongs to.
 */
export function PdsaPhase({ cycleId, phase }: { cycleId: string; phase: PdsaPhaseKey }) {
  const query = usePdsa(cycleId);
  const save = useSavePdsa(cycleId);
  const [saved, setSaved] = useState(false);
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorMessage error={query.error} />;
  const { data, abilities } = query.data;
  const p = data.pdsa;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    save.mutate(bodyOf(phase, new FormData(event.currentTarget)), { onSuccess: () => setSaved(true) });
  };

  return (
    <div className="pdsa-phase">
      <p className="muted">{HEADINGS[phase]}</p>
      {phase !== 'plan' && (
        <dl className="community-facts">
          <dt>Change idea</dt>
          <dd>{p.changeIdeaText ?? 'Not chosen yet'}</dd>
          <dt>Prediction</dt>
          <dd>{p.prediction || 'Not written yet'}</dd>
        </dl>
      )}
      {abilities.edit ? (
        <form key={`${phase}-${p.updatedAt}`} onSubmit={submit} aria-label={HEADINGS[phase]} noValidate>
          <ErrorMessage error={save.error} />
          {saved && <Notice>Saved.</Notice>}
          {phase === 'plan' && <PlanFields data={data} />}
          {phase === 'do' && (
            <>
              <TextArea label="What happened" name="whatHappened" rows={4} defaultValue={p.whatHappened} />
              <TextArea label="Surprises" name="surprises" rows={3} defaultValue={p.surprises} />
            </>
          )}
          {phase === 'study' && (
            <>
              <TextArea
                label="The data against the prediction"
                name="study"
                rows={4}
                defaultValue={p.study}
                hint={`You predicted: ${p.prediction || 'nothing yet'}. What do the data say? The run charts are on the community's page.`}
              />
              <p>
                <Link to={`/communities/${p.communityId}`}>The community's run charts</Link>
              </p>
            </>
          )}
          {phase === 'act' && (
            <>
              <fieldset>
                <legend>Decision</legend>
                {DECISIONS.map((d) => (
                  <label key={d.value} className="choice">
                    <input
                      type="radio"
                      name="decision"
                      value={d.value}
                      defaultChecked={p.decision === d.value}
                    />{' '}
                    <strong>{d.label}</strong>: {d.hint}
                  </label>
                ))}
                {fieldError(save.error, 'decision') && (
                  <p className="field__error">{fieldError(save.error, 'decision')}</p>
                )}
              </fieldset>
              <TextArea label="What we do next" name="actNotes" rows={3} defaultValue={p.actNotes} />
              {p.decision === 'adapt' && (
                <p className="muted">
                  Start the next cycle from the community and link it to this one in its Plan, so the ramp
                  shows.
                </p>
              )}
            </>
          )}
          <FormActions label="Save" pending={save.isPending} />
        </form>
      ) : (
        <>
          <dl className="community-facts">
            {READ_ONLY[phase].map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value(p) || 'Nothing written'}</dd>
              </div>
            ))}
          </dl>
          <p className="muted">This cycle is completed; its record is read-only.</p>
        </>
      )}
      <Ramp ramp={data.ramp} />
    </div>
  );
}

export default PdsaPhase;
