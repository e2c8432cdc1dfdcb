import {
  CREDIT_STATUS_LABELS,
  CreditStatusFilter,
  LEARNING_SOURCE_LABELS,
  LEARNING_SOURCES,
} from '#shared/contracts/learning.ts';
import { SelectField, TextField } from '#web/components/field.tsx';
import { filledFields } from '#web/components/filter-form.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useLearningOptions } from '../api/get-options.ts';
import { LEARNING_FILTERS } from '../api/list-entries.ts';
import './learning.css';

/** The log's filters: a period (which the totals follow too), kind, source, competency, credit status, drafts. */
export function LearningFilters({
  params,
  error,
  onChange,
  onClear,
}: {
  params: URLSearchParams;
  error: unknown;
  onChange: (next: Record<string, string>) => void;
  onClear: () => void;
}) {
  const options = useLearningOptions();
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldError(field) : undefined);
  const value = (name: string) => params.get(name) ?? '';
  return (
    <search>
      <form
        aria-label="Filter my learning"
        noValidate
        // Keyed by the address, so Clear and the browser's back button show the filters in force, and
        // drawn again once the kinds and competencies arrive, so their choices show as chosen.
        key={`${params.toString()}:${options.isSuccess}`}
        onSubmit={(event) => {
          event.preventDefault();
          onChange(filledFields(event.currentTarget, LEARNING_FILTERS));
        }}
      >
        <fieldset>
          <legend>Filters</legend>
          <div className="grid">
            <TextField
              label="From"
              name="from"
              type="date"
              defaultValue={value('from')}
              error={fieldError('from')}
            />
            <TextField label="To" name="to" type="date" defaultValue={value('to')} error={fieldError('to')} />
            <SelectField label="Kind" name="kind" defaultValue={value('kind')}>
              <option value="">Any kind</option>
              {(options.data?.kinds ?? []).map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </SelectField>
            <SelectField label="Source" name="source" defaultValue={value('source')}>
              <option value="">Any source</option>
              {LEARNING_SOURCES.map((s) => (
                <option key={s} value={s}>
                  {LEARNING_SOURCE_LABELS[s]}
                </option>
              ))}
            </SelectField>
            <SelectField label="Competency" name="competency" defaultValue={value('competency')}>
              <option value="">Any competency</option>
              {(options.data?.frameworks ?? []).map((f) => (
                <optgroup key={f.id} label={f.title}>
                  {f.competencies.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.code ? `${c.code} ` : ''}
                      {c.statement}
                    </option>
                  ))}
                </optgroup>
              ))}
            </SelectField>
            <SelectField label="Credit" name="credit" defaultValue={value('credit')}>
              <option value="">Any credit status</option>
              {CreditStatusFilter.options.map((s) => (
                <option key={s} value={s}>
                  {CREDIT_STATUS_LABELS[s]}
                </option>
              ))}
            </SelectField>
            <SelectField label="Drafts" name="status" defaultValue={value('status')}>
              <option value="">Drafts and logged</option>
              <option value="logged">Logged only</option>
              <option value="draft">Drafts only</option>
            </SelectField>
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button">
            Show
          </button>
          <button type="reset" className="button button--secondary" onClick={onClear}>
            Clear filters
          </button>
        </div>
      </form>
    </search>
  );
}
