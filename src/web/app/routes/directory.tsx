import { useSearchParams } from 'react-router';
import { EmptyState, ErrorMessage, PageHeading } from '#web/components/feedback.tsx';
import { LoadMore, ResultCount } from '#web/components/paged-list.tsx';
import { useDirectoryOptions } from '#web/features/directory/api/get-directory-options.ts';
import { type DirectorySearch, useDirectorySearch } from '#web/features/directory/api/search-directory.ts';
import { DirectoryFilters, SEARCH_FIELDS } from '#web/features/directory/components/directory-filters.tsx';
import { PersonCard } from '#web/features/directory/components/person-card.tsx';
import { ApiError } from '#web/lib/api-client.ts';

/** The directory: search and filter the people of one's district and network. */
export default function DirectoryPage() {
  const [params, setParams] = useSearchParams();
  const search: DirectorySearch = {};
  for (const field of SEARCH_FIELDS) {
    const value = params.get(field);
    if (value) search[field] = value;
  }
  const options = useDirectoryOptions();
  const results = useDirectorySearch(search);
  const people = results.data?.pages.flatMap((page) => page.data) ?? [];
  const count = people.length;

  return (
    <section className="page">
      <PageHeading>Directory</PageHeading>
      <p className="muted">Find colleagues across your district and the districts of your network.</p>
      <ErrorMessage error={options.error} />
      <DirectoryFilters
        key={params.toString()}
        search={search}
        options={options.data}
        queryError={results.error instanceof ApiError ? results.error.fieldError('q') : undefined}
        onSearch={(next) => setParams(next as Record<string, string>)}
      />
      <h2>Results</h2>
      <ResultCount
        query={results}
        count={count}
        none="No one matches this search."
        one="person"
        many="people"
      />
      {results.isPending ? null : results.isError ? (
        <ErrorMessage error={results.error} />
      ) : count === 0 ? (
        <EmptyState title="No one found">
          <p>Try fewer filters, another spelling, or a broader word.</p>
        </EmptyState>
      ) : (
        <ul className="grid" style={{ listStyle: 'none', padding: 0 }}>
          {people.map((person) => (
            <li key={person.id}>
              <PersonCard person={person} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={results} noun="people" />
    </section>
  );
}
