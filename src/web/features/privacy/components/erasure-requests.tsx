import { useState } from 'react';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { TextArea } from '#web/components/field.tsx';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import type { ErasureRequest } from '#shared/contracts/privacy.ts';
import {
  useDecideErasure,
  useErasureRequests,
  usePrivacySettings,
  useUpdatePrivacySettings,
} from '../api/erasure-requests.ts';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '');

const OUTCOME: Record<ErasureRequest['status'], string> = {
  pending: 'Waiting',
  completed: 'Erased',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

/** The district's records rule: whether a person who asks to be erased waits for an administrator. */
export function RecordsRuleForm() {
  const settings = usePrivacySettings();
  const update = useUpdatePrivacySettings();
  if (settings.isPending) return <Loading label="Loading the district’s records rules…" />;
  if (settings.isError) return <ErrorMessage error={settings.error} />;
  const needs = settings.data.data.erasureNeedsApproval;
  return (
    <div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={needs}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ erasureNeedsApproval: e.target.checked })}
        />
        An administrator approves each request to be erased (the district’s records rules require it)
      </label>
      <p className="muted">
        {needs
          ? 'People who ask to be erased wait for one of you to approve or decline.'
          : 'People who ask to be erased are erased at once.'}
      </p>
      <ErrorMessage error={update.error} />
    </div>
  );
}

function PendingRequest({
  request,
  onDecided,
}: {
  request: ErasureRequest;
  onDecided: (text: string) => void;
}) {
  const decide = useDecideErasure();
  const approving = useConfirmStep();
  const declining = useConfirmStep();
  const [note, setNote] = useState('');
  const name = request.person?.name ?? 'This person';
  return (
    <li className="card">
      <p>
        <strong>{name}</strong> <span className="muted">{request.person?.email}</span>{' '}
        <span className="muted">asked {when(request.createdAt)}</span>
      </p>
      {request.note && <p>“{request.note}”</p>}
      {approving.open ? (
        <ConfirmStep
          prompt={`Erase ${name} now? This cannot be undone.`}
          confirmLabel={decide.isPending ? 'Erasing…' : `Approve and erase ${name}`}
          pending={decide.isPending}
          error={decide.error}
          onConfirm={
            () =>
              decide
                .mutateAsync({ id: request.id, decision: 'approve' })
                .then(() => onDecided(`${name} was erased and told by email.`))
                .catch(() => {}) // shown through decide.error
          }
          onCancel={approving.close}
        />
      ) : declining.open ? (
        <ConfirmStep
          prompt={`Decline ${name}’s request?`}
          confirmLabel={decide.isPending ? 'Declining…' : 'Decline the request'}
          tone="primary"
          pending={decide.isPending}
          error={decide.error}
          onConfirm={
            () =>
              decide
                .mutateAsync({ id: request.id, decision: 'decline', note: note.trim() || undefined })
                .then(() => onDecided(`${name}’s request was declined; they were told by email.`))
                .catch(() => {}) // shown through decide.error
          }
          onCancel={declining.close}
        >
          <TextArea
            label="Why (told to the person)"
            rows={3}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </ConfirmStep>
      ) : (
        <div className="actions">
          <button
            ref={approving.opener}
            type="button"
            className="button button--danger"
            onClick={approving.start}
            aria-label={`Approve erasing ${name}…`}
          >
            Approve…
          </button>
          <button
            ref={declining.opener}
            type="button"
            className="button button--secondary"
            onClick={declining.start}
            aria-label={`Decline ${name}’s request…`}
          >
            Decline…
          </button>
        </div>
      )}
    </li>
  );
}

/** Requests of the district's people to be erased: waiting ones to decide, then the latest decided. */
export function ErasureRequests() {
  const requests = useErasureRequests();
  const [decided, setDecided] = useState<string | null>(null);
  if (requests.isPending) return <Loading label="Loading requests to be erased…" />;
  if (requests.isError) return <ErrorMessage error={requests.error} />;
  const pending = requests.data.data.filter((r) => r.status === 'pending');
  const past = requests.data.data.filter((r) => r.status !== 'pending');
  return (
    <div>
      {decided && (
        <Notice>
          <p>{decided}</p>
        </Notice>
      )}
      {pending.length === 0 ? (
        <EmptyState title="No requests waiting">People ask from their Settings page.</EmptyState>
      ) : (
        <ul className="bare-list" aria-label="Requests waiting">
          {pending.map((r) => (
            <PendingRequest key={r.id} request={r} onDecided={setDecided} />
          ))}
        </ul>
      )}
      {past.length > 0 && (
        <>
          <h3>Decided</h3>
          <ul className="bare-list" aria-label="Requests decided">
            {past.map((r) => (
              <li key={r.id}>
                {OUTCOME[r.status]}: {r.person?.name ?? 'a Former member'}{' '}
                <span className="muted">{when(r.decidedAt)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
