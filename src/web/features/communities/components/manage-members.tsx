import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type CommunityDetail, type Member, MESSAGE_MAX } from '#shared/contracts/communities.ts';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { TextArea, TextField } from '#web/components/field.tsx';
import { searchDirectory } from '#web/features/directory/api/search-directory.ts';
import { type MemberAction, type MemberStatus, useChangeMember, useMembers } from '../api/members.ts';
import { MemberSummary } from './member-summary.tsx';

function useMemberList(communityId: string, status: MemberStatus) {
  const query = useMembers(communityId, status);
  return { query, list: query.data?.pages.flatMap((page) => page.data) ?? [] };
}

/** One request: what the person wrote, a reply box, approve and decline. */
function RequestItem({ communityId, member }: { communityId: string; member: Member }) {
  const change = useChangeMember(communityId);
  const [message, setMessage] = useState('');
  const decide = (action: 'approve' | 'decline') =>
    change.mutate({ action, userId: member.id, message: message.trim() || undefined });
  return (
    <li className="card">
      <MemberSummary member={member} />
      {member.requestMessage ? (
        <blockquote className="community-text">{member.requestMessage}</blockquote>
      ) : (
        <p className="muted">No message.</p>
      )}
      <TextArea
        label={`Message to ${member.name} (optional)`}
        rows={2}
        maxLength={MESSAGE_MAX}
        value={message}
        onChange={(e) => setMessage(e.target.value)}
      />
      <ErrorMessage error={change.error} />
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={change.isPending}
          onClick={() => decide('approve')}
        >
          Approve {member.name}
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={change.isPending}
          onClick={() => decide('decline')}
        >
          Decline
        </button>
      </div>
    </li>
  );
}

/** Requests waiting for a decision. */
export function RequestsSection({ communityId }: { communityId: string }) {
  const { query, list } = useMemberList(communityId, 'requested');
  return (
    <section className="page" aria-labelledby="requests-heading">
      <h2 id="requests-heading">Requests to join</h2>
      {query.isPending ? (
        <Loading label="Loading requests…" />
      ) : query.isError ? (
        <ErrorMessage error={query.error} />
      ) : list.length === 0 ? (
        <EmptyState title="No requests waiting" />
      ) : (
        <ul className="community-stack">
          {list.map((member) => (
            <RequestItem key={member.id} communityId={communityId} member={member} />
          ))}
        </ul>
      )}
      <LoadMore query={query} noun="requests" />
    </section>
  );
}

