import { type FormEvent, useState } from 'react';
import { type Measure, SMALL_GROUP, type Team, type TeamChart } from '#shared/contracts/improvement.ts';
import { ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { SelectField, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { useCharts, useEnterValue, useFlagAstronomical, useRecordBaseline } from '../api/charts.ts';
import { fieldError, formatPeriod } from './field-error.ts';
import { RunChart } from './run-chart.tsx';

const today = () => new Date().toISOString().slice(0, 10);

function TeamField({ teams }: { teams: Team[] }) {
  if (teams.length === 1) return <input type="hidden" name="schoolId" value={teams[0].id} />;
  return (
    <SelectField label="School team" name="schoolId">
      {teams.map((t) => (
        <option key={t.id} value={t.id}>
          {t.name}
        </option>
      ))}
    </SelectField>
  );
}

function ValueForm({ measure, teams }: { measure: Measure; teams: Team[] }) {
  const enter = useEnterValue(measure.id);
  const [saved, setSaved] = useState<string | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const period = String(data.get('period'));
    setSaved(null);
    enter.mutate(
      {
        schoolId: String(data.get('schoolId')),
        period,
        value: Number(data.get('value')),
        studentCount: Number(data.get('studentCount')),
      },
      {
        onSuccess: () => {
          setSaved(`Saved the value for ${formatPeriod(period)}.`);
          (form.elements.namedItem('value') as HTMLInputElement).value = '';
        },
      },
    );
  };
  return (
    <form className="improvement__entry" onSubmit={submit} aria-label={`Enter ${measure.name}`} noValidate>
      <h4>Enter your team's value</h4>
      <p className="field__hint">
        Enter the group's figure only (a count or a percentage), never a row per student. A value from fewer
        than {SMALL_GROUP} students is marked and only your team sees it, so no student can be picked out.
      </p>
      <ErrorMessage error={enter.error} />
      {saved && <Notice>{saved}</Notice>}
      <TeamField teams={teams} />
      <TextField
        label="Week or cycle of"
        name="period"
        type="date"
        defaultValue={today()}
        error={fieldError(enter.error, 'period')}
      />
      <TextField
        label={`Value${measure.unit ? ` (${measure.unit})` : ''}`}
        name="value"
        type="number"
        step="any"
        inputMode="decimal"
        error={fieldError(enter.error, 'value')}
      />
      <TextField
        label="Number of students it is computed from"
        name="studentCount"
        type="number"
        min={0}
        inputMode="numeric"
        error={fieldError(enter.error, 'studentCount')}
      />
      <FormActions label="Save the value" pending={enter.isPending} />
    </form>
  );
}

function BaselineForm({ measure, teams, charts }: { measure: Measure; teams: Team[]; charts: TeamChart[] }) {
  const record = useRecordBaseline(measure.id);
  const hasBaseline = charts.some((c) => c.mine && c.segments.some((s) => s.baselineId));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    record.mutate({
      schoolId: String(data.get('schoolId')),
      fromPeriod: String(data.get('fromPeriod')),
      length: Number(data.get('length')),
      reason: hasBaseline ? 'process_change' : 'initial',
      note: String(data.get('note') ?? ''),
    });
  };
  return (
    <form className="improvement__entry" onSubmit={submit} aria-label="Baseline" noValidate>
      <h4>{hasBaseline ? 'Record a process change' : 'Set the baseline'}</h4>
      <p className="field__hint">
        {hasBaseline
          ? 'A changed process starts a new baseline: its median is taken from its first points and frozen.'
          : 'The median of the first points is frozen as the centre line the rules read the chart against.'}
      </p>
      <ErrorMessage error={record.error} />
      {record.isSuccess && <Notice>Saved.</Notice>}
      <TeamField teams={teams} />
      <TextField label="From" name="fromPeriod" type="date" error={fieldError(record.error, 'fromPeriod')} />
      <TextField
        label="Points in the baseline"
        name="length"
        type="number"
        min={3}
        max={30}
        defaultValue={8}
        error={fieldError(record.error, 'length')}
      />
      {hasBaseline && (
        <TextField label="What changed in the process" name="note" error={fieldError(record.error, 'note')} />
      )}
      <FormActions
        label={hasBaseline ? 'Record the process change' : 'Set the baseline'}
        pending={record.isPending}
      />
    </form>
  );
}

function Astronomical({ chart }: { chart: TeamChart }) {
  const flag = useFlagAstronomical();
  const shown = chart.values.filter((v) => v.value !== null);
  if (!shown.length) return null;
  return (
    <details className="improvement__astronomical">
      <summary>Mark a point astronomical ({chart.team.name})</summary>
      <p className="field__hint">
        A point far beyond anything the process could produce: a person's judgement, which no rule makes.
      </p>
      <ErrorMessage error={flag.error} />
      <ul>
        {shown.map((v) => (
          <li key={v.id}>
            {formatPeriod(v.period)}: {v.value}{' '}
            <button
              type="button"
              className="button button--secondary button--small"
              aria-pressed={v.astronomical}
              onClick={() => flag.mutate({ valueId: v.id, astronomical: !v.astronomical, note: '' })}
            >
              {v.astronomical
                ? `Unmark ${formatPeriod(v.period)}`
                : `Mark ${formatPeriod(v.period)} astronomical`}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Every school team's run chart for a measure, side by side, with the viewer's team's data entry. */
export function MeasureCharts({ measure, teams }: { measure: Measure; teams: Team[] }) {
  const [trend, setTrend] = useState(false);
  const query = useCharts(measure.id, trend);
  return (
    <div className="improvement__charts">
      <p>
        <strong>{measure.name}</strong>: {measure.definition}
      </p>
      <label className="improvement__trend">
        <input type="checkbox" checked={trend} onChange={(e) => setTrend(e.target.checked)} /> Also flag
        trends (6 or more points each rising or each falling)
      </label>
      {query.isPending ? (
        <Loading label="Loading the run charts…" />
      ) : query.error ? (
        <ErrorMessage error={query.error} />
      ) : query.data.data.charts.length === 0 ? (
        <p className="muted">No school team has joined yet.</p>
      ) : (
        <div className="improvement__grid">
          {query.data.data.charts.map((c) => (
            <RunChart key={c.team.id} chart={c} unit={measure.unit} />
          ))}
        </div>
      )}
      {teams.length > 0 && query.data && (
        <div className="improvement__team-work">
          <ValueForm measure={measure} teams={teams} />
          <BaselineForm measure={measure} teams={teams} charts={query.data.data.charts} />
          {query.data.data.charts
            .filter((c) => c.mine)
            .map((c) => (
              <Astronomical key={c.team.id} chart={c} />
            ))}
        </div>
      )}
    </div>
  );
}
