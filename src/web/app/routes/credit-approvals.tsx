import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CREDIT_STATUSES, type ClaimView } from '#shared/contracts/credit.ts';
import { EmptyState, ErrorMessage, Notice, PageHeading } from '#web/components/feedback.tsx';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { LoadMore, ResultCount } from '#web/components/paged-list.tsx';
import { useApprovals, useDecideClaim } from '#web/features/learning/credit/api/claims.ts';
import { useCreditTypes } from '#web/features/learning/credit/api/types.ts';
import {
  dayText,
  hoursText,
  kindText,
  statusLabel,
} from '#web/features/learning/credit/components/format.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { formatWhen } from '#web/lib/format.ts';

const FILTERS = ['status', 'creditTypeId', 'q'] as const;

/** One claim as the approver decides it: the entry, its reflection and evidence, and the decision. */
function ApprovalCard({ claim, onDecided }: { claim: ClaimView; onDecided: (said: string) => void }) {
  const decide = useDecideClaim();
  const [comment, setComment] = useState('');
  const headingId = `claim-${claim.id}`;
  const commentError = decide.error instanceof ApiError ? decide.error.fieldError('comment') : undefined;
  const act = (decision: 'approve' | 'request_changes' | 'decline') => (event?: FormEvent) => {
    event?.preventDefault();
    decide.mutate(
      { id: claim.id, body: { decision, comment } },
      {
        onSuccess: () =>
          onDecided(
            `${decision === 'approve' ? 'Approved' : decision === 'decline' ? 'Declined' : 'Asked for changes to'} “${claim.entry.title}” for ${claim.teacher.name}.`,
          ),
      },
    );
  };
  const entry = claim.entry;
  return (
    <article className="card approval-card" aria-labelledby={headingId}>
      <h2 id={headingId} className="approval-card__title">
        {entry.title}
      </h2>
      <p>
        <strong>{claim.teacher.name}</strong>
        {claim.teacher.schoolName && <span className="muted"> · {claim.teacher.schoolName}</span>}
      </p>
      <p className="muted">
        {kindText(entry.kind)} · {dayText(entry.occurredOn)}
        {entry.durationMinutes !== null && ` · ${hoursText(entry.durationMinutes / 60)} hours long`}
        {entry.provider && ` · ${entry.provider}`} · submitted {formatWhen(claim.submittedAt)}
      </p>
      <p>
        <strong>
          {hoursText(claim.hours)} hours of {claim.creditType.name}
        </strong>
        {claim.hours !== claim.defaultHours && (
          <span>
            {' '}
            (default {hoursText(claim.defaultHours)}: “{claim.adjustmentReason}”)
          </span>
        )}
      </p>
      {(entry.willTry || entry.practiceChange) && (
        <dl className="approval-card__reflection">
          {entry.willTry && (
            <>
              <dt>What I will try</dt>
              <dd>{entry.willTry}</dd>
            </>
          )}
          {entry.practiceChange && (
            <>
              <dt>What changed in my practice</dt>
              <dd>{entry.practiceChange}</dd>
            </>
          )}
        </dl>
      )}
      {entry.evidence.length > 0 ? (
        <ul className="plain-list">
          {entry.evidence.map((e) => (
            <li key={`${e.title}-${e.href}`}>
              Evidence: {e.href ? <a href={e.href}>{e.title}</a> : e.title}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No evidence attached.</p>
      )}
      {claim.status !== 'pending' && (
        <p>
          <span className="chip">{statusLabel(claim.status)}</span> {claim.comment && `“${claim.comment}”`}
        </p>
      )}
      {claim.abilities.decide && (
        <form onSubmit={act('approve')} noValidate>
          <TextArea
            label={`Comment to ${claim.teacher.name}`}
            hint="Needed when asking for changes or declining."
            rows={2}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            error={commentError}
          />
          <ErrorMessage error={decide.error && !commentError ? decide.error : null} />
          <div className="actions">
            <button type="submit" className="button" disabled={decide.isPending}>
              Approve
            </button>
            <button
              type="button"
              className="button button--secondary"
              disabled={decide.isPending}
              onClick={() => act('request_changes')()}
            >
              Ask for changes
            </button>
            <button
              type="button"
              className="button button--danger"
              disabled={decide.isPending}
              onClick={() => act('decline')()}
            >
              Decline
            </button>
          </div>
        </form>
      )}
    </article>
  );
}

/** The approver's queue: claims waiting for them, oldest first, with filters and paging. */
export default function CreditApprovalsPage() {
  const [params, setParams] = useSearchParams();
  const search = new URLSearchParams();
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) search.set(f, v);
  }
  const queue = useApprovals(search.toString());
  const types = useCreditTypes();
  const items = queue.data?.pages.flatMap((p) => p.data) ?? [];
  const [said, setSaid] = useState<string | null>(null);
  const [q, setQ] = useState(params.get('q') ?? '');
  const status = params.get('status') ?? 'pending';
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  return (
    <section className="page credit-approvals">
      <PageHeading>Approvals</PageHeading>
      <p className="muted">
        Learning submitted for credit by the teachers you approve for, oldest first.{' '}
        <Link to="/credit">My credit</Link>
      </p>
      {said && <Notice>{said}</Notice>}
      <form
        className="filter-form credit-approvals__filters"
        onSubmit={(e) => {
          e.preventDefault();
          set('q', q.trim());
        }}
      >
        <SelectField
          label="Status"
          value={status}
          onChange={(e) => set('status', e.target.value === 'pending' ? '' : e.target.value)}
        >
          {CREDIT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Credit type"
          value={params.get('creditTypeId') ?? ''}
          onChange={(e) => set('creditTypeId', e.target.value)}
        >
          <option value="">All credit types</option>
          {(types.data?.data ?? []).map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </SelectField>
        <TextField label="Teacher or title" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <div className="actions">
          <button type="submit" className="button button--secondary">
            Search
          </button>
        </div>
      </form>
      <ResultCount query={queue} count={items.length} none="Nothing matches." one="claim" many="claims" />
      {queue.isPending ? null : queue.isError ? (
        <ErrorMessage error={queue.error} />
      ) : items.length === 0 ? (
        <EmptyState title={status === 'pending' ? 'Nothing is waiting for your approval' : 'No claims match'}>
          <p>
            Principals approve for their schools, or the district's PD staff, as the district chooses. You are
            told when a teacher submits learning to you.
          </p>
        </EmptyState>
      ) : (
        <ul className="bare-list approval-list">
          {items.map((claim) => (
            <li key={claim.id}>
              <ApprovalCard claim={claim} onDecided={setSaid} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={queue} noun="claims" />
    </section>
  );
}
