import { Link } from 'react-router';
import type { CollectionSummary } from '#shared/contracts/collections.ts';
import { formatDay } from '#web/lib/format.ts';
import { audienceLabel } from './audience-label.ts';

/** One collection in a list: title, curator, audience, how many resources, last change. */
export function CollectionCard({ collection }: { collection: CollectionSummary }) {
  return (
    <article className="card collection-card">
      <h3 className="collection-card__title">
        <Link to={`/collections/${collection.id}`}>{collection.title}</Link>
      </h3>
      <p className="muted">
        Curated by {collection.owner.name} · {audienceLabel(collection.audience)}
      </p>
      {collection.description && <p className="collection-card__description">{collection.description}</p>}
      <p className="muted">
        {collection.itemCount} {collection.itemCount === 1 ? 'resource' : 'resources'} · updated{' '}
        {formatDay(collection.updatedAt)}
      </p>
    </article>
  );
}
