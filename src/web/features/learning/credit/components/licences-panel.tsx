import { type FormEvent, useState } from 'react';
import type { CreditTypeView, LicenceView } from '#shared/contracts/credit.ts';
import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { SelectField, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useLicences, useRemoveLicence, useSaveLicence } from '../api/licences.ts';
import { dayText, hoursText, typedNumber } from './format.ts';

/** One licence's renewal progress: approved hours in the current cycle against what renewal needs. */
function LicenceCard({ licence }: { licence: LicenceView }) {
  const remove = useRemoveLicence();
  const p = licence.progress;
  const headingId = `licence-${licence.id}`;
  return (
    <article className="card licence-card" aria-labelledby={headingId}>
      <h3 id={headingId}>{licence.name}</h3>
      <p className="muted">
        {[licence.number, licence.issuer].filter(Boolean).join(' · ')}
        {licence.number || licence.issuer ? ' · ' : ''}
        Renewed with {licence.creditType.name}, every {licence.cycleYears} year
        {licence.cycleYears > 1 ? 's' : ''}
      </p>
      <p>
        Cycle {dayText(p.cycleStart)} to {dayText(p.cycleEnd)}
      </p>
      <progress
        className="licence-card__progress"
        max={p.requiredHours}
        value={Math.min(p.approvedHours, p.requiredHours)}
        aria-label={`Renewal progress for ${licence.name}`}
      />
      <p className="licence-card__figures" data-testid="renewal-progress">
        <strong>
          {hoursText(p.approvedHours)} of {hoursText(p.requiredHours)} hours approved
        </strong>
        {' · '}
        {hoursText(p.pendingHours)} pending · {hoursText(p.remainingHours)} still needed
      </p>
      <p>
        <button
          type="button"
          className="link-button"
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm(`Remove ${licence.name}? Your approved hours stay.`))
              remove.mutate(licence.id);
          }}
        >
          Remove {licence.name}
        </button>
      </p>
      <ErrorMessage error={remove.error} />
    </article>
  );
}

/** Adds a licence or certificate, renewed by one of the district's credit types. */
function LicenceForm({ types, onDone }: { types: CreditTypeView[]; onDone: () => void }) {
  const save = useSaveLicence();
  const [name, setName] = useState('');
  const [number, setNumber] = useState('');
  const [issuer, setIssuer] = useState('');
  const [creditTypeId, setCreditTypeId] = useState(types[0]?.id ?? '');
  const [cycleStartOn, setCycleStartOn] = useState('');
  const [cycleYears, setCycleYears] = useState('');
  const [hoursRequired, setHoursRequired] = useState('');
  const type = types.find((t) => t.id === creditTypeId);
  const fieldError = (field: string) =>
    save.error instanceof ApiError ? save.error.fieldError(field) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      {
        body: {
          name,
          number,
          issuer,
          creditTypeId,
          cycleStartOn,
          cycleYears: typedNumber(cycleYears) ?? null,
          hoursRequired: typedNumber(hoursRequired) ?? null,
        },
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form className="card credit-form" onSubmit={submit} noValidate>
      <h3>Add a licence or certificate</h3>
      <TextField
        label="Name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fieldError('name')}
        required
      />
      <TextField label="Number (optional)" value={number} onChange={(e) => setNumber(e.target.value)} />
      <TextField label="Issued by (optional)" value={issuer} onChange={(e) => setIssuer(e.target.value)} />
      <SelectField
        label="Renewed with"
        value={creditTypeId}
        onChange={(e) => setCreditTypeId(e.target.value)}
        error={fieldError('creditTypeId')}
      >
        {types.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </SelectField>
      <TextField
        label="First day of the renewal cycle"
        type="date"
        value={cycleStartOn}
        onChange={(e) => setCycleStartOn(e.target.value)}
        error={fieldError('cycleStartOn')}
        required
      />
      <TextField
        label="Years in a cycle"
        type="number"
        min={1}
        max={10}
        value={cycleYears}
        hint={
          type?.renewalCycleYears ? `Leave empty for the district's ${type.renewalCycleYears}.` : undefined
        }
        onChange={(e) => setCycleYears(e.target.value)}
        error={fieldError('cycleYears')}
      />
      <TextField
        label="Hours needed in a cycle"
        type="number"
        min={0}
        step={0.25}
        value={hoursRequired}
        hint={
          type?.renewalHoursRequired
            ? `Leave empty for the district's ${hoursText(type.renewalHoursRequired)}.`
            : undefined
        }
        onChange={(e) => setHoursRequired(e.target.value)}
        error={fieldError('hoursRequired')}
      />
      <ErrorMessage error={save.error} />
      <FormActions label="Add licence" pendingLabel="Adding…" pending={save.isPending} onCancel={onDone} />
    </form>
  );
}

/** My licences and certificates, each with its renewal progress, and a way to add one. */
export function LicencesPanel({ types }: { types: CreditTypeView[] }) {
  const licences = useLicences();
  const [adding, setAdding] = useState(false);
  return (
    <section aria-labelledby="licences-heading">
      <h2 id="licences-heading">Licences and renewal progress</h2>
      {licences.isPending ? (
        <Loading label="Loading your licences…" />
      ) : licences.isError ? (
        <ErrorMessage error={licences.error} />
      ) : licences.data.length === 0 ? (
        <EmptyState title="No licences yet">
          <p>Add a licence or certificate to see how many approved hours count toward renewing it.</p>
        </EmptyState>
      ) : (
        <div className="licence-list">
          {licences.data.map((licence) => (
            <LicenceCard key={licence.id} licence={licence} />
          ))}
        </div>
      )}
      {adding ? (
        <LicenceForm types={types} onDone={() => setAdding(false)} />
      ) : (
        types.length > 0 && (
          <p>
            <button type="button" className="button button--secondary" onClick={() => setAdding(true)}>
              Add a licence or certificate
            </button>
          </p>
        )
      )}
    </section>
  );
}
