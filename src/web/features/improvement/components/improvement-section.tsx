import { type FormEvent, useState } from 'react';
import {
  type ImprovementResponse,
  MEASURE_FREQUENCIES,
  MEASURE_KIND_LABELS,
  MEASURE_KINDS,
  type Measure,
} from '#shared/contracts/improvement.ts';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { useAddMeasure, useImprovement, useSetAim } from '../api/improvement.ts';
import { DriverDiagram } from './driver-diagram.tsx';
import { fieldError, formatPeriod } from './field-error.ts';
import { MeasureCharts } from './measure-charts.tsx';
import { OutlineEditor } from './outline-editor.tsx';
import './improvement.css';

const FREQUENCY_LABELS = { weekly: 'Weekly', per_cycle: 'Once per PDSA cycle' } as const;

function AimForm({ data, onDone }: { data: ImprovementResponse['data']; onDone: () => void }) {
  const save = useSetAim(data.communityId);
  const aim = data.aim;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save.mutate(
      {
        what: String(form.get('what')),
        howMuch: String(form.get('howMuch')),
        byWhen: String(form.get('byWhen')),
        forWhom: String(form.get('forWhom')),
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form onSubmit={submit} aria-label="The aim" noValidate>
      <ErrorMessage error={save.error} />
      <TextField
        label="What will improve"
        name="what"
        defaultValue={aim?.what}
        hint="The students' learning or experience the community works on."
        error={fieldError(save.error, 'what')}
      />
      <TextField
        label="How much"
        name="howMuch"
        defaultValue={aim?.howMuch}
        hint="From where to where, in a measure's own terms: “from 30% to 70% of lab reports”."
        error={fieldError(save.error, 'howMuch')}
      />
      <TextField
        label="By when"
        name="byWhen"
        type="date"
        defaultValue={aim?.byWhen}
        error={fieldError(save.error, 'byWhen')}
      />
      <TextField
        label="For whom"
        name="forWhom"
        defaultValue={aim?.forWhom}
        error={fieldError(save.error, 'forWhom')}
      />
      <FormActions label="Save the aim" pending={save.isPending} onCancel={aim ? onDone : undefined} />
    </form>
  );
}

function MeasureForm({ communityId, onDone }: { communityId: string; onDone: () => void }) {
  const add = useAddMeasure(communityId);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    add.mutate(
      {
        kind: String(form.get('kind')) as Measure['kind'],
        name: String(form.get('name')),
        definition: String(form.get('definition')),
        unit: String(form.get('unit')),
        frequency: String(form.get('frequency')) as Measure['frequency'],
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Add a measure" noValidate>
      <ErrorMessage error={add.error} />
      <SelectField label="Kind of measure" name="kind" error={fieldError(add.error, 'kind')}>
        {MEASURE_KINDS.map((k) => (
          <option key={k} value={k}>
            {MEASURE_KIND_LABELS[k]}
          </option>
        ))}
      </SelectField>
      <TextField label="Name" name="name" error={fieldError(add.error, 'name')} />
      <TextArea
        label="Operational definition"
        name="definition"
        rows={3}
        hint="Exactly what is counted, from what, and when, so that every school counts it the same way."
        error={fieldError(add.error, 'definition')}
      />
      <TextField
        label="Unit"
        name="unit"
        hint="For example: %, minutes, students."
        error={fieldError(add.error, 'unit')}
      />
      <SelectField label="How often" name="frequency" error={fieldError(add.error, 'frequency')}>
        {MEASURE_FREQUENCIES.map((f) => (
          <option key={f} value={f}>
            {FREQUENCY_LABELS[f]}
          </option>
        ))}
      </SelectField>
      <FormActions label="Add the measure" pending={add.isPending} onCancel={onDone} />
    </form>
  );
}

/**
 * A networked improvement community's section of its page: the aim, the driver diagram, the family
 * of measures and, for the measure chosen, every school team's run chart side by side.
 */
export function ImprovementSection({ communityId }: { communityId: string }) {
  const query = useImprovement(communityId);
  const [editing, setEditing] = useState<'aim' | 'drivers' | 'measure' | null>(null);
  const [measureId, setMeasureId] = useState<string | null>(null);
  if (query.isPending) return <Loading label="Loading the aim and measures…" />;
  if (query.error) return <ErrorMessage error={query.error} />;
  const { data, abilities } = query.data;
  const chosen = data.measures.find((m) => m.id === measureId) ?? data.measures[0];

  return (
    <section className="improvement" aria-labelledby="improvement-heading">
      <h2 id="improvement-heading">Improvement work</h2>

      <h3>Aim</h3>
      {editing === 'aim' || (abilities.edit && !data.aim) ? (
        <AimForm data={data} onDone={() => setEditing(null)} />
      ) : data.aim ? (
        <>
          <p className="improvement__aim">
            {data.aim.what}, {data.aim.howMuch}, by {formatPeriod(data.aim.byWhen)}, for {data.aim.forWhom}.
          </p>
          {abilities.edit && (
            <button type="button" className="button button--secondary" onClick={() => setEditing('aim')}>
              Edit the aim
            </button>
          )}
        </>
      ) : (
        <EmptyState title="No aim yet">A facilitator sets what the community aims to improve.</EmptyState>
      )}

      {data.aim && (
        <>
          <h3>Driver diagram</h3>
          {editing === 'drivers' ? (
            <OutlineEditor communityId={communityId} drivers={data.drivers} onDone={() => setEditing(null)} />
          ) : (
            <>
              {data.drivers.length ? (
                <DriverDiagram aim={data.aim.what} drivers={data.drivers} />
              ) : (
                <p className="muted">No drivers yet.</p>
              )}
              {abilities.edit && (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => setEditing('drivers')}
                >
                  Edit the driver diagram
                </button>
              )}
            </>
          )}
        </>
      )}

      <h3>Measures</h3>
      {data.measures.length ? (
        <ul className="improvement__measures">
          {data.measures.map((m) => (
            <li key={m.id}>
              <strong>{m.name}</strong> <span className="muted">({MEASURE_KIND_LABELS[m.kind]})</span>
              <br />
              {m.definition}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No measures yet.</p>
      )}
      {editing === 'measure' ? (
        <MeasureForm communityId={communityId} onDone={() => setEditing(null)} />
      ) : (
        abilities.edit && (
          <button type="button" className="button button--secondary" onClick={() => setEditing('measure')}>
            Add a measure
          </button>
        )
      )}

      {chosen && (
        <>
          <h3>Run charts</h3>
          {data.measures.length > 1 && (
            <SelectField label="Measure" value={chosen.id} onChange={(e) => setMeasureId(e.target.value)}>
              {data.measures.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </SelectField>
          )}
          {!abilities.enterData && data.myTeamIds.length === 0 && (
            <Notice>
              Each school team enters its own data. Values from fewer than 10 students stay within their team.
            </Notice>
          )}
          <MeasureCharts measure={chosen} teams={data.teams.filter((t) => data.myTeamIds.includes(t.id))} />
        </>
      )}
    </section>
  );
}
