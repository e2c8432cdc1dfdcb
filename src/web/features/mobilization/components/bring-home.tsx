import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { HOME_SHARE_NOTE_MAX, type HomeShareView, type HomeTarget } from '#shared/contracts/mobilization.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { TextArea } from '#web/components/field.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useBringHome } from '../api/bring-home.ts';
import { type HomeSubject, useHomeTargets } from '../api/home-targets.ts';

/** Bring a resource home to one's school or district with a note, and open its spread view. */
export function BringHomeResource({ resourceId }: { resourceId: string }) {
  return (
    <section className="bring-home" aria-labelledby={`bring-home-${resourceId}`}>
      <h2 id={`bring-home-${resourceId}`} className="bring-home__heading">
        Bring it home
      </h2>
      <p className="muted">
        Share this with colleagues at your school or district who were not part of the network.{' '}
        <Link to={`/resources/${resourceId}/spread`}>See how it has spread</Link>
      </p>
      <BringHomeForm subject={{ kind: 'resource', resourceId }} what="this resource" />
    </section>
  );
}

/** Bring a thread's insight home to one's school or district with a note. */
export function BringHomeInsight({
  threadId,
  hasInsight,
}: {
  threadId: string;
  communityId: string;
  hasInsight: boolean;
}) {
  if (!hasInsight) return null;
  return (
    <section className="bring-home" aria-labelledby={`bring-home-${threadId}`}>
      <h2 id={`bring-home-${threadId}`} className="bring-home__heading">
        Bring the insight home
      </h2>
      <p className="muted">
        Pass what this conversation concluded on to colleagues at your school or district, with a note.
      </p>
      <BringHomeForm subject={{ kind: 'insight', threadId }} what="this insight" />
    </section>
  );
}

const place = (t: HomeTarget) => (t.kind === 'school' ? `My school, ${t.name}` : `My district, ${t.name}`);
const key = (t: HomeTarget) => `${t.kind}:${t.id}`;

/** The button, the small form it opens, and the announcement of what was done. */
function BringHomeForm({ subject, what }: { subject: HomeSubject; what: string }) {
  const targets = useHomeTargets(subject);
  const bring = useBringHome(subject);
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<string | null>(null);
  const [noteError, setNoteError] = useState<string | undefined>();
  const [done, setDone] = useState<HomeShareView | null>(null);
  const panelId = useId();

  const status = (
    <div role="status" aria-live="polite">
      {done && <p className="notice notice--ok">Brought home to {done.target.name}.</p>}
    </div>
  );
  // The status region stays first and in place, so what it announces is heard.
  if (targets.isPending) return status;
  // A thread whose insight was removed since the page was drawn has nothing to bring home.
  if (targets.isError)
    return (
      <>
        {status}
        {!(targets.error instanceof ApiError && targets.error.status === 409) && (
          <ErrorMessage error={targets.error} />
        )}
      </>
    );

  const { schools, district } = targets.data;
  const options = [...schools, district];
  const available = options.filter((t) => !t.broughtHome);
  const selected = available.find((t) => key(t) === choice) ?? available[0] ?? null;
  const apiError = bring.error instanceof ApiError ? bring.error : null;
  const targetError = apiError?.fieldError('targetKind') ?? apiError?.fieldError('targetId');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const note = String(new FormData(form).get('note') ?? '').trim();
    if (!note) {
      setNoteError('Write a note for your colleagues: what it is and why it is worth their time.');
      return;
    }
    if (!selected) return;
    setNoteError(undefined);
    setDone(null);
    bring.mutate(
      { targetKind: selected.kind, targetId: selected.id, note },
      {
        onSuccess: (share) => {
          setDone(share);
          setOpen(false);
          form.reset();
        },
      },
    );
  };

  if (available.length === 0)
    return (
      <>
        {status}
        <p className="bring-home__done">
          Already brought home to {options.map((t) => t.name).join(' and ')}.
          {schools.length === 0 &&
            ' Ask a district administrator to assign your school to bring things home to it.'}
        </p>
      </>
    );

  return (
    <>
      {status}
      <button
        type="button"
        className="button button--secondary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        Bring {what} home
      </button>
      <div id={panelId} hidden={!open}>
        {open && (
          <form onSubmit={submit} noValidate className="bring-home__form">
            <ErrorMessage error={bring.error} />
            <fieldset aria-describedby={targetError ? `${panelId}-target-error` : undefined}>
              <legend>Bring it home to</legend>
              {options.map((t) => (
                <label key={key(t)} className="bring-home__choice">
                  <input
                    type="radio"
                    name="targetKind"
                    value={key(t)}
                    checked={selected !== null && key(selected) === key(t)}
                    disabled={t.broughtHome}
                    onChange={() => setChoice(key(t))}
                  />{' '}
                  {place(t)}
                  {t.broughtHome && <span className="muted"> (already brought home)</span>}
                </label>
              ))}
              {schools.length === 0 && (
                <p className="field__hint">
                  You belong to no school yet, so only your district is offered.{' '}
                  <Link to="/profile">Ask for your school</Link>
                </p>
              )}
              {targetError && (
                <p className="field__error" id={`${panelId}-target-error`}>
                  {targetError}
                </p>
              )}
            </fieldset>
            <TextArea
              label="Note for colleagues"
              name="note"
              rows={4}
              required
              maxLength={HOME_SHARE_NOTE_MAX}
              hint={`For colleagues who were not in the network: what it is, why it worked, how to start. Up to ${HOME_SHARE_NOTE_MAX} characters.`}
              error={noteError ?? apiError?.fieldError('note')}
            />
            <div className="actions">
              <button type="submit" className="button" disabled={bring.isPending || !selected}>
                {bring.isPending ? 'Bringing it home…' : 'Bring home'}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
                Cancel
              </button>
            </div>
          </form>
        )}
      </div>
    </>
  );
}
