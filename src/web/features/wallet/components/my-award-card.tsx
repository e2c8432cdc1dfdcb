import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { AwardStatus, MyAward } from '#shared/contracts/wallet.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { formatDay } from '#web/lib/format.ts';
import { useUpdateMyAward } from '../api/update-my-award.ts';
import { linkedInAddToProfileUrl } from '../linkedin.ts';
import { AwardBadge } from './shown-award-card.tsx';

const STATUS_LABELS: Record<AwardStatus, string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
};

/** Copies the credential's public link, saying so (or what to copy by hand) in a polite status line. */
function CopyLink({ url, title }: { url: string; title: string }) {
  const [message, setMessage] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setMessage('Link copied.');
    } catch {
      setMessage(`Could not copy; the link is ${url}`);
    }
  };
  return (
    <>
      <button type="button" className="button button--secondary" onClick={copy}>
        Copy link<span className="visually-hidden"> to {title}</span>
      </button>
      <span role="status" className="muted">
        {message}
      </span>
    </>
  );
}

/** The consent checkbox: list me on the credential's page as someone open to mentoring. */
function ListedChoice({ award, openToMentoring }: { award: MyAward; openToMentoring: boolean | undefined }) {
  const update = useUpdateMyAward();
  const hintId = useId();
  return (
    <div className="wallet-card__listed">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={update.isPending ? update.variables.listed : award.listed}
          disabled={update.isPending}
          aria-describedby={hintId}
          onChange={(event) => update.mutate({ id: award.id, listed: event.target.checked })}
        />
        List me on this credential's page as someone open to mentoring
      </label>
      <p className="field__hint" id={hintId}>
        You are listed only while your profile also says you are open to mentoring
        {openToMentoring === false ? (
          <>
            {' '}
            — it does not at the moment. <Link to="/profile">Change it on your profile</Link>.
          </>
        ) : (
          '.'
        )}{' '}
        Colleagues can then find you on the credential's page and in the directory.
      </p>
      <ErrorMessage error={update.error} />
    </div>
  );
}

/**
 * One of one's own credentials: badge, title, issuer, dates and status, with ways to view, download
 * and share it, and the choice to be listed on its page.
 */
export function MyAwardCard({ award, openToMentoring }: { award: MyAward; openToMentoring?: boolean }) {
  const active = award.status === 'active';
  return (
    <article className="card wallet-card">
      <AwardBadge imageUrl={award.imageUrl} />
      <div className="wallet-card__body">
        <h3 className="wallet-card__title">{award.credential.title}</h3>
        <p className="muted">
          Issued by {award.issuer.name}
          {award.credential.kind === 'stack' && ' · stack credential'}
        </p>
        <p>
          <span className={`badge wallet-status wallet-status--${award.status}`}>
            {STATUS_LABELS[award.status]}
          </span>{' '}
          <span className="muted">
            Earned {formatDay(award.issuedAt)}
            {award.revokedAt
              ? ` · revoked ${formatDay(award.revokedAt)}`
              : award.expiresAt
                ? ` · ${award.status === 'expired' ? 'expired' : 'valid until'} ${formatDay(award.expiresAt)}`
                : ''}
          </span>
        </p>
        {award.revocationReason && <p>Reason given: {award.revocationReason}</p>}
        <div className="actions">
          <Link to={`/credentials/${award.id}`} className="button button--secondary">
            View<span className="visually-hidden"> {award.credential.title}</span>
          </Link>
          <a href={`/credentials/${award.id}.json`} download className="button button--secondary">
            Download JSON<span className="visually-hidden"> of {award.credential.title}</span>
          </a>
          {active && (
            <a
              className="button button--secondary"
              href={linkedInAddToProfileUrl({
                name: award.credential.title,
                organizationName: award.issuer.name,
                issuedAt: award.issuedAt,
                expiresAt: award.expiresAt,
                url: award.publicUrl,
                id: award.id,
              })}
              target="_blank"
              rel="noopener noreferrer"
            >
              Add to LinkedIn<span className="visually-hidden"> (opens in a new tab)</span>
            </a>
          )}
          {active && <CopyLink url={award.publicUrl} title={award.credential.title} />}
        </div>
        {active && <ListedChoice award={award} openToMentoring={openToMentoring} />}
      </div>
    </article>
  );
}
