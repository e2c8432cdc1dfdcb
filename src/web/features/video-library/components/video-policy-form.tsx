import { type FormEvent, useEffect, useState } from 'react';
import {
  VIDEO_CONSENT_MAX,
  VIDEO_RETENTION_MAX_DAYS,
  VIDEO_RETENTION_MIN_DAYS,
} from '#shared/contracts/video-library.ts';
import { TextArea, TextField } from '#web/components/field.tsx';
import { ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useDistrictVideoPolicy, useUpdateDistrictVideoPolicy } from '../api/video-policy.ts';

interface Draft {
  videoAllowed: boolean;
  shareAcrossDistricts: boolean;
  retentionDays: string;
  consentText: string;
}

const daysProblem = (value: string): string | undefined => {
  if (value.trim() === '') return undefined;
  const days = Number(value);
  if (!Number.isInteger(days)) return 'Enter a whole number of days, or leave it empty.';
  if (days < VIDEO_RETENTION_MIN_DAYS || days > VIDEO_RETENTION_MAX_DAYS)
    return `Enter between ${VIDEO_RETENTION_MIN_DAYS} and ${VIDEO_RETENTION_MAX_DAYS} days, or leave it empty.`;
  return undefined;
};

/**
 * The district's rules for its staff's lesson video: allowed or not, shared with other districts or
 * not, kept how long, and the words teachers confirm when they upload.
 */
export function VideoPolicyForm() {
  const policy = useDistrictVideoPolicy();
  const update = useUpdateDistrictVideoPolicy();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    if (policy.data && draft === null) {
      const p = policy.data.data;
      setDraft({
        videoAllowed: p.videoAllowed,
        shareAcrossDistricts: p.shareAcrossDistricts,
        retentionDays: p.retentionDays === null ? '' : String(p.retentionDays),
        consentText: p.consentText,
      });
    }
  }, [policy.data, draft]);

  if (policy.isPending) return <Loading label="Loading the district’s video policy…" />;
  if (policy.isError) return <ErrorMessage error={policy.error} />;
  if (!draft) return null;

  const serverError = update.error instanceof ApiError ? update.error : null;
  const fieldError = (field: string) =>
    serverError?.problem.errors.find((e) => e.path === `/body/${field}`)?.message;
  const retentionError =
    (checked ? daysProblem(draft.retentionDays) : undefined) ?? fieldError('retentionDays');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (daysProblem(draft.retentionDays)) return;
    update.mutate({
      videoAllowed: draft.videoAllowed,
      shareAcrossDistricts: draft.shareAcrossDistricts,
      retentionDays: draft.retentionDays.trim() === '' ? null : Number(draft.retentionDays),
      consentText: draft.consentText,
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Video policy">
      {update.isSuccess && (
        <Notice>
          <p>Saved. The policy holds for every video of the district’s staff from now on.</p>
        </Notice>
      )}
      {serverError?.problem.errors.length === 0 && <ErrorMessage error={update.error} />}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={draft.videoAllowed}
          onChange={(e) => setDraft({ ...draft, videoAllowed: e.target.checked })}
        />{' '}
        Staff may upload lesson video
      </label>
      <p className="field__hint">
        When off, nobody of the district can upload or share video, and videos already shared stop playing for
        others; owners still see and delete their own.
      </p>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={draft.shareAcrossDistricts}
          disabled={!draft.videoAllowed}
          onChange={(e) => setDraft({ ...draft, shareAcrossDistricts: e.target.checked })}
        />{' '}
        Staff may share video with people and communities of other districts
      </label>
      <p className="field__hint">
        When off, a video may be shared only within the district: coaches and peers elsewhere cannot be
        invited to it.
      </p>
      <TextField
        label="Days to keep a video"
        hint={`Leave empty to keep videos until their owner deletes them; otherwise ${VIDEO_RETENTION_MIN_DAYS} to ${VIDEO_RETENTION_MAX_DAYS} days after upload. Older videos are deleted each night, with their comments and captions; credentials already awarded on them stay valid.`}
        inputMode="numeric"
        value={draft.retentionDays}
        error={retentionError}
        onChange={(e) => setDraft({ ...draft, retentionDays: e.target.value })}
      />
      <TextArea
        label="What teachers confirm when they upload"
        hint="The consent the district asks of teachers before a lesson is recorded. Leave empty for Trellis’s wording."
        rows={4}
        maxLength={VIDEO_CONSENT_MAX}
        value={draft.consentText}
        error={fieldError('consentText')}
        onChange={(e) => setDraft({ ...draft, consentText: e.target.value })}
      />
      <button type="submit" className="button" disabled={update.isPending}>
        {update.isPending ? 'Saving…' : 'Save the video policy'}
      </button>
    </form>
  );
}
