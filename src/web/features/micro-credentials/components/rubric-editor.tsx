import {
  RUBRIC_CRITERIA_MAX,
  RUBRIC_DESCRIPTOR_MAX,
  RUBRIC_LEVELS_MAX,
  RUBRIC_LEVELS_MIN,
  RUBRIC_NAME_MAX,
  type Rubric,
} from '#shared/rubric.ts';
import { SelectField } from '#web/components/field.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { errorAt, errorsUnder } from './field-errors.ts';

let nextId = 0;
/** A fresh id for a new level or criterion: unique in the form, stable once saved. */
const freshId = (prefix: string) => `${prefix}-${Date.now().toString(36)}${(++nextId).toString(36)}`;

/** A rubric to start from: three levels, one criterion, passing at the middle level. */
export const STARTER_RUBRIC: Rubric = {
  levels: [
    { id: 'developing', name: 'Developing' },
    { id: 'proficient', name: 'Proficient' },
    { id: 'exemplary', name: 'Exemplary' },
  ],
  criteria: [{ id: 'practice', name: '', descriptors: ['', '', ''] }],
  passing: { minLevel: 1 },
};

/** The server's messages about one criterion's row, each saying which cell it is about. */
function criterionErrors(error: unknown, rubric: Rubric, i: number): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const prefix = `/body/rubric/criteria/${i}`;
  const messages = error.problem.errors.flatMap((e) => {
    if (e.path !== prefix && !e.path.startsWith(`${prefix}/`)) return [];
    const [field, level] = e.path.slice(prefix.length + 1).split('/');
    if (field === 'descriptors' && level !== undefined)
      return [`${rubric.levels[Number(level)]?.name || `Level ${Number(level) + 1}`}: ${e.message}`];
    if (field === 'name') return [`Name: ${e.message}`];
    return [e.message];
  });
  return messages.length ? messages.join('; ') : undefined;
}

/**
 * The rubric as a grid: levels across (named, added, removed), criteria down (named, added,
 * removed), a descriptor in each cell, and the level that passes.
 */
