import { type FormEvent, useEffect, useState } from 'react';
import { ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import type { EmailChoice } from '#shared/contracts/notifications.ts';
import { useNotificationSettings, useUpdateNotificationSettings } from '../api/notification-settings.ts';

const CHOICES: Array<{ value: EmailChoice; label: string; hint: string }> = [
  { value: 'each', label: 'Each notification', hint: 'An email as soon as something happens.' },
  { value: 'daily', label: 'A daily digest', hint: 'One email a day gathering what happened.' },
  { value: 'off', label: 'No email', hint: 'See notifications in Trellis only.' },
];

const saved: Record<EmailChoice, string> = {
  each: 'Saved. You will get an email for each notification.',
  daily: 'Saved. You will get one digest email a day.',
  off: 'Saved. Trellis will not email you about notifications.',
};

/** The settings page's choice of notification email. */
export function EmailSettingsForm() {
  const settings = useNotificationSettings();
  const update = useUpdateNotificationSettings();
  const [choice, setChoice] = useState<EmailChoice | null>(null);
  useEffect(() => {
    if (settings.data && choice === null) setChoice(settings.data.data.email);
  }, [settings.data, choice]);

  if (settings.isPending) return <Loading label="Loading your email choice…" />;
  if (settings.isError) return <ErrorMessage error={settings.error} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choice) update.mutate({ email: choice });
  };
  const current = choice ?? settings.data.data.email;
  return (
    <form onSubmit={submit} noValidate>
      <fieldset className="choice-group">
        <legend>Email me about notifications</legend>
        {CHOICES.map((option) => (
          <div className="checkbox" key={option.value}>
            <input
              type="radio"
              id={`email-${option.value}`}
              name="email"
              value={option.value}
              checked={current === option.value}
              aria-describedby={`email-${option.value}-hint`}
              onChange={() => {
                setChoice(option.value);
                update.reset();
              }}
            />
            <label htmlFor={`email-${option.value}`}>
              {option.label}{' '}
              <span className="muted" id={`email-${option.value}-hint`}>
                {option.hint}
              </span>
            </label>
          </div>
        ))}
      </fieldset>
      <ErrorMessage error={update.error} />
      <div aria-live="polite">
        {update.isSuccess && (
          <Notice>
            <p>{saved[update.data.data.email]}</p>
          </Notice>
        )}
      </div>
      <button type="submit" className="button" disabled={update.isPending}>
        {update.isPending ? 'Saving…' : 'Save email choice'}
      </button>
    </form>
  );
}
