import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { SelectField, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { TableWrap } from '#web/components/table-wrap.tsx';
import { useCommunityList } from '#web/features/communities/api/list-communities.ts';
import { ApiError, api } from '#web/lib/api-client.ts';
import type {
  Delivery,
  DigestFrequency,
  EmailChoice,
  NotificationSettings,
} from '#shared/contracts/notifications.ts';
import { useNotificationSettings, useUpdateNotificationSettings } from '../api/notification-settings.ts';

const EMAIL_CHOICES: Array<{ value: EmailChoice; label: string; hint: string }> = [
  { value: 'each', label: 'Each notification', hint: 'An email as soon as something happens.' },
  { value: 'daily', label: 'In a digest', hint: 'One email gathering what happened.' },
  { value: 'off', label: 'No email', hint: 'See notifications in Trellis only.' },
];

const DELIVERY_LABELS: Record<Delivery, string> = {
  email: 'Email at once',
  digest: 'In the digest',
  app: 'In Trellis only',
  off: 'Off',
};
const DELIVERY_ORDER: Delivery[] = ['email', 'digest', 'app', 'off'];

const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const timeZones = (): string[] => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
};

interface Draft {
  email: EmailChoice;
  digest: DigestFrequency;
  quiet: boolean;
  quietStart: string;
  quietEnd: string;
  timeZone: string;
  kinds: Record<string, Delivery | null>;
  communities: Array<{ id: string; name: string; delivery: Delivery | null }>;
}

const draftOf = (s: NotificationSettings): Draft => ({
  email: s.email,
  digest: s.digest,
  quiet: s.quietHours !== null,
  quietStart: s.quietHours?.start ?? '21:00',
  quietEnd: s.quietHours?.end ?? '07:00',
  // Someone who never chose gets their browser's zone offered.
  timeZone: s.quietHours === null && s.timeZone === 'UTC' ? browserTimeZone() : s.timeZone,
  kinds: Object.fromEntries(s.kinds.map((k) => [k.kind, k.delivery])),
  communities: s.communities.map((c) => ({ ...c.community, delivery: c.delivery })),
});

/** The message the server gave for one field (`/body/timeZone`), shown next to it. */
const fieldError = (error: unknown, path: string) =>
  error instanceof ApiError ? error.problem.errors.find((e) => e.path.startsWith(path))?.message : undefined;

/**
 * The settings page's notification choices: the general email choice, the digest's frequency, one
 * choice per kind of notification (every kind Trellis's features declare, as the server lists them),
 * communities with a choice of their own, quiet hours in the person's time zone, and stopping the
 * reply addresses earlier emails carried.
 */
