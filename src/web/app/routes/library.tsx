import { Link, useSearchParams } from 'react-router';
import { LIBRARY_SORT_LABELS, LIBRARY_SORTS, type LibraryResponse } from '#shared/contracts/library.ts';
import { EmptyState, ErrorMessage, PageHeading } from '#web/components/feedback.tsx';
import { SelectField } from '#web/components/field.tsx';
import { FilterForm } from '#web/components/filter-form.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { librarySearchString, useLibrarySearch } from '#web/features/library/api/search-library.ts';
import {
  FACET_LABELS,
  FacetPanel,
  facetValueLabel,
  MULTI_FACETS,
  type MultiFacet,
} from '#web/features/library/components/facet-panel.tsx';
import { ResourceCard } from '#web/features/library/components/resource-card.tsx';
import { ApiError } from '#web/lib/api-client.ts';

/** The fields of the search box's form; facets live in their own panel. */
const FORM_FIELDS = ['q', 'sort', 'mine'] as const;

const EMPTY_FACETS: LibraryResponse['facets'] = {
  kind: [],
  subject: [],
  gradeBand: [],
  alignment: [],
  licence: [],
  rating: [],
  hasTries: 0,
};

/** "12 resources match", or at least so many when the counts were cut. */
function statusText(first: LibraryResponse | undefined, pending: boolean, failed: boolean): string {
  if (pending) return 'Searching…';
  if (failed || !first) return '';
  if (first.total === 0) return 'No resource matches.';
  const n = first.total.toLocaleString();
  return first.facetsApproximate
    ? `More than ${n} resources match.`
    : `${n} ${first.total === 1 ? 'resource matches' : 'resources match'}.`;
}

