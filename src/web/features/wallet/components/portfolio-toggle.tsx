import { useId } from 'react';
import { Link } from 'react-router';
import { ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { useMyPortfolio, useUpdateMyPortfolio } from '../api/portfolio.ts';

/** The choice to make one's portfolio public, with its address while it is. */
export function PortfolioToggle() {
  const portfolio = useMyPortfolio();
  const update = useUpdateMyPortfolio();
  const hintId = useId();
  if (portfolio.isPending) return <Loading label="Loading your portfolio choice…" />;
  if (portfolio.isError) return <ErrorMessage error={portfolio.error} />;
  const { public: isPublic, url } = portfolio.data;
  const path = new URL(url).pathname;
  return (
    <div className="wallet-portfolio">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={update.isPending ? update.variables : isPublic}
          disabled={update.isPending}
          aria-describedby={hintId}
          onChange={(event) => update.mutate(event.target.checked)}
        />
        Make my portfolio public
      </label>
      <p className="field__hint" id={hintId}>
        A public page anyone can open, signed in or not, showing your name, role and active credentials.
        Nothing else from your profile is shown.
      </p>
      <p role="status" aria-live="polite">
        {isPublic ? (
          <>
            Your portfolio is public at <Link to={path}>{url}</Link>
          </>
        ) : (
          <span className="muted">Your portfolio is private.</span>
        )}
      </p>
      <ErrorMessage error={update.error} />
    </div>
  );
}
