import { Link } from 'react-router';
import { EmptyState } from '#web/components/feedback.tsx';
import { CycleList } from './cycle-list.tsx';
import './cycles.css';

/** A community's cycles on its page, with a way to start one for those who take part. */
export function CommunityCycles({ communityId, canStart }: { communityId: string; canStart: boolean }) {
  return (
    <section className="page" aria-labelledby="cycles-heading">
      <h2 id="cycles-heading">Inquiry cycles</h2>
      {canStart && (
        <p>
          <Link className="button" to={`/communities/${communityId}/cycles/new`}>
            Start a cycle
          </Link>
        </p>
      )}
      <CycleList
        path={`/communities/${communityId}/cycles`}
        filters={{}}
        empty={
          <EmptyState title="No cycles yet">
            <p>A lesson study or a PDSA cycle your team runs here shows in this list.</p>
          </EmptyState>
        }
      />
    </section>
  );
}
