import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { ClaimView } from '#shared/contracts/credit.ts';
import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { formatWhen } from '#web/lib/format.ts';
import { useMyClaims, useResubmitClaim, useWithdrawClaim } from '../api/claims.ts';
import { dayText, hoursText, kindText, statusLabel, typedNumber } from './format.ts';

/** Resubmitting a claim the approver asked to change, once the entry is fixed; hours may change with a reason. */
function ResubmitForm({ claim }: { claim: ClaimView }) {
  const resubmit = useResubmitClaim();
  const [hours, setHours] = useState(hoursText(claim.hours));
  const [reason, setReason] = useState(claim.adjustmentReason);
  const fieldError = (field: string) =>
    resubmit.error instanceof ApiError ? resubmit.error.fieldError(field) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    resubmit.mutate({ id: claim.id, body: { hours: typedNumber(hours), adjustmentReason: reason } });
  };
  return (
    <form onSubmit={submit} className="claim-card__resubmit" noValidate>
      <p>
        <Link to={`/learning/${claim.entry.id}`}>Change the entry “{claim.entry.title}”</Link>, then resubmit
        it.
      </p>
      <TextField
        label={`Hours for “${claim.entry.title}”`}
        type="number"
        min={0}
        step={0.25}
        value={hours}
        onChange={(e) => setHours(e.target.value)}
        error={fieldError('hours')}
      />
      <TextField
        label="Why the hours differ from the default (if they do)"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={fieldError('adjustmentReason')}
      />
      <ErrorMessage
        error={
          resubmit.error && !fieldError('hours') && !fieldError('adjustmentReason') ? resubmit.error : null
        }
      />
      <FormActions
        label={`Resubmit “${claim.entry.title}”`}
        pendingLabel="Resubmitting…"
        pending={resubmit.isPending}
      />
    </form>
  );
}

function ClaimCard({ claim }: { claim: ClaimView }) {
  const withdraw = useWithdrawClaim();
  return (
    <article className={`card claim-card claim-card--${claim.status}`} aria-label={claim.entry.title}>
      <h3 className="claim-card__title">{claim.entry.title}</h3>
      <p className="muted">
        {kindText(claim.entry.kind)} · {dayText(claim.entry.occurredOn)} · {claim.creditType.name} ·{' '}
        {hoursText(claim.hours)} hours
        {claim.source === 'imported' && ' · from the previous system'}
      </p>
      <p>
        <span className={`chip claim-status claim-status--${claim.status}`}>{statusLabel(claim.status)}</span>
        {claim.decidedAt && claim.approver && (
          <span className="muted">
            {' '}
            by {claim.approver.name}, {formatWhen(claim.decidedAt)}
          </span>
        )}
      </p>
      {claim.comment && (
        <blockquote className="claim-card__comment">
          <p>{claim.comment}</p>
        </blockquote>
      )}
      {claim.abilities.resubmit && <ResubmitForm claim={claim} />}
      {claim.abilities.withdraw && (
        <p>
          <button
            type="button"
            className="link-button"
            disabled={withdraw.isPending}
            onClick={() => withdraw.mutate(claim.id)}
          >
            Withdraw “{claim.entry.title}”
          </button>
        </p>
      )}
      <ErrorMessage error={withdraw.error} />
    </article>
  );
}

/** My submissions for credit, newest first, with what approvers said. */
export function MyClaims() {
  const claims = useMyClaims();
  const list = claims.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section aria-labelledby="claims-heading">
      <h2 id="claims-heading">Submitted for credit</h2>
      {claims.isPending ? (
        <Loading label="Loading your submissions…" />
      ) : claims.isError ? (
        <ErrorMessage error={claims.error} />
      ) : list.length === 0 ? (
        <EmptyState title="Nothing submitted yet">
          <p>
            <Link to="/credit/submit">Submit learning from your log</Link> for clock hours or another kind of
            credit.
          </p>
        </EmptyState>
      ) : (
        <ul className="bare-list claim-list">
          {list.map((claim) => (
            <li key={claim.id}>
              <ClaimCard claim={claim} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={claims} noun="submissions" />
    </section>
  );
}