export function NotificationSettingsForm() {
  const settings = useNotificationSettings();
  const update = useUpdateNotificationSettings();
  const [draft, setDraft] = useState<Draft | null>(null);
  const removed = useMemo(() => new Set<string>(), []);
  useEffect(() => {
    if (settings.data && draft === null) setDraft(draftOf(settings.data.data));
  }, [settings.data, draft]);

  if (settings.isPending) return <Loading label="Loading your notification settings…" />;
  if (settings.isError) return <ErrorMessage error={settings.error} />;
  if (!draft) return null;
  const current = settings.data.data;

  const change = (next: Partial<Draft>) => {
    setDraft({ ...draft, ...next });
    update.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      {
        email: draft.email,
        digest: draft.digest,
        timeZone: draft.timeZone,
        quietHours: draft.quiet ? { start: draft.quietStart, end: draft.quietEnd } : null,
        kinds: draft.kinds,
        communities: [
          ...draft.communities.map((c) => ({ communityId: c.id, delivery: c.delivery })),
          ...[...removed]
            .filter((id) => !draft.communities.some((c) => c.id === id))
            .map((communityId) => ({ communityId, delivery: null })),
        ],
      },
      {
        onSuccess: (saved) => {
          removed.clear();
          setDraft(draftOf(saved.data));
        },
      },
    );
  };
  const general = EMAIL_CHOICES.find((c) => c.value === draft.email)?.label.toLowerCase() ?? '';

  return (
    <>
      <form onSubmit={submit} noValidate aria-labelledby="email-notifications-heading">
        <fieldset className="choice-group">
          <legend>Email me about notifications</legend>
          {EMAIL_CHOICES.map((option) => (
            <div className="checkbox" key={option.value}>
              <input
                type="radio"
                id={`email-${option.value}`}
                name="email"
                value={option.value}
                checked={draft.email === option.value}
                aria-describedby={`email-${option.value}-hint`}
                onChange={() => change({ email: option.value })}
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

        <SelectField
          label="Send the digest"
          value={draft.digest}
          onChange={(e) => change({ digest: e.target.value as DigestFrequency })}
          error={fieldError(update.error, '/body/digest')}
        >
          <option value="daily">Once a day</option>
          <option value="weekly">Once a week</option>
        </SelectField>

        <h3 id="kinds-heading">Each kind of notification</h3>
        <p className="muted">“As above” follows your email choice ({general}).</p>
        <TableWrap label="Each kind of notification">
          <table aria-labelledby="kinds-heading">
            <thead>
              <tr>
                <th scope="col">Notification</th>
                <th scope="col">How it reaches you</th>
              </tr>
            </thead>
            <tbody>
              {current.kinds.map((kind) => (
                <tr key={kind.kind}>
                  <th scope="row" id={`kind-${kind.kind}`}>
                    {kind.label}
                  </th>
                  <td>
                    <select
                      aria-labelledby={`kind-${kind.kind}`}
                      value={draft.kinds[kind.kind] ?? ''}
                      onChange={(e) =>
                        change({
                          kinds: { ...draft.kinds, [kind.kind]: (e.target.value || null) as Delivery | null },
                        })
                      }
                    >
                      <option value="">As above</option>
                      {DELIVERY_ORDER.map((d) => (
                        <option key={d} value={d}>
                          {DELIVERY_LABELS[d]}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>

        <CommunityOverrides
          chosen={draft.communities}
          error={fieldError(update.error, '/body/communities')}
          onChange={(communities, removedId) => {
            if (removedId) removed.add(removedId);
            change({ communities });
          }}
        />

        <h3>Quiet hours</h3>
        <div className="checkbox">
          <input
            type="checkbox"
            id="quiet-hours"
            checked={draft.quiet}
            aria-describedby="quiet-hours-hint"
            onChange={(e) => change({ quiet: e.target.checked })}
          />
          <label htmlFor="quiet-hours">
            Hold emails during quiet hours{' '}
            <span className="muted" id="quiet-hours-hint">
              Emails wait until the hours end; the bell still shows everything.
            </span>
          </label>
        </div>
        {draft.quiet && (
          <div className="quiet-hours">
            <TextField
              label="From"
              type="time"
              value={draft.quietStart}
              onChange={(e) => change({ quietStart: e.target.value })}
              error={fieldError(update.error, '/body/quietHours/start')}
            />
            <TextField
              label="Until"
              type="time"
              value={draft.quietEnd}
              onChange={(e) => change({ quietEnd: e.target.value })}
              error={fieldError(update.error, '/body/quietHours/end')}
            />
          </div>
        )}
        <SelectField
          label="Your time zone"
          hint="Quiet hours follow this clock."
          value={draft.timeZone}
          onChange={(e) => change({ timeZone: e.target.value })}
          error={fieldError(update.error, '/body/timeZone')}
        >
          {[...new Set([draft.timeZone, ...timeZones()])].map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </SelectField>

        <ErrorMessage error={update.error} />
        <div aria-live="polite">
          {update.isSuccess && (
            <Notice>
              <p>Saved. Your notification settings are in effect.</p>
            </Notice>
          )}
        </div>
        <FormActions label="Save notification settings" pending={update.isPending} />
      </form>
      {current.replyByEmail && <RevokeReplyAddresses />}
    </>
  );
}

/** Communities with a choice of their own for every kind, and a picker to add one. */
function CommunityOverrides({
  chosen,
  error,
  onChange,
}: {
  chosen: Draft['communities'];
  error?: string;
  onChange: (next: Draft['communities'], removedId?: string) => void;
}) {
  const mine = useCommunityList({ mine: '1' });
  const [adding, setAdding] = useState('');
  const options = (mine.data?.pages ?? [])
    .flatMap((page) => page.data)
    .filter((c) => !chosen.some((o) => o.id === c.id));
  return (
    <>
      <h3 id="community-overrides-heading">Communities with their own choice</h3>
      <p className="muted">A community’s choice applies to every kind of notification from it.</p>
      {chosen.length === 0 ? (
        <p>No community has a choice of its own.</p>
      ) : (
        <ul className="plain-list" aria-labelledby="community-overrides-heading">
          {chosen.map((c) => (
            <li key={c.id} className="community-override">
              <SelectField
                label={c.name}
                value={c.delivery ?? 'app'}
                onChange={(e) =>
                  onChange(
                    chosen.map((o) => (o.id === c.id ? { ...o, delivery: e.target.value as Delivery } : o)),
                  )
                }
              >
                {DELIVERY_ORDER.map((d) => (
                  <option key={d} value={d}>
                    {DELIVERY_LABELS[d]}
                  </option>
                ))}
              </SelectField>
              <button
                type="button"
                className="button button--secondary"
                onClick={() =>
                  onChange(
                    chosen.filter((o) => o.id !== c.id),
                    c.id,
                  )
                }
              >
                Remove <span className="visually-hidden">{c.name}’s choice</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {mine.isError ? (
        <ErrorMessage error={mine.error} />
      ) : (
        <div className="community-override-add">
          <SelectField
            label="Give a community its own choice"
            value={adding}
            error={error}
            disabled={mine.isPending}
            onChange={(e) => setAdding(e.target.value)}
          >
            <option value="">{mine.isPending ? 'Loading your communities…' : 'Choose a community'}</option>
            {options.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
          <button
            type="button"
            className="button button--secondary"
            disabled={!adding}
            onClick={() => {
              const found = options.find((c) => c.id === adding);
              if (found) onChange([...chosen, { id: found.id, name: found.name, delivery: 'app' }]);
              setAdding('');
            }}
          >
            Add community
          </button>
          {mine.hasNextPage && (
            <button
              type="button"
              className="button button--secondary"
              disabled={mine.isFetchingNextPage}
              onClick={() => mine.fetchNextPage()}
            >
              {mine.isFetchingNextPage ? 'Loading…' : 'Show more of my communities'}
            </button>
          )}
        </div>
      )}
    </>
  );
}

/** Stops every reply address earlier emails carried (a forwarded or leaked email, say). */
function RevokeReplyAddresses() {
  const revoke = useMutation({
    mutationFn: () =>
      api<{ data: { revoked: number } }>('/notification-settings/revoke-reply-addresses', { method: 'POST' }),
  });
  return (
    <div className="revoke-replies">
      <h3>Replying by email</h3>
      <p className="muted">
        You can answer a notification email to post your reply in Trellis. If an email reached someone else,
        stop the reply addresses of every earlier email; new emails get new ones.
      </p>
      <ErrorMessage error={revoke.error} />
      <div aria-live="polite">
        {revoke.isSuccess && (
          <Notice>
            <p>
              Done.{' '}
              {revoke.data.data.revoked === 1
                ? 'One reply address'
                : `${revoke.data.data.revoked} reply addresses`}{' '}
              no longer work.
            </p>
          </Notice>
        )}
      </div>
      <button
        type="button"
        className="button button--secondary"
        disabled={revoke.isPending}
        onClick={() => revoke.mutate()}
      >
        {revoke.isPending ? 'Stopping…' : 'Stop earlier reply addresses'}
      </button>
    </div>
  );
}
