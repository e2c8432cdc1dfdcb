import { Link } from 'react-router';
import type { ShownAward } from '#shared/contracts/wallet.ts';
import { formatDay } from '#web/lib/format.ts';

/** A credential's badge image, decorative beside its title; a blank square when it has none. */
export function AwardBadge({ imageUrl }: { imageUrl: string | null }) {
  return imageUrl ? (
    <img className="wallet-card__image" src={imageUrl} alt="" width={96} height={96} loading="lazy" />
  ) : (
    <span className="wallet-card__image" aria-hidden="true" />
  );
}

/** An earned credential as others see it: badge, title linking to its public page, issuer and dates. */
export function ShownAwardCard({ award, headingLevel = 3 }: { award: ShownAward; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="card wallet-card">
      <AwardBadge imageUrl={award.imageUrl} />
      <div>
        <Heading className="wallet-card__title">
          <Link to={`/credentials/${award.id}`}>{award.credential.title}</Link>
        </Heading>
        <p className="muted">Issued by {award.issuer.name}</p>
        <p className="muted">
          Earned {formatDay(award.issuedAt)}
          {award.expiresAt && <> · valid until {formatDay(award.expiresAt)}</>}
        </p>
      </div>
    </article>
  );
}
