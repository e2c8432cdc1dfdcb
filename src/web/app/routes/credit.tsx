import { Link, useLocation } from 'react-router';
import { ErrorMessage, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { useCreditTypes } from '#web/features/learning/credit/api/types.ts';
import { LicencesPanel } from '#web/features/learning/credit/components/licences-panel.tsx';
import { MyClaims } from '#web/features/learning/credit/components/my-claims.tsx';
import { TranscriptsPanel } from '#web/features/learning/credit/components/transcripts-panel.tsx';

/**
 * My credit: renewal progress for each licence, what I submitted and what approvers said, and
 * official transcripts.
 */
export default function CreditPage() {
  const types = useCreditTypes();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const active = types.data?.data.filter((t) => !t.archived) ?? [];
  return (
    <section className="page credit-page">
      <PageHeading>My credit</PageHeading>
      <p className="muted">
        Learning from <Link to="/learning">your log</Link> approved for clock hours and other credit, counted
        toward renewing your licences.
      </p>
      <p className="actions">
        <Link className="button" to="/credit/submit">
          Submit learning for credit
        </Link>
        <Link to="/credit/approvals">Approvals</Link>
      </p>
      {notice && <Notice>{notice}</Notice>}
      {types.isPending ? (
        <Loading label="Loading your district's credit types…" />
      ) : types.isError ? (
        <ErrorMessage error={types.error} />
      ) : (
        <>
          {active.length === 0 && (
            <Notice>
              <p>
                Your district has not set up credit types yet. Your learning log keeps everything until it
                does.
              </p>
            </Notice>
          )}
          <LicencesPanel types={active} />
          <MyClaims />
          <TranscriptsPanel types={active} />
        </>
      )}
    </section>
  );
}
