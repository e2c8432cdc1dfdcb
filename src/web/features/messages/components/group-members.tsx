import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { ConversationResponse, MessagePerson } from '#shared/contracts/messages.ts';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { useSession } from '#web/features/session/api/session.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { useMemberChange } from '../api/members.ts';
import { PersonFinder } from './new-conversation.tsx';

/**
 * A group's people (decision 096): anyone who may write in it adds people, who read what is sent
 * from then on; its starter removes people; anyone leaves. Whoever is taken out reads nothing more.
 */
export function GroupMembers({ conversation }: { conversation: ConversationResponse }) {
  const { data, abilities } = conversation;
  const change = useMemberChange(data.id);
  const [status, setStatus] = useState('');
  const addError = change.add.error instanceof ApiError ? change.add.error : null;
  return (
    <section aria-labelledby="group-members-heading" className="group-members">
      <h2 id="group-members-heading">People in this conversation</h2>
      <ul className="plain-list">
        <li>You</li>
        {data.people.map((p) => (
          <li key={p.id}>
            {p.name}
            {p.districtName && <span className="muted"> · {p.districtName}</span>}{' '}
            {abilities.removePeople && (
              <RemovePerson
                person={p}
                conversationId={data.id}
                onRemoved={() => setStatus(`${p.name} was removed.`)}
              />
            )}
          </li>
        ))}
      </ul>
      {abilities.addPeople && (
        <>
          <PersonFinder
            label="Add someone to this conversation"
            exclude={data.people.map((p) => p.id)}
            onPick={(p) => change.add.mutate([p.id], { onSuccess: () => setStatus(`${p.name} was added.`) })}
          />
          <p className="muted">People you add read the messages sent from then on, not earlier ones.</p>
          {addError ? (
            <p className="field__error" role="alert">
              {addError.problem.errors[0]?.message ?? addError.message}
            </p>
          ) : (
            <ErrorMessage error={change.add.error} />
          )}
        </>
      )}
      <p className="visually-hidden" aria-live="polite">
        {status}
      </p>
      {abilities.leave && <Leave conversationId={data.id} />}
    </section>
  );
}

function RemovePerson(props: { person: MessagePerson; conversationId: string; onRemoved: () => void }) {
  const step = useConfirmStep();
  const { remove } = useMemberChange(props.conversationId);
  const { person } = props;
  return (
    <>
      <button type="button" className="link-button" ref={step.opener} onClick={step.start}>
        Remove <span className="visually-hidden">{person.name}</span>
      </button>
      {step.open && (
        <ConfirmStep
          prompt={`Remove ${person.name}? They will no longer read this conversation, its earlier messages included.`}
          confirmLabel={`Remove ${person.name}`}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(person.id, { onSuccess: props.onRemoved })}
          onCancel={step.close}
        />
      )}
    </>
  );
}

function Leave({ conversationId }: { conversationId: string }) {
  const step = useConfirmStep();
  const { remove } = useMemberChange(conversationId);
  const session = useSession();
  const navigate = useNavigate();
  const me = session.data?.user?.id;
  if (!me) return null;
  return (
    <p className="actions">
      <button type="button" className="button button--secondary" ref={step.opener} onClick={step.start}>
        Leave conversation
      </button>
      {step.open && (
        <ConfirmStep
          prompt="Leave this conversation? You will no longer read it or hear of new messages in it."
          confirmLabel="Leave conversation"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(me, { onSuccess: () => navigate('/messages') })}
          onCancel={step.close}
        />
      )}
    </p>
  );
}