/** Find a colleague in the directory and invite them. */
export function InviteSection({ community }: { community: CommunityDetail }) {
  const [q, setQ] = useState('');
  const [invited, setInvited] = useState<string | null>(null);
  const change = useChangeMember(community.id);
  const people = useQuery({
    queryKey: ['communities', 'invite-search', community.id, q],
    // A district's community invites only its own staff: search just that district.
    queryFn: () =>
      searchDirectory(
        { q, districtId: community.owner.kind === 'district' ? community.owner.id : undefined },
        null,
      ),
    enabled: q.length > 0,
  });
  const invitations = useMemberList(community.id, 'invited');
  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setQ(String(new FormData(event.currentTarget).get('q') ?? '').trim());
  };
  const withdraw = (member: Member) => change.mutate({ action: 'remove', userId: member.id });
  const scope =
    community.owner.kind === 'network'
      ? `people in the districts of ${community.owner.name}`
      : `people in the district of ${community.owner.name}`;

  return (
    <section className="page" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite people</h2>
      {community.archived ? (
        <p className="muted">An archived community takes no new members.</p>
      ) : (
        <>
          <p className="muted">You can invite {scope}. They accept from the community’s page.</p>
          <search>
            <form onSubmit={search} aria-label="Find people to invite" noValidate>
              <TextField label="Name or words in a profile" name="q" type="search" maxLength={200} />
              <button type="submit" className="button button--secondary">
                Find people
              </button>
            </form>
          </search>
          <div aria-live="polite">{invited && <Notice>Invited {invited}.</Notice>}</div>
          <ErrorMessage error={change.error} />
          {q &&
            (people.isPending ? (
              <Loading label="Searching…" />
            ) : people.isError ? (
              <ErrorMessage error={people.error} />
            ) : people.data.data.length === 0 ? (
              <EmptyState title="No one found" />
            ) : (
              <ul className="community-stack">
                {people.data.data.map((person) => (
                  <li key={person.id} className="actions">
                    <span>
                      {person.name}
                      <span className="muted">
                        {' '}
                        — {[person.school?.name, person.district?.name].filter(Boolean).join(', ')}
                      </span>
                    </span>
                    <button
                      type="button"
                      className="button button--secondary"
                      disabled={change.isPending}
                      onClick={() =>
                        change.mutate(
                          { action: 'invite', userId: person.id },
                          { onSuccess: () => setInvited(person.name) },
                        )
                      }
                    >
                      Invite {person.name}
                    </button>
                  </li>
                ))}
              </ul>
            ))}
        </>
      )}
      <h3>Invitations waiting</h3>
      {invitations.query.isPending ? (
        <Loading label="Loading invitations…" />
      ) : invitations.query.isError ? (
        <ErrorMessage error={invitations.query.error} />
      ) : invitations.list.length === 0 ? (
        <p className="muted">No invitations waiting.</p>
      ) : (
        <ul className="community-stack">
          {invitations.list.map((member) => (
            <li key={member.id} className="actions">
              <MemberSummary member={member} />
              <button
                type="button"
                className="button button--secondary"
                disabled={change.isPending}
                onClick={() => withdraw(member)}
              >
                Withdraw the invitation to {member.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={invitations.query} noun="invitations" />
    </section>
  );
}

/** One member: change their role, or remove them with a message after a confirm step. */
function MemberItem({ communityId, member, isMe }: { communityId: string; member: Member; isMe: boolean }) {
  const change = useChangeMember(communityId);
  const removing = useConfirmStep();
  const [message, setMessage] = useState('');
  const run = (action: MemberAction) => change.mutate(action);
  return (
    <li className="card">
      <MemberSummary member={member} />
      <ErrorMessage error={change.error} />
      <div className="actions">
        {member.role === 'member' ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={change.isPending}
            onClick={() => run({ action: 'role', userId: member.id, role: 'facilitator' })}
          >
            Make {member.name} a facilitator
          </button>
        ) : (
          <button
            type="button"
            className="button button--secondary"
            disabled={change.isPending}
            onClick={() => run({ action: 'role', userId: member.id, role: 'member' })}
          >
            {isMe ? 'Step down as facilitator' : `Make ${member.name} a member`}
          </button>
        )}
        {!isMe && !removing.open && (
          <button
            type="button"
            className="button button--danger"
            ref={removing.opener}
            onClick={removing.start}
          >
            Remove {member.name}…
          </button>
        )}
      </div>
      {removing.open && (
        <ConfirmStep
          prompt={`Remove ${member.name}? They lose access to this community at once, including pages they have open.`}
          confirmLabel={`Yes, remove ${member.name}`}
          pending={change.isPending}
          onConfirm={() =>
            change.mutate(
              { action: 'remove', userId: member.id, message: message.trim() || undefined },
              { onSuccess: removing.close },
            )
          }
          onCancel={removing.close}
        >
          <TextArea
            label="Message to them (optional)"
            rows={2}
            // The confirm step was just opened by its button, which is gone: the keyboard continues here.
            autoFocus
            maxLength={MESSAGE_MAX}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
          />
        </ConfirmStep>
      )}
    </li>
  );
}

/** The active members, with role changes and removal. */
export function MembersSection({ communityId, myId }: { communityId: string; myId: string | undefined }) {
  const { query, list } = useMemberList(communityId, 'active');
  return (
    <section className="page" aria-labelledby="manage-members-heading">
      <h2 id="manage-members-heading">Members and roles</h2>
      {query.isPending ? (
        <Loading label="Loading members…" />
      ) : query.isError ? (
        <ErrorMessage error={query.error} />
      ) : (
        <ul className="grid community-list">
          {list.map((member) => (
            <MemberItem key={member.id} communityId={communityId} member={member} isMe={member.id === myId} />
          ))}
        </ul>
      )}
      <LoadMore query={query} noun="members" />
    </section>
  );
}
