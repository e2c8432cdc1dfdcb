import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { SelectField, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { useLearningEntries } from '#web/features/learning/api/list-entries.ts';
import { useClaimPreview, useSubmitClaims } from '#web/features/learning/credit/api/claims.ts';
import { useCreditTypes } from '#web/features/learning/credit/api/types.ts';
import {
  dayText,
  hoursText,
  kindText,
  typedNumber,
} from '#web/features/learning/credit/components/format.ts';
import { ApiError } from '#web/lib/api-client.ts';

/**
 * Submitting learning for credit: choose a credit type and one or many logged entries not yet
 * submitted; hours come from the district's defaults per kind (or the entry's duration) and may be
 * changed with a reason.
 */
export default function CreditSubmitPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const types = useCreditTypes();
  const active = useMemo(() => types.data?.data.filter((t) => !t.archived) ?? [], [types.data]);
  const [creditTypeId, setCreditTypeId] = useState('');
  useEffect(() => {
    if (!creditTypeId && active[0]) setCreditTypeId(active[0].id);
  }, [active, creditTypeId]);
  const entries = useLearningEntries('credit=none&status=logged');
  const list = entries.data?.pages.flatMap((p) => p.data) ?? [];
  const [chosen, setChosen] = useState<string[]>(
    () => params.get('entries')?.split(',').filter(Boolean) ?? [],
  );
  const [hours, setHours] = useState<Record<string, string>>({});
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const preview = useClaimPreview(creditTypeId, chosen);
  const byEntry = new Map((preview.data ?? []).map((p) => [p.entryId, p]));
  const submit = useSubmitClaims();
  const type = active.find((t) => t.id === creditTypeId);

  const problemAt = (index: number, field: string) =>
    submit.error instanceof ApiError
      ? submit.error.problem.errors.find((e) => e.path === `/body/entries/${index}/${field}`)?.message
      : undefined;

  const toggle = (id: string, on: boolean) =>
    setChosen((now) => (on ? [...now.filter((x) => x !== id), id] : now.filter((x) => x !== id)));

  const send = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate(
      {
        creditTypeId,
        entries: chosen.map((entryId) => ({
          entryId,
          ...(hours[entryId] !== undefined && typedNumber(hours[entryId]) !== undefined
            ? { hours: typedNumber(hours[entryId]) }
            : {}),
          adjustmentReason: reasons[entryId] ?? '',
        })),
      },
      {
        onSuccess: (claims) => {
          const approved = claims.filter((c) => c.status === 'approved').length;
          navigate('/credit', {
            state: {
              notice: `Submitted ${claims.length} entr${claims.length === 1 ? 'y' : 'ies'} for ${type?.name ?? 'credit'}${
                approved ? `; ${approved} approved automatically` : ''
              }.`,
            },
          });
        },
      },
    );
  };

  return (
    <section className="page credit-submit">
      <PageHeading>Submit learning for credit</PageHeading>
      <p className="muted">
        <Link to="/credit">My credit</Link> · Entries you submit are locked while they wait and once approved.
      </p>
      {types.isPending ? (
        <Loading />
      ) : types.isError ? (
        <ErrorMessage error={types.error} />
      ) : active.length === 0 ? (
        <EmptyState title="Your district has no credit types yet" />
      ) : (
        <form onSubmit={send} noValidate>
          <SelectField
            label="Credit type"
            value={creditTypeId}
            onChange={(e) => setCreditTypeId(e.target.value)}
            hint={
              type &&
              [
                `Counts ${type.kinds.map(kindText).join(', ')}.`,
                type.evidenceRequired ? 'Evidence is required.' : '',
                type.reflectionRequired ? 'A reflection is required.' : '',
              ]
                .filter(Boolean)
                .join(' ')
            }
          >
            {active.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </SelectField>
          <fieldset className="credit-submit__entries">
            <legend>Entries to submit</legend>
            {entries.isPending ? (
              <Loading label="Loading your learning…" />
            ) : entries.isError ? (
              <ErrorMessage error={entries.error} />
            ) : list.length === 0 ? (
              <EmptyState title="Nothing left to submit">
                <p>
                  <Link to="/learning/new">Log learning</Link> first; entries already submitted are on{' '}
                  <Link to="/credit">My credit</Link>.
                </p>
              </EmptyState>
            ) : (
              <ul className="bare-list">
                {list.map((entry) => {
                  const on = chosen.includes(entry.id);
                  const index = chosen.indexOf(entry.id);
                  const p = byEntry.get(entry.id);
                  const typed = hours[entry.id];
                  const differs = p && typed !== undefined && typedNumber(typed) !== p.defaultHours;
                  return (
                    <li key={entry.id} className="card credit-submit__entry">
                      <label className="checkbox">
                        <input
                          type="checkbox"
                          checked={on}
                          onChange={(e) => toggle(entry.id, e.target.checked)}
                        />
                        <span>
                          <strong>{entry.title}</strong>{' '}
                          <span className="muted">
                            {kindText(entry.kind)} · {dayText(entry.occurredAt)}
                            {entry.evidence.length > 0 &&
                              ` · ${entry.evidence.length} evidence item${entry.evidence.length > 1 ? 's' : ''}`}
                          </span>
                        </span>
                      </label>
                      {on && p?.problem && (
                        <p className="field__error" role="alert">
                          “{entry.title}” {p.problem}.
                        </p>
                      )}
                      {on && p && !p.problem && (
                        <div className="credit-submit__hours">
                          <TextField
                            label={`Hours for “${entry.title}”`}
                            type="number"
                            min={0}
                            step={0.25}
                            value={typed ?? hoursText(p.defaultHours)}
                            hint={`Default: ${hoursText(p.defaultHours)}`}
                            onChange={(e) => setHours((h) => ({ ...h, [entry.id]: e.target.value }))}
                            error={problemAt(index, 'hours')}
                          />
                          {(differs || problemAt(index, 'adjustmentReason')) && (
                            <TextField
                              label={`Why the hours for “${entry.title}” differ`}
                              value={reasons[entry.id] ?? ''}
                              onChange={(e) => setReasons((r) => ({ ...r, [entry.id]: e.target.value }))}
                              error={problemAt(index, 'adjustmentReason')}
                            />
                          )}
                        </div>
                      )}
                      {on && problemAt(index, 'entryId') && (
                        <p className="field__error">{problemAt(index, 'entryId')}</p>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
            <LoadMore query={entries} noun="entries" />
          </fieldset>
          <ErrorMessage error={submit.error} />
          <FormActions
            label={chosen.length > 1 ? `Submit ${chosen.length} entries` : 'Submit for credit'}
            pendingLabel="Submitting…"
            pending={submit.isPending}
            disabled={chosen.length === 0 || chosen.some((id) => byEntry.get(id)?.problem)}
            onCancel={() => navigate('/credit')}
          />
        </form>
      )}
    </section>
  );
}
