import { type FormEvent, useEffect, useState } from 'react';
import { TextField } from '#web/components/field.tsx';
import { ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import {
  RETENTION_KINDS,
  RETENTION_LABELS,
  RETENTION_MAX_DAYS,
  RETENTION_MIN_DAYS,
  type RetentionKind,
} from '#shared/contracts/privacy.ts';
import { useRetention, useUpdateRetention } from '../api/retention.ts';

type Drafts = Record<RetentionKind, string>;

const problemOf = (value: string): string | undefined => {
  if (value.trim() === '') return undefined;
  const days = Number(value);
  if (!Number.isInteger(days)) return 'Enter a whole number of days, or leave it empty.';
  if (days < RETENTION_MIN_DAYS || days > RETENTION_MAX_DAYS)
    return `Enter between ${RETENTION_MIN_DAYS} and ${RETENTION_MAX_DAYS} days, or leave it empty.`;
  return undefined;
};

/** How many days the district keeps each kind of record; older ones are deleted each night. */
export function RetentionForm() {
  const retention = useRetention();
  const update = useUpdateRetention();
  const [drafts, setDrafts] = useState<Drafts | null>(null);
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    if (retention.data && drafts === null)
      setDrafts(
        Object.fromEntries(
          retention.data.data.map((s) => [s.kind, s.days === null ? '' : String(s.days)]),
        ) as Drafts,
      );
  }, [retention.data, drafts]);

  if (retention.isPending) return <Loading label="Loading how long records are kept…" />;
  if (retention.isError) return <ErrorMessage error={retention.error} />;
  if (!drafts) return null;

  const serverError = update.error instanceof ApiError ? update.error : null;
  const errorOf = (kind: RetentionKind, index: number) =>
    (checked ? problemOf(drafts[kind]) : undefined) ??
    serverError?.problem.errors.find((e) => e.path === `/body/settings/${index}/days`)?.message;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (RETENTION_KINDS.some((kind) => problemOf(drafts[kind]))) return;
    update.mutate({
      settings: RETENTION_KINDS.map((kind) => ({
        kind,
        days: drafts[kind].trim() === '' ? null : Number(drafts[kind]),
      })),
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="How long records are kept">
      {update.isSuccess && (
        <Notice>
          <p>Saved. Records older than these limits are deleted tonight, and every night after.</p>
        </Notice>
      )}
      {serverError?.problem.errors.length === 0 && <ErrorMessage error={update.error} />}
      {RETENTION_KINDS.map((kind, index) => (
        <TextField
          key={kind}
          label={`${RETENTION_LABELS[kind].label}: days to keep`}
          hint={`${RETENTION_LABELS[kind].description} Leave empty to keep them; otherwise ${RETENTION_MIN_DAYS} to ${RETENTION_MAX_DAYS} days.`}
          inputMode="numeric"
          value={drafts[kind]}
          error={errorOf(kind, index)}
          onChange={(e) => setDrafts({ ...drafts, [kind]: e.target.value })}
        />
      ))}
      <button type="submit" className="button" disabled={update.isPending}>
        {update.isPending ? 'Saving…' : 'Save how long records are kept'}
      </button>
    </form>
  );
}
