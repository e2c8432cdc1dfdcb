import { Link, useSearchParams } from 'react-router';
import { SEARCH_KINDS, type SearchKind } from '#shared/contracts/search.ts';
import { EmptyState, ErrorMessage, PageHeading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { groupOf, SEARCH_FIELDS, type SearchParams, useSearch } from '#web/features/search/api/search.ts';
import { SearchForm } from '#web/features/search/components/search-form.tsx';
import { KIND_LABELS, type ResultItem, ResultList } from '#web/features/search/components/search-results.tsx';

const KINDS = SEARCH_KINDS.filter((k): k is Exclude<SearchKind, 'all'> => k !== 'all');

/** Search: threads, replies, communities, people, resources, collections and adopted change ideas the person may see. */
export default function SearchPage() {
  const [url, setUrl] = useSearchParams();
  const kindParam = url.get('kind') as SearchKind | null;
  const params: SearchParams = {
    q: url.get('q') ?? '',
    kind: kindParam && SEARCH_KINDS.includes(kindParam) ? kindParam : 'all',
  };
  for (const field of SEARCH_FIELDS) {
    const value = url.get(field);
    if (value && field !== 'q' && field !== 'kind') params[field] = value;
  }
  const results = useSearch(params);
  const pages = results.data?.pages ?? [];
  const linkTo = (kind: SearchKind) => {
    const next = new URLSearchParams(url);
    if (kind === 'all') next.delete('kind');
    else next.set('kind', kind);
    return `/search?${next.toString()}`;
  };
  const kinds = params.kind === 'all' ? KINDS : [params.kind];
  const groups = kinds.map((kind) => ({
    kind,
    items: pages.flatMap((page): ResultItem[] => groupOf(page, kind)?.items ?? []),
    more: Boolean(pages.at(-1) && groupOf(pages.at(-1)!, kind)?.nextCursor),
    // The ranking stopped at its limit: only the newest this many can be shown (the API says so).
    rankedWithin: pages[0] ? groupOf(pages[0], kind)?.rankedWithin : undefined,
  }));
  const total = groups.reduce((n, g) => n + g.items.length, 0);
  const hasQuery = params.q.trim().length > 0;

  return (
    <section className="page">
      <PageHeading title={hasQuery ? `Search: ${params.q}` : 'Search'}>Search</PageHeading>
      <SearchForm
        key={url.toString()}
        params={params}
        error={results.error}
        onSearch={(next) => setUrl(next)}
      />
      <nav aria-label="Kinds of results" className="search-kinds">
        <ul>
          {SEARCH_KINDS.map((kind) => (
            <li key={kind}>
              <Link to={linkTo(kind)} aria-current={params.kind === kind ? 'page' : undefined}>
                {KIND_LABELS[kind]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {/* An empty state below says it visibly when nothing matches. */}
      <p role="status" className={hasQuery && results.isSuccess && total === 0 ? 'visually-hidden' : 'muted'}>
        {!hasQuery
          ? 'Type some words to search.'
          : results.isPending
            ? 'Searching…'
            : results.isError
              ? ''
              : total === 0
                ? 'Nothing matches this search.'
                : `${total} ${total === 1 ? 'result' : 'results'} shown.`}
      </p>
      {hasQuery && results.isError && <ErrorMessage error={results.error} />}
      {hasQuery && results.isSuccess && total === 0 && (
        <EmptyState title="Nothing found">
          <p>Try other words, fewer filters, or search everything. Only what you may read is searched.</p>
        </EmptyState>
      )}
      {hasQuery &&
        results.isSuccess &&
        total > 0 &&
        groups.map((group) =>
          params.kind === 'all' && group.items.length === 0 ? null : (
            <section key={group.kind} aria-labelledby={`results-${group.kind}`} className="search-group">
              <h2 id={`results-${group.kind}`}>{KIND_LABELS[group.kind]}</h2>
              <ResultList kind={group.kind} items={group.items} />
              {params.kind !== 'all' && group.rankedWithin && (
                <p className="muted">
                  Only the newest {group.rankedWithin} matches are ranked; older ones may not be shown. Add
                  words or filters to narrow the search.
                </p>
              )}
              {params.kind === 'all' && group.more && (
                <p>
                  <Link to={linkTo(group.kind)}>See all {KIND_LABELS[group.kind].toLowerCase()}</Link>
                </p>
              )}
            </section>
          ),
        )}
      {params.kind !== 'all' && <LoadMore query={results} noun={KIND_LABELS[params.kind].toLowerCase()} />}
    </section>
  );
}
