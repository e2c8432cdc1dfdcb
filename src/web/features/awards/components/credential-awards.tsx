import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import type { AwardStanding, CredentialAward } from '#shared/contracts/credential-awards.ts';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { TextArea } from '#web/components/field.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { formatDay } from '#web/lib/format.ts';
import {
  type AwardFilter,
  credentialAwardsCsvUrl,
  useBulkRevokeAwards,
  useCredentialAwards,
} from '../api/credential-awards.ts';

const STANDING_LABELS: Record<AwardStanding, string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
};

/** The filter as typed, applied a moment after typing stops so each key press is not a request. */
function useSettled<T>(value: T, delayMs = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

function expiryText(award: CredentialAward): string {
  if (award.revokedAt) return `Revoked ${formatDay(award.revokedAt)}`;
  if (!award.expiresAt) return 'Does not expire';
  return `${award.status === 'expired' ? 'Expired' : 'Until'} ${formatDay(award.expiresAt)}`;
}

/** Revoking the chosen awards: the reason, then a confirmation naming how many. */
function RevokeChosen({
  credentialId,
  chosen,
  onDone,
}: {
  credentialId: string;
  chosen: CredentialAward[];
  onDone: (message: string) => void;
}) {
  const confirm = useConfirmStep();
  const revoke = useBulkRevokeAwards(credentialId);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const count = chosen.length;
  const noun = count === 1 ? 'credential' : 'credentials';
  return (
    <div className="credential-awards__revoke">
      <button
        ref={confirm.opener}
        type="button"
        className="button button--danger"
        disabled={count === 0 || confirm.open}
        onClick={() => {
          revoke.reset();
          confirm.start();
        }}
      >
        Revoke {count === 0 ? 'chosen' : count} {noun}…
      </button>
      {confirm.open && (
        <ConfirmStep
          prompt={
            count === 1
              ? `Revoke ${chosen[0].recipient.name}’s credential? They are told, and it stops verifying.`
              : `Revoke ${count} credentials? Each earner is told, and the credentials stop verifying.`
          }
          confirmLabel={revoke.isPending ? 'Revoking…' : `Revoke ${count} ${noun}`}
          pending={revoke.isPending}
          error={revoke.error}
          onConfirm={() => {
            if (!reason.trim()) return setReasonError('Say why: the earners will read it.');
            setReasonError(undefined);
            revoke.mutate(
              { awardIds: chosen.map((a) => a.id), reason: reason.trim() },
              {
                onSuccess: (result) => {
                  setReason('');
                  confirm.close();
                  onDone(
                    `Revoked ${result.revoked} ${result.revoked === 1 ? 'credential' : 'credentials'}` +
                      (result.alreadyRevoked ? `; ${result.alreadyRevoked} were revoked already.` : '.'),
                  );
                },
              },
            );
          }}
          onCancel={confirm.close}
        >
          <TextArea
            label="Reason"
            hint="Shown to each earner and on the credential’s page to them and to your admins."
            rows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={
              reasonError ??
              (revoke.error instanceof ApiError ? revoke.error.fieldError('reason') : undefined)
            }
          />
        </ConfirmStep>
      )}
    </div>
  );
}

/**
 * Shown on a micro-credential's page to its issuer's admins: everyone it was awarded to, with date,
 * standing and expiry; search, filter, choose and revoke, and download the list as CSV.
 */
export function CredentialAwards({ credentialId }: { credentialId: string }) {
  const id = useId();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<AwardFilter['status']>('');
  const filter = { q: useSettled(q), status };
  const awards = useCredentialAwards(credentialId, filter);
  const [chosenIds, setChosenIds] = useState<Set<string>>(new Set());
  const [done, setDone] = useState<string | null>(null);
  const list = awards.data?.pages.flatMap((p) => p.data) ?? [];
  const revocable = list.filter((a) => !a.revokedAt);
  const chosen = revocable.filter((a) => chosenIds.has(a.id));
  const toggle = (awardId: string, on: boolean) =>
    setChosenIds((current) => {
      const next = new Set(current);
      if (on) next.add(awardId);
      else next.delete(awardId);
      return next;
    });
  const allChosen = revocable.length > 0 && chosen.length === revocable.length;

  return (
    <section className="credential-awards" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Awarded to</h2>
      <form
        className="credential-awards__filters"
        aria-label="Find awards"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field">
          <label htmlFor={`${id}-q`}>Find by name or email</label>
          <input id={`${id}-q`} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>Standing</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(e) => setStatus(e.target.value as AwardFilter['status'])}
          >
            <option value="">Any</option>
            <option value="active">Active</option>
            <option value="expired">Expired</option>
            <option value="revoked">Revoked</option>
          </select>
        </div>
        <a
          className="button button--secondary"
          href={credentialAwardsCsvUrl(credentialId, { q, status })}
          download
        >
          Download CSV
        </a>
      </form>
      {/* Always present, so what a revocation did is announced when it appears. */}
      <div role="status" aria-live="polite" className={done ? 'notice notice--ok' : undefined}>
        {done}
      </div>
      {awards.isPending ? (
        <Loading label="Loading awards…" />
      ) : awards.isError ? (
        <ErrorMessage error={awards.error} />
      ) : list.length === 0 ? (
        <EmptyState title={filter.q || status ? 'No awards match.' : 'Not awarded to anyone yet.'} />
      ) : (
        <>
          <RevokeChosen
            credentialId={credentialId}
            chosen={chosen}
            onDone={(message) => {
              setChosenIds(new Set());
              setDone(message);
            }}
          />
          <div className="table-wrap">
            <table className="credential-awards__table">
              <caption className="visually-hidden">People this credential was awarded to</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label="Choose every active award shown"
                      checked={allChosen}
                      disabled={revocable.length === 0}
                      onChange={(e) =>
                        setChosenIds(new Set(e.target.checked ? revocable.map((a) => a.id) : []))
                      }
                    />
                  </th>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Awarded</th>
                  <th scope="col">Standing</th>
                  <th scope="col">Expiry</th>
                </tr>
              </thead>
              <tbody>
                {list.map((award) => (
                  <tr key={award.id}>
                    <td>
                      {!award.revokedAt && (
                        <input
                          type="checkbox"
                          aria-label={`Choose ${award.recipient.name}`}
                          checked={chosenIds.has(award.id)}
                          onChange={(e) => toggle(award.id, e.target.checked)}
                        />
                      )}
                    </td>
                    <th scope="row">
                      <Link to={`/credentials/${award.id}`}>{award.recipient.name}</Link>
                    </th>
                    <td className="credential-awards__email">{award.recipient.email}</td>
                    <td>{formatDay(award.issuedAt)}</td>
                    <td>
                      {STANDING_LABELS[award.status]}
                      {award.revocationReason && <span className="muted"> — {award.revocationReason}</span>}
                    </td>
                    <td>{expiryText(award)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LoadMore query={awards} noun="awards" />
        </>
      )}
    </section>
  );
}
