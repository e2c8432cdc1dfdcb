import { GRADE_BANDS, SUBJECTS } from '#shared/contracts/profiles.ts';
import { type FacetCount, type LibraryFacets, RATING_MINIMUMS } from '#shared/contracts/library.ts';
import { RESOURCE_KIND_LABELS, RESOURCE_KINDS } from '#shared/contracts/resources.ts';
import { LICENCE_IDS, LICENCES } from '#shared/licences.ts';

/** The facets one may choose several values of, in the order the panel shows them. */
export const MULTI_FACETS = ['kind', 'subject', 'gradeBand', 'alignment', 'licence'] as const;
export type MultiFacet = (typeof MULTI_FACETS)[number];

export const FACET_LABELS: Record<MultiFacet | 'rating' | 'hasTries', string> = {
  kind: 'Kind',
  subject: 'Subject',
  gradeBand: 'Grade band',
  alignment: 'Alignment',
  licence: 'Licence',
  rating: 'Rating',
  hasTries: 'Tried',
};

const LICENCE_LABELS = Object.fromEntries(LICENCE_IDS.map((id) => [id, LICENCES[id].label]));

/** How a value of a facet is named to people. */
export function facetValueLabel(facet: MultiFacet, value: string): string {
  if (facet === 'kind') return RESOURCE_KIND_LABELS[value as keyof typeof RESOURCE_KIND_LABELS] ?? value;
  if (facet === 'licence') return LICENCE_LABELS[value] ?? value;
  if (facet === 'gradeBand') return `Grades ${value}`;
  return value;
}

/** The known order of a facet's values; alignments (free tags) keep the server's order (most first). */
const ORDER: Partial<Record<MultiFacet, readonly string[]>> = {
  kind: RESOURCE_KINDS,
  subject: SUBJECTS,
  gradeBand: GRADE_BANDS,
  licence: LICENCE_IDS,
};

/** The values worth offering: those with matches, and those chosen (even when none match now). */
function values(facet: MultiFacet, counts: FacetCount[], chosen: string[]): Array<[string, number]> {
  const byValue = new Map(counts.map((c) => [c.value, c.count]));
  for (const value of chosen) if (!byValue.has(value)) byValue.set(value, 0);
  const order = ORDER[facet];
  const list = [...byValue];
  if (order) list.sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  return list;
}

/**
 * The facets of a search, each a group of checkboxes (a radio group for rating) with how many
 * results each would give. A change applies at once; the result count is announced.
 */
export function FacetPanel({
  facets,
  countedWithin,
  chosen,
  rating,
  hasTries,
  onToggle,
  onRating,
  onHasTries,
}: {
  facets: LibraryFacets;
  /** When so many match that each set's counts were taken over its first N matches only, N. */
  countedWithin: number | null;
  chosen: Record<MultiFacet, string[]>;
  rating: string | null;
  hasTries: boolean;
  onToggle: (facet: MultiFacet, value: string, on: boolean) => void;
  onRating: (min: string | null) => void;
  onHasTries: (on: boolean) => void;
}) {
  const count = (n: number) => (countedWithin !== null && n > 0 ? `${n}+` : String(n));
  return (
    <form aria-label="Refine results" className="facet-panel" onSubmit={(e) => e.preventDefault()}>
      {countedWithin !== null && (
        <p className="muted facet-panel__note">
          Many resources match: counts are from the first {countedWithin.toLocaleString()} found. Add words or
          filters for exact counts.
        </p>
      )}
      {MULTI_FACETS.map((facet) => {
        const list = values(facet, facets[facet], chosen[facet]);
        if (list.length === 0) return null;
        return (
          <fieldset key={facet} className="choice-group facet">
            <legend>{FACET_LABELS[facet]}</legend>
            {list.map(([value, n]) => (
              <label key={value} className="checkbox">
                <input
                  type="checkbox"
                  name={facet}
                  value={value}
                  checked={chosen[facet].includes(value)}
                  onChange={(e) => onToggle(facet, value, e.currentTarget.checked)}
                />
                <span>
                  {facetValueLabel(facet, value)} <span className="facet__count">({count(n)})</span>
                </span>
              </label>
            ))}
          </fieldset>
        );
      })}
      <fieldset className="choice-group facet">
        <legend>{FACET_LABELS.rating}</legend>
        <label className="checkbox">
          <input
            type="radio"
            name="rating"
            value=""
            checked={rating === null}
            onChange={() => onRating(null)}
          />
          Any rating
        </label>
        {RATING_MINIMUMS.map((min) => (
          <label key={min} className="checkbox">
            <input
              type="radio"
              name="rating"
              value={min}
              checked={rating === min}
              onChange={() => onRating(min)}
            />
            <span>
              {min} out of 4 or better{' '}
              <span className="facet__count">
                ({count(facets.rating.find((r) => String(r.min) === min)?.count ?? 0)})
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset className="choice-group facet">
        <legend>{FACET_LABELS.hasTries}</legend>
        <label className="checkbox">
          <input
            type="checkbox"
            name="hasTries"
            value="true"
            checked={hasTries}
            onChange={(e) => onHasTries(e.currentTarget.checked)}
          />
          <span>
            Someone tried it <span className="facet__count">({count(facets.hasTries)})</span>
          </span>
        </label>
      </fieldset>
    </form>
  );
}
