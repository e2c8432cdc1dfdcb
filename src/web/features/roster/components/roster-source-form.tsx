import { type FormEvent, useState } from 'react';
import { ErrorMessage, Notice } from '#web/components/feedback.tsx';
import { TextField } from '#web/components/field.tsx';
import type { RosterSource } from '#shared/contracts/roster-sync.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { useSaveRosterSource } from '../api/save-roster-source.ts';

const FIELDS = [
  'baseUrl',
  'tokenUrl',
  'clientId',
  'clientSecret',
  'graceDays',
  'confirmSharePercent',
] as const;

/**
 * Connecting the district's OneRoster 1.2 REST API, or changing its settings. The client secret is
 * write-only: the field stays empty, and leaving it empty keeps the stored secret.
 */
export function RosterSourceForm({ source }: { source: RosterSource | null }) {
  const save = useSaveRosterSource();
  const [saved, setSaved] = useState<'connected' | 'saved' | null>(null);
  const error = save.error instanceof ApiError ? save.error : null;
  const fieldError = (field: (typeof FIELDS)[number]) => error?.fieldError(field);
  const named = error && FIELDS.some((f) => fieldError(f));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const secret = String(form.get('clientSecret') ?? '');
    setSaved(null);
    const connecting = !source;
    save.mutate(
      {
        baseUrl: text('baseUrl'),
        tokenUrl: text('tokenUrl'),
        clientId: text('clientId'),
        ...(secret ? { clientSecret: secret } : {}),
        graceDays: Number(text('graceDays')),
        confirmSharePercent: Number(text('confirmSharePercent')),
      },
      {
        onSuccess: () => {
          setSaved(connecting ? 'connected' : 'saved');
          (event.target as HTMLFormElement).querySelector<HTMLInputElement>('[name="clientSecret"]')!.value =
            '';
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label="OneRoster source settings">
      <TextField
        label="OneRoster base URL"
        name="baseUrl"
        type="url"
        required
        defaultValue={source?.baseUrl}
        hint="Your student information system's OneRoster 1.2 address, such as https://sis.example.org (Trellis adds /ims/oneroster/rostering/v1p2)."
        error={fieldError('baseUrl')}
      />
      <TextField
        label="Token URL"
        name="tokenUrl"
        type="url"
        required
        defaultValue={source?.tokenUrl}
        hint="Where Trellis asks for an OAuth 2 access token with the client credentials below."
        error={fieldError('tokenUrl')}
      />
      <TextField
        label="Client id"
        name="clientId"
        required
        autoComplete="off"
        defaultValue={source?.clientId}
        error={fieldError('clientId')}
      />
      <TextField
        label="Client secret"
        name="clientSecret"
        type="password"
        autoComplete="new-password"
        required={!source?.hasClientSecret}
        hint={
          source?.hasClientSecret
            ? 'A secret is stored, encrypted; it is never shown again. Leave this empty to keep it (enter it again when you change an address or the client id), or enter a new one.'
            : 'Stored encrypted; it is never shown again.'
        }
        error={fieldError('clientSecret')}
      />
      <TextField
        label="Grace period (days)"
        name="graceDays"
        type="number"
        min={0}
        max={365}
        required
        defaultValue={source?.graceDays ?? 14}
        hint="How long someone the roster no longer lists keeps their account before it is deactivated (never deleted)."
        error={fieldError('graceDays')}
      />
      <TextField
        label="Confirm deactivations above (% of staff)"
        name="confirmSharePercent"
        type="number"
        min={0}
        max={100}
        required
        defaultValue={source?.confirmSharePercent ?? 5}
        hint="A sync that would deactivate more than this share of your active staff at once changes nothing until you confirm it, so a broken export cannot lock your district out."
        error={fieldError('confirmSharePercent')}
      />
      {save.error && !named && <ErrorMessage error={save.error} />}
      {named && (
        <p className="field__error" role="alert">
          Some answers need a change; see the fields above.
        </p>
      )}
      {saved && (
        <Notice>
          <p>{saved === 'connected' ? 'Source connected.' : 'Settings saved.'}</p>
        </Notice>
      )}
      <div className="actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : source ? 'Save settings' : 'Connect source'}
        </button>
      </div>
    </form>
  );
}
