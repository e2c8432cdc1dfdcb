import { useState } from 'react';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import type { Invitation } from '#shared/contracts/admin.ts';
import { useInvitations } from '../api/list-invitations.ts';
import { useResendInvitation } from '../api/resend-invitation.ts';
import { useResendInvitations } from '../api/resend-invitations.ts';
import { useRevokeInvitation } from '../api/revoke-invitation.ts';
import { formatDate, roleLabel } from './labels.ts';
import { TableWrap } from './table-wrap.tsx';

/** The district's pending invitations, each with Resend and Revoke, and several resent at once. */
export function InvitationsTable() {
  const invitations = useInvitations();
  const resendMany = useResendInvitations();
  const [message, setMessage] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const list = invitations.data?.pages.flatMap((p) => p.data) ?? [];
  const chosen = list.filter((i) => selected.has(i.id));
  const allChosen = list.length > 0 && chosen.length === list.length;
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  return (
    <div>
      <h2>Pending invitations</h2>
      {message && <Notice>{message}</Notice>}
      {chosen.length > 0 && (
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={resendMany.isPending}
            onClick={() =>
              resendMany
                .mutateAsync(chosen.map((i) => i.id))
                .then((result) => {
                  setSelected(new Set());
                  const n = result.data.resent;
                  const waiting = result.data.skipped.length;
                  setMessage(
                    `Sent ${n} ${n === 1 ? 'invitation' : 'invitations'} again, each with a new link.${
                      waiting
                        ? ` ${waiting} sent less than an hour ago ${waiting === 1 ? 'was' : 'were'} left alone: try again in an hour.`
                        : ''
                    }`,
                  );
                })
                .catch(() => undefined)
            }
          >
            Resend {chosen.length} selected {chosen.length === 1 ? 'invitation' : 'invitations'}
          </button>
          <ErrorMessage error={resendMany.error} />
        </div>
      )}
      {invitations.isPending ? (
        <Loading label="Loading invitations…" />
      ) : invitations.isError ? (
        <ErrorMessage error={invitations.error} />
      ) : list.length === 0 ? (
        <EmptyState title="No pending invitations" />
      ) : (
        <TableWrap label="Pending invitations">
          <table>
            <caption className="visually-hidden">Pending invitations</caption>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label="Select every invitation listed"
                    checked={allChosen}
                    onChange={(e) =>
                      setSelected(e.target.checked ? new Set(list.map((i) => i.id)) : new Set())
                    }
                  />
                </th>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">School</th>
                <th scope="col">Last sent</th>
                <th scope="col">Expires</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((invitation) => (
                <InvitationRow
                  key={invitation.id}
                  invitation={invitation}
                  selected={selected.has(invitation.id)}
                  onSelect={(on) => toggle(invitation.id, on)}
                  onDone={setMessage}
                />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {invitations.hasNextPage && (
        <p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => invitations.fetchNextPage()}
            disabled={invitations.isFetchingNextPage}
          >
            {invitations.isFetchingNextPage ? 'Loading…' : 'Load more invitations'}
          </button>
        </p>
      )}
    </div>
  );
}

function InvitationRow({
  invitation,
  selected,
  onSelect,
  onDone,
}: {
  invitation: Invitation;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onDone: (message: string) => void;
}) {
  const resend = useResendInvitation();
  const revoke = useRevokeInvitation();
  return (
    <tr>
      <td>
        <input
          type="checkbox"
          aria-label={`Select the invitation to ${invitation.email}`}
          checked={selected}
          onChange={(e) => onSelect(e.target.checked)}
        />
      </td>
      <th scope="row">{invitation.email}</th>
      <td>{invitation.name ?? <span className="muted">Not given</span>}</td>
      <td>{roleLabel(invitation.role)}</td>
      <td>{invitation.school?.name ?? <span className="muted">None</span>}</td>
      <td>{formatDate(invitation.lastSentAt)}</td>
      <td>{invitation.expired ? <strong>Expired</strong> : formatDate(invitation.expiresAt)}</td>
      <td>
        <ErrorMessage error={resend.error ?? revoke.error} />
        <div className="actions">
          <button
            type="button"
            className="button button--secondary"
            disabled={resend.isPending}
            onClick={() =>
              resend.mutate(invitation.id, {
                onSuccess: () => onDone(`Invitation sent again to ${invitation.email}.`),
              })
            }
          >
            Resend<span className="visually-hidden"> invitation to {invitation.email}</span>
          </button>
          <button
            type="button"
            className="button button--danger"
            disabled={revoke.isPending}
            onClick={
              () =>
                revoke
                  .mutateAsync(invitation.id)
                  .then(() => onDone(`Invitation to ${invitation.email} revoked.`))
                  .catch(() => {}) // shown through revoke.error
            }
          >
            Revoke<span className="visually-hidden"> invitation to {invitation.email}</span>
          </button>
        </div>
      </td>
    </tr>
  );
}
