import { useSyncExternalStore } from 'react';
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
import { useRecordLibraryVisit } from '#web/features/onboarding/api/record-library-visit.ts';
import { ApiError } from '#web/lib/api-client.ts';

/** The fields of the search box's form; facets live in their own panel. */
const FORM_FIELDS = ['q', 'mine'] as const;

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
  return first.totalIsLowerBound
    ? `More than ${n} resources match.`
    : `${n} ${first.total === 1 ? 'resource matches' : 'resources match'}.`;
}

const WIDE = '(min-width: 45.01rem)';

/** Whether the screen is wider than a phone's, kept current as the window changes. */
function useWideScreen(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia(WIDE);
      query.addEventListener('change', changed);
      return () => query.removeEventListener('change', changed);
    },
    () => window.matchMedia(WIDE).matches,
  );
}

/** The library: search the resources one may see by words and facets, sort them, page through them. */
export default function LibraryPage() {
  useRecordLibraryVisit();
  const [params, setParams] = useSearchParams();
  const wide = useWideScreen();
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
      />

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
          {/* On a phone the facets fold away, so the results start near the top of the page. */}
          <details className="library__refine" open={wide || undefined} key={wide ? 'wide' : 'narrow'}>
            <summary>
              <h2 id="library-facets-heading">Refine</h2>
              {chips.length > 0 && <span className="muted"> ({chips.length} chosen)</span>}
            </summary>
            <FacetPanel
              facets={first?.facets ?? EMPTY_FACETS}
              countedWithin={first?.countedWithin ?? null}
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
          </details>
        </aside>
        <div className="library__results">
          <div className="library__results-heading">
            <h2>Results</h2>
            {/* The order applies as soon as it is chosen, as the facets do. */}
            <SelectField
              label="Sort by"
              // While the new order loads, the previous results stay on screen: the choice shows the
              // order asked for, not theirs, so it never jumps back under the pointer or the arrow keys.
              value={
                (results.isPlaceholderData ? undefined : first?.sort) ??
                params.get('sort') ??
                (q ? 'relevance' : 'newest')
              }
              onChange={(event) =>
                update((next) => {
                  next.set('sort', event.target.value);
                })
              }
            >
              {LIBRARY_SORTS.filter((sort) => q || sort !== 'relevance').map((sort) => (
                <option key={sort} value={sort}>
                  {LIBRARY_SORT_LABELS[sort]}
                </option>
              ))}
            </SelectField>
          </div>
          {/* An empty state below says it visibly when nothing matches. */}
          <p role="status" className={first?.total === 0 ? 'visually-hidden' : 'muted'}>
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
