import { type FormEvent, useRef, useState } from 'react';
import { type CommunityDetail, MESSAGE_MAX } from '#shared/contracts/communities.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { TextArea } from '#web/components/field.tsx';
import { useChangeMembership } from '../api/membership.ts';

/** Where one stands in a community, in words. */
function standing(c: CommunityDetail): string | null {
  const m = c.membership;
  if (m?.status === 'active')
    return m.role === 'facilitator'
      ? 'You are a facilitator of this community.'
      : 'You are a member of this community.';
  if (m?.status === 'requested') return 'Your request is waiting for a facilitator.';
  if (m?.status === 'invited') return 'You are invited to join this community.';
  if (m?.status === 'removed')
    return 'You are no longer a member: a facilitator removed you from this community.';
  if (m?.status === 'declined' && c.joinPolicy === 'request')
    return 'A facilitator declined your last request. You may ask again.';
  if (c.archived) return 'This community is archived: it takes no new members or posts.';
  return null;
}

/** Join, ask to join (with a message), accept or decline an invitation, withdraw, or leave. */
export function MembershipPanel({ community }: { community: CommunityDetail }) {
  const change = useChangeMembership(community.id);
  const [asking, setAsking] = useState(false);
  const leaving = useConfirmStep();
  const statusRef = useRef<HTMLDivElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  const { permissions: p, membership } = community;
  const status = standing(community);
  const isLastFacilitator =
    membership?.status === 'active' && membership.role === 'facilitator' && !p.canLeave;

  const ask = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const message = String(new FormData(event.currentTarget).get('message') ?? '').trim();
    change.mutate(
      { action: 'request', message },
      {
        onSuccess: () => {
          setAsking(false);
          requestAnimationFrame(() => statusRef.current?.focus());
        },
      },
    );
  };

  return (
    <section aria-labelledby="membership-heading" className="community-membership">
      <h2 id="membership-heading" className="visually-hidden">
        Your membership
      </h2>
      <div aria-live="polite" ref={statusRef} tabIndex={-1}>
        {status && <p>{status}</p>}
      </div>
      <ErrorMessage error={change.error} />
      <div className="actions">
        {p.canJoin && (
          <button
            type="button"
            className="button"
            disabled={change.isPending}
            onClick={() => change.mutate({ action: 'join' })}
          >
            {membership?.status === 'invited' ? 'Accept the invitation' : 'Join this community'}
          </button>
        )}
        {membership?.status === 'invited' && (
          <button
            type="button"
            className="button button--secondary"
            disabled={change.isPending}
            onClick={() => change.mutate({ action: 'leave' })}
          >
            Decline the invitation
          </button>
        )}
        {p.canRequest && !asking && (
          <button type="button" className="button" ref={askRef} onClick={() => setAsking(true)}>
            Ask to join
          </button>
        )}
        {membership?.status === 'requested' && (
          <button
            type="button"
            className="button button--secondary"
            disabled={change.isPending}
            onClick={() => change.mutate({ action: 'withdraw' })}
          >
            Withdraw my request
          </button>
        )}
        {p.canLeave && !leaving.open && (
          <button
            type="button"
            className="button button--secondary"
            ref={leaving.opener}
            onClick={leaving.start}
          >
            Leave this community
          </button>
        )}
      </div>
      {isLastFacilitator && (
        <p className="muted">
          You are its only facilitator: make another member a facilitator before you leave.
        </p>
      )}
      {asking && (
        <form onSubmit={ask} aria-label="Ask to join" noValidate>
          <TextArea
            label="Message to the facilitators (optional)"
            name="message"
            rows={3}
            // The form was just opened by its button, which is gone: the keyboard continues here.
            autoFocus
            maxLength={MESSAGE_MAX}
            hint="Say what you teach and what you hope to work on."
          />
          <div className="actions">
            <button type="submit" className="button" disabled={change.isPending}>
              Send my request
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setAsking(false);
                requestAnimationFrame(() => askRef.current?.focus());
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
      {leaving.open && (
        <ConfirmStep
          prompt={`Leave ${community.name}? ${
            community.joinPolicy === 'open'
              ? 'You can join again later.'
              : 'You would need to ask or be invited to come back.'
          }`}
          confirmLabel="Yes, leave"
          cancelLabel="Stay"
          pending={change.isPending}
          onConfirm={() =>
            change.mutate(
              { action: 'leave' },
              {
                onSettled: leaving.close,
                // The leave button is gone: the keyboard continues at where one now stands.
                onSuccess: () => requestAnimationFrame(() => statusRef.current?.focus()),
              },
            )
          }
          onCancel={leaving.close}
        />
      )}
    </section>
  );
}
