import { useEffect, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { CONVERSATION_MAX_PEOPLE, type MessagePerson } from '#shared/contracts/messages.ts';
import { Composer } from '#web/components/composer.tsx';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { uploadMessageAttachment } from '../api/attachments.ts';
import { previewMessage, searchMentionable } from '../api/compose.ts';
import { useStartConversation } from '../api/conversations.ts';
import { findRecipients, useRecipient } from '../api/recipients.ts';

/**
 * A new conversation: the people to write to (found by name among those one may message, up to nine
 * besides oneself) and the first message. Opened from a profile, the person comes already chosen.
 */
export function NewConversation({ initialRecipientId }: { initialRecipientId: string | null }) {
  const [people, setPeople] = useState<MessagePerson[]>([]);
  const initial = useRecipient(initialRecipientId);
  const start = useStartConversation();
  const navigate = useNavigate();
  const [status, setStatus] = useState('');

  useEffect(() => {
    const person = initial.data?.data;
    if (person) setPeople((all) => (all.some((p) => p.id === person.id) ? all : [person, ...all]));
  }, [initial.data]);

  const others = CONVERSATION_MAX_PEOPLE - 1;
  const peopleError =
    start.error instanceof ApiError
      ? (start.error.fieldError('participantIds') ?? pathError(start.error))
      : undefined;
  return (
    <>
      <fieldset className="recipient-picker">
        <legend>To</legend>
        {people.length > 0 ? (
          <ul className="plain-list">
            {people.map((p) => (
              <li key={p.id}>
                {p.name}
                {p.districtName && <span className="muted"> · {p.districtName}</span>}{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setPeople((all) => all.filter((x) => x.id !== p.id));
                    setStatus(`Removed ${p.name}.`);
                  }}
                >
                  Remove <span className="visually-hidden">{p.name}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No one chosen yet.</p>
        )}
        {initialRecipientId && initial.isError && (
          <p className="field__error">That person is not someone you can message.</p>
        )}
        {people.length < others ? (
          <PersonFinder
            exclude={people.map((p) => p.id)}
            onPick={(p) => {
              setPeople((all) => [...all, p]);
              setStatus(`Added ${p.name}.`);
            }}
          />
        ) : (
          <p className="muted">
            A conversation holds at most {CONVERSATION_MAX_PEOPLE} people, you included.
          </p>
        )}
        {peopleError && <p className="field__error">{peopleError}</p>}
        <p className="visually-hidden" aria-live="polite">
          {status}
        </p>
      </fieldset>
      <Composer
        label="Message"
        submitLabel="Send"
        pending={start.isPending}
        error={peopleError ? null : start.error}
        bodyError={start.error instanceof ApiError ? start.error.fieldError('body') : undefined}
        canSubmit={people.length > 0}
        searchPeople={searchMentionable}
        preview={previewMessage}
        upload={uploadMessageAttachment}
        attachmentsError={
          start.error instanceof ApiError ? start.error.fieldError('attachmentIds') : undefined
        }
        onSubmit={async (draft) => {
          const result = await start.mutateAsync({
            participantIds: people.map((p) => p.id),
            body: draft.body,
            attachmentIds: draft.attachmentIds,
            idempotencyKey: draft.idempotencyKey,
          });
          navigate(`/messages/${result.data.conversationId}`);
        }}
      />
    </>
  );
}

/** An error naming one of the people (`/body/participantIds/2`), in words. */
function pathError(error: ApiError): string | undefined {
  const e = error.problem.errors.find((x) => x.path.startsWith('/body/participantIds'));
  return e ? `One of the people: ${e.message}.` : undefined;
}

/** Finds people the viewer may message by name, leaving out those already chosen. */
export function PersonFinder({
  exclude,
  onPick,
  label = 'Add a person by name',
}: {
  exclude: string[];
  onPick: (p: MessagePerson) => void;
  label?: string;
}) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<MessagePerson[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const id = useId();

  useEffect(() => {
    if (q.trim().length < 2) {
      setFound(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      findRecipients(q.trim(), controller.signal)
        .then((r) => {
          setFound(r.data);
          setError(null);
        })
        .catch((e: unknown) => {
          if (!controller.signal.aborted) setError(e);
        });
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q]);

  const shown = (found ?? []).filter((p) => !exclude.includes(p.id));
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p className="field__hint" id={`${id}-hint`}>
        People of your district and of districts in your networks.
      </p>
      <input
        id={id}
        type="search"
        value={q}
        autoComplete="off"
        aria-describedby={`${id}-hint`}
        onChange={(e) => setQ(e.target.value)}
      />
      <ErrorMessage error={error} />
      <div aria-live="polite">
        {found && shown.length === 0 && <p className="muted">No one found you can message.</p>}
        {shown.length > 0 && (
          <ul className="plain-list">
            {shown.map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    onPick(p);
                    setQ('');
                  }}
                >
                  Add {p.name}
                </button>
                {p.districtName && <span className="muted"> · {p.districtName}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
