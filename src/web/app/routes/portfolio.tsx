import { Link, useParams } from 'react-router';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { usePublicPortfolio } from '#web/features/wallet/api/get-public-portfolio.ts';
import { ShownAwardCard } from '#web/features/wallet/components/shown-award-card.tsx';
import { ApiError } from '#web/lib/api-client.ts';

/** A person's public portfolio of credentials, open to anyone, signed in or not. */
export default function PortfolioPage() {
  const { userId = '' } = useParams();
  const portfolio = usePublicPortfolio(userId);
  if (portfolio.isPending) return <Loading label="Loading portfolio…" />;
  if (portfolio.isError) {
    const missing =
      portfolio.error instanceof ApiError &&
      (portfolio.error.status === 404 || portfolio.error.status === 400);
    return (
      <section className="page">
        {missing ? (
          <>
            <PageHeading>Portfolio not found</PageHeading>
            <p>
              There is no public portfolio here. Its owner may have made it private, or the link may be
              mistyped.
            </p>
            <p>
              Have a credential to check? <Link to="/verify">Verify a credential</Link>.
            </p>
          </>
        ) : (
          <>
            <PageHeading>Could not load this portfolio</PageHeading>
            <ErrorMessage error={portfolio.error} />
          </>
        )}
      </section>
    );
  }
  const { person, awards } = portfolio.data;
  return (
    <section className="page">
      <PageHeading title={`${person.name}'s credentials`}>{person.name}</PageHeading>
      {person.roleTitle && <p className="wallet-portfolio__role">{person.roleTitle}</p>}
      <h2>Credentials</h2>
      {awards.length === 0 ? (
        <EmptyState title="No credentials to show yet" />
      ) : (
        <ul className="bare-list wallet-list">
          {awards.map((award) => (
            <li key={award.id}>
              <ShownAwardCard award={award} />
            </li>
          ))}
        </ul>
      )}
      <p className="muted">Each credential is signed by its issuer; open one to see whether it verifies.</p>
    </section>
  );
}
