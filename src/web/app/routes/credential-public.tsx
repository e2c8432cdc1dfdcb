import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { PublicAward } from '#shared/contracts/awards.ts';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { usePublicAward } from '#web/features/awards/api/get-public-award.ts';
import { RevokeAward } from '#web/features/awards/components/revoke-award.tsx';
import { VerificationPanel } from '#web/features/awards/components/verification-panel.tsx';
import { linkedInAddToProfileUrl } from '#web/features/wallet/linkedin.ts';
import { ApiError } from '#web/lib/api-client.ts';

const formatDate = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'long' });

/** Revoked or expired, said plainly at the top of the page. */
function StatusBanner({ award }: { award: PublicAward }) {
  if (award.status === 'revoked')
    return (
      <div className="notice notice--error award-status" role="note">
        <p>
          <strong>Revoked.</strong> {award.issuer.name} revoked this credential
          {award.revokedAt ? ` on ${formatDate(award.revokedAt)}` : ''}; it is no longer valid.
        </p>
        {award.revocationReason && <p>Reason: {award.revocationReason}</p>}
      </div>
    );
  if (award.status === 'expired')
    return (
      <div className="notice notice--error award-status" role="note">
        <p>
          <strong>Expired.</strong> This credential was valid until {formatDate(award.expiresAt!)}.
        </p>
      </div>
    );
  return null;
}

/** Copies the page's address, saying so for screen readers. */
function CopyLink({ url }: { url: string }) {
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setSaid('Link copied.');
    } catch {
      setSaid(`Copy this link: ${url}`);
    }
  };
  return (
    <>
      <button type="button" className="button button--secondary" onClick={() => void copy()}>
        Copy link
      </button>
      <span role="status" aria-live="polite" className="muted">
        {said}
      </span>
    </>
  );
}

function AwardDetails({ award }: { award: PublicAward }) {
  const { credential } = award;
  return (
    <>
      <h2>About this credential</h2>
      <p className="award-page__description">{credential.description}</p>
      <h3>How it is earned</h3>
      <p className="award-page__criteria">{credential.criteria}</p>
      {credential.competencies.length > 0 && (
        <>
          <h3>Competencies</h3>
          <ul className="award-page__competencies">
            {credential.competencies.map((c) => (
              <li key={c.url}>
                <a href={c.url}>
                  {c.code && <span className="award-page__code">{c.code}</span>} {c.statement}
                </a>{' '}
                <span className="muted">({c.framework})</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Evidence</h3>
      {award.evidence.length === 0 ? (
        <p className="muted">No public evidence is shared with this credential.</p>
      ) : (
        <ul className="award-page__evidence">
          {award.evidence.map((e) => (
            <li key={`${e.name}|${e.url ?? ''}|${e.narrative ?? ''}`}>
              <p className="award-page__evidence-name">{e.url ? <a href={e.url}>{e.name}</a> : e.name}</p>
              {e.narrative && <p>{e.narrative}</p>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** A credential's public page: what it is, who earned it, and whether it verifies now. No sign-in needed. */
export default function CredentialPublicPage() {
  const { id = '' } = useParams();
  const award = usePublicAward(id);
  if (award.isPending) return <Loading label="Loading credential…" />;
  if (award.isError) {
    const missing =
      award.error instanceof ApiError && (award.error.status === 404 || award.error.status === 400);
    return (
      <section className="page">
        <PageHeading>{missing ? 'Credential not found' : 'Could not load this credential'}</PageHeading>
        {missing ? (
          <p>
            There is no credential at this address. Have its JSON?{' '}
            <Link to="/verify">Verify a credential</Link>.
          </p>
        ) : (
          <ErrorMessage error={award.error} />
        )}
      </section>
    );
  }
  const data = award.data;
  const { credential } = data;
  return (
    <article className="page award-page">
      <StatusBanner award={data} />
      <header className="award-page__header">
        {credential.imageUrl && (
          <img className="award-page__image" src={credential.imageUrl} alt="" width={128} height={128} />
        )}
        <div>
          <PageHeading title={credential.title}>{credential.title}</PageHeading>
          <p className="award-page__awarded">
            Awarded to <strong>{data.recipientName}</strong> by <strong>{data.issuer.name}</strong> on{' '}
            {formatDate(data.issuedAt)}
            {data.expiresAt && data.status !== 'expired' && <> · valid until {formatDate(data.expiresAt)}</>}
          </p>
        </div>
      </header>
      <VerificationPanel report={data.verification} />
      <div className="actions award-page__actions">
        <a className="button button--secondary" href={data.links.download} download>
          Download JSON
        </a>
        <a className="button button--secondary" href={data.links.json}>
          View JSON
        </a>
        {data.viewer.isRecipient && data.status === 'active' && (
          <a
            className="button button--secondary"
            href={linkedInAddToProfileUrl({
              name: credential.title,
              organizationName: data.issuer.name,
              issuedAt: data.issuedAt,
              expiresAt: data.expiresAt,
              url: data.links.page,
              id: data.id,
            })}
            target="_blank"
            rel="noopener noreferrer"
          >
            Add to LinkedIn<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        )}
        <CopyLink url={data.links.page} />
      </div>
      {data.viewer.canRevoke && <RevokeAward awardId={data.id} title={credential.title} />}
      <AwardDetails award={data} />
      <p className="muted">
        Issuer: {data.issuer.name} (<code>{data.issuer.did}</code>). Anyone can check this credential on the{' '}
        <Link to="/verify">verify page</Link>.
      </p>
    </article>
  );
}
