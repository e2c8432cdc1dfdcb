import { Link, useParams } from 'react-router';
import { SPREAD_KIND_LABELS, SPREAD_KINDS } from '#shared/contracts/mobilization.ts';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { useSpread } from '#web/features/mobilization/api/get-spread.ts';
import {
  reachSentence,
  SpreadChart,
  SpreadMonthTables,
  SpreadTable,
} from '#web/features/mobilization/components/spread-view.tsx';
import { ApiError } from '#web/lib/api-client.ts';

/**
 * A resource's spread: which schools and districts received, tried, remixed or reviewed it, over
 * time. Schools are named only in the viewer's own district, districts only when they share a
 * network with it; the server decides, the page shows what it is given.
 */
export default function ResourceSpreadPage() {
  const { id = '' } = useParams();
  const spread = useSpread(id);

  if (spread.isPending) return <Loading label="Loading how this resource has spread…" />;
  if (spread.isError) {
    const gone = spread.error instanceof ApiError && [400, 404].includes(spread.error.status);
    return (
      <section className="page">
        <PageHeading>{gone ? 'Resource not found' : 'Could not load the spread view'}</PageHeading>
        {gone ? <p>There is no resource here you can see.</p> : <ErrorMessage error={spread.error} />}
        <p>
          <Link to="/resources">Browse the library</Link>
        </p>
      </section>
    );
  }

  const view = spread.data;
  const title = `How “${view.resource.title}” has spread`;
  return (
    <section className="page spread-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/resources/${view.resource.id}`}>{view.resource.title}</Link>
      </nav>
      <PageHeading title={title}>{title}</PageHeading>
      {view.rows.length === 0 ? (
        <EmptyState title="Nothing has spread yet">
          <p>
            When colleagues bring it home to their schools, try it with a class, remix or review it, you will
            see where it went here.
          </p>
        </EmptyState>
      ) : (
        <>
          <p className="spread-summary">
            <strong>{reachSentence(view.reach)}</strong>{' '}
            {SPREAD_KINDS.map((kind) => `${SPREAD_KIND_LABELS[kind]}: ${view.totals[kind]}`).join(' · ')}
          </p>
          <p className="muted">
            Schools are named for your own district, and districts for those that share a network with yours;
            activity elsewhere is counted together.
          </p>
          <h2>Over time</h2>
          <SpreadChart view={view} />
          <h2>By school and district</h2>
          <SpreadTable view={view} />
          <h2>By month</h2>
          <SpreadMonthTables view={view} />
        </>
      )}
    </section>
  );
}
