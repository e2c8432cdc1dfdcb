import { Link, useSearchParams } from 'react-router';
import { EmptyState, ErrorMessage, PageHeading } from '#web/components/feedback.tsx';
import { FilterForm } from '#web/components/filter-form.tsx';
import { LoadMore, ResultCount } from '#web/components/paged-list.tsx';
import { type CollectionSearch, useCollectionList } from '#web/features/collections/api/list-collections.ts';
import { CollectionCard } from '#web/features/collections/components/collection-card.tsx';
import { ApiError } from '#web/lib/api-client.ts';

const FIELDS = ['q', 'mine'] as const;

/** Browse and search the collections one may see, and start a new one. */
export default function CollectionsPage() {
  const [params, setParams] = useSearchParams();
  const search: CollectionSearch = {};
  for (const field of FIELDS) {
    const value = params.get(field);
    if (value) search[field] = value;
  }
  const results = useCollectionList(search);
  const collections = results.data?.pages.flatMap((page) => page.data) ?? [];
  const count = collections.length;
  const filtered = Boolean(search.q || search.mine);

  return (
    <section className="page">
      <div className="collection-heading">
        <PageHeading>Collections</PageHeading>
        <Link to="/collections/new" className="button">
          New collection
        </Link>
      </div>
      <p className="muted">Ordered, annotated sets of resources that colleagues curated: a path to follow.</p>
      <FilterForm
        key={params.toString()}
        label="Search collections"
        fields={FIELDS}
        queryLabel="Search by title or description"
        query={search.q}
        queryError={results.error instanceof ApiError ? results.error.fieldError('q') : undefined}
        submitLabel="Search collections"
        onSearch={setParams}
        onClear={filtered ? () => setParams({}) : undefined}
      >
        <label className="checkbox">
          <input type="checkbox" name="mine" value="1" defaultChecked={search.mine === '1'} /> Mine only
        </label>
      </FilterForm>
      <h2>Results</h2>
      <ResultCount
        query={results}
        count={count}
        none="No collection matches."
        one="collection"
        many="collections"
      />
      {results.isPending ? null : results.isError ? (
        <ErrorMessage error={results.error} />
      ) : count === 0 ? (
        <EmptyState title={filtered ? 'No collections found' : 'No collections yet'}>
          <p>
            {filtered
              ? 'Try another word, or '
              : 'Gather the resources that work into a path for colleagues: '}
            <Link to="/collections/new">create a collection</Link>.
          </p>
        </EmptyState>
      ) : (
        <ul className="grid collection-list">
          {collections.map((collection) => (
            <li key={collection.id}>
              <CollectionCard collection={collection} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={results} noun="collections" />
    </section>
  );
}