/** The library: search the resources one may see by words and facets, sort them, page through them. */
export default function LibraryPage() {
  const [params, setParams] = useSearchParams();
  const search = librarySearchString(params);
  const results = useLibrarySearch(search);
  const first = results.data?.pages[0];
  const resources = results.data?.pages.flatMap((page) => page.data) ?? [];
  const q = params.get('q')?.trim() ?? '';
  const mine = params.get('mine') === 'true' || params.get('mine') === '1';
  const chosen = Object.fromEntries(MULTI_FACETS.map((f) => [f, params.getAll(f)])) as Record<
    MultiFacet,
    string[]
  >;
  const rating = params.get('rating');
  const hasTries = params.get('hasTries') === 'true';
  const filtered = MULTI_FACETS.some((f) => chosen[f].length > 0) || rating !== null || hasTries;

  /** A new address from the current one: `change` edits a copy; the page cursor never carries over. */
  const update = (change: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(search);
    change(next);
    // Relevance sorts only a search with words.
    if (!next.get('q') && next.get('sort') === 'relevance') next.delete('sort');
    setParams(next);
  };
  const onSearch = (form: Record<string, string>) =>
    update((next) => {
      for (const field of FORM_FIELDS) next.delete(field);
      for (const [field, value] of Object.entries(form)) next.set(field, value);
      if (next.get('mine')) next.set('mine', 'true');
    });
  const toggle = (facet: MultiFacet, value: string, on: boolean) =>
    update((next) => {
      const values = next.getAll(facet).filter((v) => v !== value);
      next.delete(facet);
      for (const v of on ? [...values, value] : values) next.append(facet, v);
    });
  const chips = [
    ...MULTI_FACETS.flatMap((facet) =>
      chosen[facet].map((value) => ({
        key: `${facet}=${value}`,
        label: `${FACET_LABELS[facet]}: ${facetValueLabel(facet, value)}`,
        remove: () => toggle(facet, value, false),
      })),
    ),
    ...(rating
      ? [
          {
            key: 'rating',
            label: `Rating: ${rating} or better`,
            remove: () => update((next) => next.delete('rating')),
          },
        ]
      : []),
    ...(hasTries
      ? [{ key: 'hasTries', label: 'Tried', remove: () => update((next) => next.delete('hasTries')) }]
      : []),
  ];

  const queryError = results.error instanceof ApiError ? results.error.fieldError('q') : undefined;
  return (
    <section className="page library">
      <div className="community-heading">
        <PageHeading>Library</PageHeading>
        <Link to="/resources/new" className="button">
          Share a resource
        </Link>
      </div>
      <p className="muted">
        Lessons, units, tasks, assessment bundles, rubrics and more, shared by teachers across your school,
        district and network.
      </p>
      <FilterForm
        key={search}
        label="Search the library"
        fields={FORM_FIELDS}
        queryLabel="Search by title, summary or alignment"
        query={q}
        queryError={queryError}
        submitLabel="Search the library"
        onSearch={onSearch}
        onClear={filtered || q || mine ? () => setParams({}) : undefined}
        extra={
          <label className="checkbox">
            <input type="checkbox" name="mine" value="true" defaultChecked={mine} /> Only my resources
          </label>
        }
      >
        <SelectField label="Sort by" name="sort" defaultValue={first?.sort ?? params.get('sort') ?? ''}>
          {LIBRARY_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {LIBRARY_SORT_LABELS[sort]}
              {sort === 'relevance' ? ' (when searching for words)' : ''}
            </option>
          ))}
        </SelectField>
      </FilterForm>

      {chips.length > 0 && (
        <div className="filter-chips">
          <h2 className="visually-hidden">Chosen filters</h2>
          <ul aria-label="Chosen filters">
            {chips.map((chip) => (
              <li key={chip.key}>
                <button
                  type="button"
                  className="chip"
                  aria-label={`Remove filter ${chip.label}`}
                  onClick={chip.remove}
                >
                  {chip.label} <span aria-hidden="true">×</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="library__layout">
        <aside className="library__facets" aria-labelledby="library-facets-heading">
          <h2 id="library-facets-heading">Refine</h2>
          <FacetPanel
            facets={first?.facets ?? EMPTY_FACETS}
            approximate={first?.facetsApproximate ?? false}
            chosen={chosen}
            rating={rating}
            hasTries={hasTries}
            onToggle={toggle}
            onRating={(min) =>
              update((next) => {
                if (min) next.set('rating', min);
                else next.delete('rating');
              })
            }
            onHasTries={(on) =>
              update((next) => {
                if (on) next.set('hasTries', 'true');
                else next.delete('hasTries');
              })
            }
          />
        </aside>
        <div className="library__results">
          <h2>Results</h2>
          <p role="status" className="muted">
            {statusText(first, results.isPending || results.isPlaceholderData, results.isError)}
          </p>
          {first?.sortedWithin && (
            <p className="muted">
              So many resources match that they are sorted among the newest{' '}
              {first.sortedWithin.toLocaleString()} only. Add words or filters to sort them all.
            </p>
          )}
          {results.isPending ? null : results.isError ? (
            <ErrorMessage error={results.error} />
          ) : resources.length === 0 ? (
            mine && !q && !filtered ? (
              <EmptyState title="You have not shared a resource yet">
                <p>
                  <Link to="/resources/new">Share a resource</Link>: a lesson, a task with its rubric, or a
                  protocol that worked for your students.
                </p>
              </EmptyState>
            ) : q || filtered || mine ? (
              <EmptyState title="No resources found">
                <p>Try other words, or remove a filter or two.</p>
              </EmptyState>
            ) : (
              <EmptyState title="The library is empty so far">
                <p>
                  Be the first: <Link to="/resources/new">share a resource</Link> with your colleagues.
                </p>
              </EmptyState>
            )
          ) : (
            <ul className="resource-list">
              {resources.map((resource) => (
                <li key={resource.id}>
                  <ResourceCard resource={resource} />
                </li>
              ))}
            </ul>
          )}
          <LoadMore query={results} noun="resources" />
        </div>
      </div>
    </section>
  );
}
