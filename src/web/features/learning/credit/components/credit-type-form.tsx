import { type FormEvent, useState } from 'react';
import type { CreditTypeView } from '#shared/contracts/credit.ts';
import { MANUAL_LEARNING_KINDS } from '#shared/contracts/learning.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { TableWrap } from '#web/components/table-wrap.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useSaveCreditType } from '../api/types.ts';
import { hoursText, kindText, typedNumber } from './format.ts';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

type PerKind = Record<string, string>;
const toText = (r: Record<string, number>): PerKind =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, hoursText(v)]));
const toHours = (r: PerKind, kinds: string[]) =>
  Object.fromEntries(
    Object.entries(r)
      .filter(([k, v]) => kinds.includes(k) && typedNumber(v) !== undefined)
      .map(([k, v]) => [k, typedNumber(v) as number]),
  );

/** A district admin defines or changes a credit type and its rules, kind by kind. */
export function CreditTypeForm({ type, onDone }: { type?: CreditTypeView; onDone: () => void }) {
  const save = useSaveCreditType();
  const [name, setName] = useState(type?.name ?? '');
  const [description, setDescription] = useState(type?.description ?? '');
  const [kinds, setKinds] = useState<string[]>(type?.kinds ?? ['workshop', 'course', 'conference']);
  const [auto, setAuto] = useState<string[]>(type?.autoApproveKinds ?? []);
  const [max, setMax] = useState<PerKind>(toText(type?.maxHoursPerKind ?? {}));
  const [defaults, setDefaults] = useState<PerKind>(toText(type?.defaultHours ?? {}));
  const [month, setMonth] = useState(String(type?.periodStartMonth ?? 7));
  const [evidence, setEvidence] = useState(type?.evidenceRequired ?? false);
  const [reflection, setReflection] = useState(type?.reflectionRequired ?? false);
  const [double, setDouble] = useState(type?.allowDoubleCounting ?? false);
  const [years, setYears] = useState(type?.renewalCycleYears ? String(type.renewalCycleYears) : '');
  const [required, setRequired] = useState(
    type?.renewalHoursRequired ? hoursText(type.renewalHoursRequired) : '',
  );
  const problem = (path: string) =>
    save.error instanceof ApiError
      ? save.error.problem.errors.find((e) => e.path === path || e.path.startsWith(`${path}/`))?.message
      : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      {
        id: type?.id,
        body: {
          name,
          description,
          kinds,
          autoApproveKinds: auto.filter((k) => kinds.includes(k)),
          maxHoursPerKind: toHours(max, kinds),
          defaultHours: toHours(defaults, kinds),
          periodStartMonth: Number(month),
          evidenceRequired: evidence,
          reflectionRequired: reflection,
          allowDoubleCounting: double,
          renewalCycleYears: typedNumber(years) ?? null,
          renewalHoursRequired: typedNumber(required) ?? null,
        },
      },
      { onSuccess: onDone },
    );
  };
  const toggle = (list: string[], set: (l: string[]) => void, kind: string, on: boolean) =>
    set(on ? [...list.filter((k) => k !== kind), kind] : list.filter((k) => k !== kind));
  return (
    <form className="card credit-form credit-type-form" onSubmit={submit} noValidate>
      <h3>{type ? `Change ${type.name}` : 'New credit type'}</h3>
      <TextField
        label="Name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={problem('/body/name')}
      />
      <TextArea
        label="Description (optional)"
        rows={2}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <fieldset>
        <legend>Kinds of learning that count</legend>
        {problem('/body/kinds') && <p className="field__error">{problem('/body/kinds')}</p>}
        <TableWrap label="Rules per kind">
          <table className="credit-type-form__kinds">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Counts</th>
                <th scope="col">Approved automatically</th>
                <th scope="col">Default hours</th>
                <th scope="col">Most hours a period</th>
              </tr>
            </thead>
            <tbody>
              {MANUAL_LEARNING_KINDS.map((kind) => {
                const counts = kinds.includes(kind);
                return (
                  <tr key={kind}>
                    <th scope="row">{kindText(kind)}</th>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`${kindText(kind)} counts`}
                        checked={counts}
                        onChange={(e) => toggle(kinds, setKinds, kind, e.target.checked)}
                      />
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`${kindText(kind)} approved automatically`}
                        checked={auto.includes(kind)}
                        disabled={!counts}
                        onChange={(e) => toggle(auto, setAuto, kind, e.target.checked)}
                      />
                    </td>
                    <td>
                      <input
                        type="number"
                        min={0}
                        step={0.25}
                        aria-label={`Default hours for ${kindText(kind)}`}
                        disabled={!counts}
                        value={defaults[kind] ?? ''}
                        onChange={(e) => setDefaults((d) => ({ ...d, [kind]: e.target.value }))}
                      />
                    </td>
                    <td>
                      <input
                        type="number"
                        min={0}
                        step={0.25}
                        aria-label={`Most hours of ${kindText(kind)} a period`}
                        disabled={!counts}
                        value={max[kind] ?? ''}
                        onChange={(e) => setMax((m) => ({ ...m, [kind]: e.target.value }))}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
        {(problem('/body/defaultHours') ||
          problem('/body/maxHoursPerKind') ||
          problem('/body/autoApproveKinds')) && (
          <p className="field__error">
            {problem('/body/defaultHours') ??
              problem('/body/maxHoursPerKind') ??
              problem('/body/autoApproveKinds')}
          </p>
        )}
        <p className="field__hint">
          Without a default, an entry counts for its own duration. Recorded activities (an event's length) use
          it.
        </p>
      </fieldset>
      <SelectField label="A period starts in" value={month} onChange={(e) => setMonth(e.target.value)}>
        {MONTHS.map((m, i) => (
          <option key={m} value={String(i + 1)}>
            {m}
          </option>
        ))}
      </SelectField>
      <label className="checkbox">
        <input type="checkbox" checked={evidence} onChange={(e) => setEvidence(e.target.checked)} /> Evidence
        required
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={reflection} onChange={(e) => setReflection(e.target.checked)} />{' '}
        Reflection required
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={double} onChange={(e) => setDouble(e.target.checked)} /> An entry
        approved here may also count under another type
      </label>
      <TextField
        label="Renewal cycle, in years (optional)"
        type="number"
        min={1}
        max={10}
        value={years}
        onChange={(e) => setYears(e.target.value)}
        error={problem('/body/renewalCycleYears')}
      />
      <TextField
        label="Hours needed in a renewal cycle (optional)"
        type="number"
        min={0}
        step={0.25}
        value={required}
        onChange={(e) => setRequired(e.target.value)}
        error={problem('/body/renewalHoursRequired')}
      />
      <ErrorMessage error={save.error} />
      <FormActions
        label={type ? 'Save changes' : 'Create credit type'}
        pending={save.isPending}
        onCancel={onDone}
      />
    </form>
  );
}
