import { Link, useLocation, useSearchParams } from 'react-router';
import { EmptyState, ErrorMessage, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { learningSearchString, useLearningEntries } from '#web/features/learning/api/list-entries.ts';
import { EntryCard } from '#web/features/learning/components/entry-card.tsx';
import { LearningFilters } from '#web/features/learning/components/learning-filters.tsx';
import { TotalsPanel } from '#web/features/learning/components/totals-panel.tsx';

/**
 * My learning log: every learning activity of mine, newest first, whether Trellis recorded it, I
 * entered it or another tool reported it; filters, and the hours of the period by kind and competency.
 */
export default function LearningPage() {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const search = learningSearchString(params);
  const entries = useLearningEntries(search);
  const list = entries.data?.pages.flatMap((page) => page.data) ?? [];
  const filtered = search !== '';
  const notice = (location.state as { notice?: string } | null)?.notice;
  return (
    <section className="page learning-page">
      <PageHeading>My learning</PageHeading>
      <p className="muted">
        Workshops, courses, PLC meetings, chats and reading: what Trellis recorded, what you entered and what
        other tools reported, counted once. Only you and those who approve your credit see it.
      </p>
      <p>
        <Link className="button" to="/learning/new">
          Log learning
        </Link>
      </p>
      {notice && <Notice>{notice}</Notice>}
      <LearningFilters
        params={params}
        error={entries.error}
        onChange={(next) => setParams(new URLSearchParams(next))}
        onClear={() => setParams(new URLSearchParams())}
      />
      <TotalsPanel from={params.get('from') ?? ''} to={params.get('to') ?? ''} />
      <h2>Entries</h2>
      {entries.isPending ? (
        <Loading label="Loading your learning…" />
      ) : entries.isError ? (
        <ErrorMessage error={entries.error} />
      ) : list.length === 0 ? (
        filtered ? (
          <EmptyState title="No learning matches these filters">
            <p>
              <button type="button" className="link-button" onClick={() => setParams(new URLSearchParams())}>
                Clear the filters
              </button>{' '}
              to see all of your learning.
            </p>
          </EmptyState>
        ) : (
          <EmptyState title="Nothing logged yet">
            <p>
              <Link to="/learning/new">Log a workshop, a course or a Twitter/X chat</Link> in under a minute.
              Micro-credentials you earn and resources you try in class appear here by themselves.
            </p>
          </EmptyState>
        )
      ) : (
        <ul className="bare-list learning-list">
          {list.map((entry) => (
            <li key={entry.id}>
              <EntryCard entry={entry} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={entries} noun="entries" />
    </section>
  );
}
