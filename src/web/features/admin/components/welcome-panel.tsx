import { type FormEvent, useEffect, useState } from 'react';
import { TextField } from '#web/components/field.tsx';
import { ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import type { WelcomeMode } from '#shared/contracts/admin.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { useUpdateWelcomeSettings, useWelcomeSettings } from '../api/welcome-settings.ts';

const MODE_LABELS: Record<WelcomeMode, string> = {
  off: 'Do not send welcome emails',
  immediately: 'Welcome people as soon as they are imported or added',
  launch: 'Welcome everyone on a launch date',
};

/** `2026-01-05T08:00` in the browser's time zone, as a datetime-local input shows it. */
function localInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The district's welcome email: off, at once, or on a launch date; how many people have not signed
 * in yet; and a way to list them (to send the welcome again from the staff list).
 */
export function WelcomePanel({ onShowNotSignedIn }: { onShowNotSignedIn: () => void }) {
  const settings = useWelcomeSettings();
  const update = useUpdateWelcomeSettings();
  const [mode, setMode] = useState<WelcomeMode>('off');
  const [launchAt, setLaunchAt] = useState('');
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    if (!settings.data) return;
    setMode(settings.data.data.mode);
    setLaunchAt(localInput(settings.data.data.launchAt));
  }, [settings.data]);

  if (settings.isPending) return <Loading label="Loading the welcome email…" />;
  if (settings.isError) return <ErrorMessage error={settings.error} />;
  const s = settings.data.data;

  const save = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    update.mutate(
      { mode, launchAt: mode === 'launch' && launchAt ? new Date(launchAt).toISOString() : null },
      {
        onSuccess: (result) =>
          setSaved(
            result.data.mode === 'off'
              ? 'Welcome emails are off.'
              : result.data.mode === 'immediately'
                ? 'Welcome emails go out within minutes to everyone who has not signed in yet.'
                : `Welcome emails go out on ${new Date(result.data.launchAt ?? '').toLocaleString()}.`,
          ),
      },
    );
  };

  return (
    <section aria-labelledby="welcome-heading" className="card">
      <h2 id="welcome-heading">Welcome email</h2>
      <p>
        {s.notSignedIn === 0 ? (
          'Everyone has signed in at least once.'
        ) : (
          <>
            {s.notSignedIn} {s.notSignedIn === 1 ? 'person has' : 'people have'} not signed in yet
            {s.notWelcomed > 0 && <> ({s.notWelcomed} not welcomed yet)</>}.{' '}
            <button type="button" className="button button--secondary" onClick={onShowNotSignedIn}>
              Show who has not signed in
            </button>
          </>
        )}
      </p>
      <p className="muted">
        {s.singleSignOn
          ? 'Your district signs in with single sign-on: the email asks people to sign in with their district account.'
          : 'The email carries a link to set a password, valid for 14 days.'}
      </p>
      <form onSubmit={save} aria-label="Welcome email">
        <fieldset>
          <legend>When to welcome imported and invited staff</legend>
          {(Object.keys(MODE_LABELS) as WelcomeMode[]).map((m) => (
            <label key={m} className="checkbox">
              <input
                type="radio"
                name="welcome-mode"
                value={m}
                checked={mode === m}
                onChange={() => setMode(m)}
              />
              {MODE_LABELS[m]}
            </label>
          ))}
        </fieldset>
        {mode === 'launch' && (
          <TextField
            label="Launch date and time"
            type="datetime-local"
            value={launchAt}
            onChange={(e) => setLaunchAt(e.target.value)}
            error={update.error instanceof ApiError ? update.error.fieldError('launchAt') : undefined}
          />
        )}
        <ErrorMessage error={update.error} />
        <div className="actions">
          <button type="submit" className="button" disabled={update.isPending}>
            Save welcome email
          </button>
        </div>
        {saved && <Notice>{saved}</Notice>}
      </form>
    </section>
  );
}