export function RubricEditor({
  value,
  onChange,
  error,
}: {
  value: Rubric;
  onChange: (rubric: Rubric) => void;
  error: unknown;
}) {
  const { levels, criteria, passing } = value;
  const setLevelName = (i: number, name: string) =>
    onChange({ ...value, levels: levels.map((l, j) => (j === i ? { ...l, name } : l)) });
  const addLevel = () =>
    onChange({
      ...value,
      levels: [...levels, { id: freshId('level'), name: '' }],
      criteria: criteria.map((c) => ({ ...c, descriptors: [...c.descriptors, ''] })),
    });
  const removeLevel = (i: number) =>
    onChange({
      levels: levels.filter((_, j) => j !== i),
      criteria: criteria.map((c) => ({ ...c, descriptors: c.descriptors.filter((_, j) => j !== i) })),
      passing: {
        minLevel: Math.min(passing.minLevel > i ? passing.minLevel - 1 : passing.minLevel, levels.length - 2),
      },
    });
  const setCriterion = (i: number, change: Partial<Rubric['criteria'][number]>) =>
    onChange({ ...value, criteria: criteria.map((c, j) => (j === i ? { ...c, ...change } : c)) });
  const setDescriptor = (i: number, level: number, text: string) =>
    setCriterion(i, { descriptors: criteria[i].descriptors.map((d, j) => (j === level ? text : d)) });

  return (
    <fieldset className="rubric-editor">
      <legend>Rubric</legend>
      <p className="field__hint">
        Levels run from lowest to highest. Describe what each level looks like for each criterion.
      </p>
      {errorAt(error, '/body/rubric') && <p className="field__error">{errorAt(error, '/body/rubric')}</p>}
      {errorsUnder(error, '/body/rubric/levels') && (
        <p className="field__error">Levels: {errorsUnder(error, '/body/rubric/levels')}</p>
      )}
      <div className="table-wrap">
        <table className="rubric-editor__grid">
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              {levels.map((level, i) => (
                <th key={level.id} scope="col">
                  <label className="visually-hidden" htmlFor={`level-${level.id}`}>
                    Level {i + 1} name
                  </label>
                  <input
                    id={`level-${level.id}`}
                    value={level.name}
                    maxLength={RUBRIC_NAME_MAX}
                    placeholder={`Level ${i + 1}`}
                    aria-invalid={Boolean(errorsUnder(error, `/body/rubric/levels/${i}`)) || undefined}
                    onChange={(e) => setLevelName(i, e.target.value)}
                  />
                  <button
                    type="button"
                    className="link-button"
                    disabled={levels.length <= RUBRIC_LEVELS_MIN}
                    onClick={() => removeLevel(i)}
                  >
                    Remove<span className="visually-hidden"> level {level.name || i + 1}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {criteria.map((criterion, i) => {
              const label = criterion.name || `criterion ${i + 1}`;
              const rowError = criterionErrors(error, value, i);
              return (
                <tr key={criterion.id}>
                  <th scope="row">
                    <label className="visually-hidden" htmlFor={`criterion-${criterion.id}`}>
                      Criterion {i + 1} name
                    </label>
                    <input
                      id={`criterion-${criterion.id}`}
                      value={criterion.name}
                      maxLength={RUBRIC_NAME_MAX}
                      placeholder={`Criterion ${i + 1}`}
                      aria-invalid={
                        Boolean(
                          errorAt(error, `/body/rubric/criteria/${i}/name`) ??
                            errorAt(error, `/body/rubric/criteria/${i}/id`),
                        ) || undefined
                      }
                      aria-describedby={rowError ? `criterion-${criterion.id}-error` : undefined}
                      onChange={(e) => setCriterion(i, { name: e.target.value })}
                    />
                    {rowError && (
                      <p className="field__error" id={`criterion-${criterion.id}-error`}>
                        {rowError}
                      </p>
                    )}
                    <button
                      type="button"
                      className="link-button"
                      disabled={criteria.length <= 1}
                      onClick={() => onChange({ ...value, criteria: criteria.filter((_, j) => j !== i) })}
                    >
                      Remove<span className="visually-hidden"> {label}</span>
                    </button>
                  </th>
                  {levels.map((level, l) => (
                    <td key={level.id}>
                      <textarea
                        aria-label={`${label} at ${level.name || `level ${l + 1}`}`}
                        aria-invalid={
                          Boolean(errorAt(error, `/body/rubric/criteria/${i}/descriptors/${l}`)) || undefined
                        }
                        aria-describedby={rowError ? `criterion-${criterion.id}-error` : undefined}
                        rows={3}
                        maxLength={RUBRIC_DESCRIPTOR_MAX}
                        value={criterion.descriptors[l] ?? ''}
                        onChange={(e) => setDescriptor(i, l, e.target.value)}
                      />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={criteria.length >= RUBRIC_CRITERIA_MAX}
          onClick={() =>
            onChange({
              ...value,
              criteria: [
                ...criteria,
                { id: freshId('criterion'), name: '', descriptors: levels.map(() => '') },
              ],
            })
          }
        >
          Add a criterion
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={levels.length >= RUBRIC_LEVELS_MAX}
          onClick={addLevel}
        >
          Add a level
        </button>
      </div>
      <SelectField
        label="Passing level"
        hint="Every criterion must reach this level or above to earn the credential."
        value={String(passing.minLevel)}
        onChange={(e) => onChange({ ...value, passing: { minLevel: Number(e.target.value) } })}
        error={errorsUnder(error, '/body/rubric/passing')}
      >
        {levels.map((level, i) => (
          <option key={level.id} value={i}>
            {level.name || `Level ${i + 1}`}
          </option>
        ))}
      </SelectField>
    </fieldset>
  );
}
