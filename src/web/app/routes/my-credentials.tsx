import { Link } from 'react-router';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { useOwnProfile } from '#web/features/profiles/api/get-own-profile.ts';
import { useMyAwards } from '#web/features/wallet/api/list-my-awards.ts';
import { MyAwardCard } from '#web/features/wallet/components/my-award-card.tsx';
import { PortfolioToggle } from '#web/features/wallet/components/portfolio-toggle.tsx';

/** One's earned credentials: view, download and share each, choose to be listed, and the portfolio. */
export default function MyCredentialsPage() {
  const awards = useMyAwards();
  const profile = useOwnProfile();
  const list = awards.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <section className="page">
      <PageHeading>My credentials</PageHeading>
      <p className="muted">
        The micro-credentials you earned, signed by their issuers so anyone can verify them, wherever you take
        them.
      </p>
      <h2>Public portfolio</h2>
      <PortfolioToggle />
      <h2>Credentials</h2>
      {awards.isPending ? (
        <Loading label="Loading your credentials…" />
      ) : awards.isError ? (
        <ErrorMessage error={awards.error} />
      ) : list.length === 0 ? (
        <EmptyState title="No credentials yet">
          <p>
            <Link to="/micro-credentials">Browse micro-credentials</Link> to find one that fits your practice,
            and start earning it with evidence from your classroom.
          </p>
        </EmptyState>
      ) : (
        <ul className="bare-list wallet-list">
          {list.map((award) => (
            <li key={award.id}>
              <MyAwardCard award={award} openToMentoring={profile.data?.openToMentoring} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={awards} noun="credentials" />
    </section>
  );
}
