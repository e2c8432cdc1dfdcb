import { z } from 'zod';
import { LICENCE_IDS } from '../licences.ts';
import { line } from './common.ts';
import { GRADE_BANDS, GradeBand, SUBJECTS, Subject } from './profiles.ts';
import {
  ALIGNMENTS_MAX,
  AlignmentTag,
  LicenceId,
  RESOURCE_KINDS,
  ResourceKind,
  ResourceSummary,
} from './resources.ts';

export const LIBRARY_SORTS = ['relevance', 'rating', 'tries', 'newest'] as const;
export const LibrarySort = z.enum(LIBRARY_SORTS);
export type LibrarySort = z.infer<typeof LibrarySort>;

export const LIBRARY_SORT_LABELS: Record<LibrarySort, string> = {
  relevance: 'Best match',
  rating: 'Highest rated',
  tries: 'Most tried',
  newest: 'Newest',
};

/** The minimum ratings one may filter by (rating is the mean rubric score, 1–4). */
export const RATING_MINIMUMS = ['2', '3', '3.5'] as const;
export const RatingMinimum = z.enum(RATING_MINIMUMS);

/** A query-string parameter that may repeat (`?kind=unit&kind=lesson`): always an array. */
const repeated = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(item).max(max, `at most ${max} values`),
  );

const flag = z
  .enum(['1', '0', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');

/**
 * A search of the library. Values of one facet widen (any of them); facets narrow each other.
 * Without `q`, relevance is not a sort.
 */
export const LibraryQuery = z.strictObject({
  q: line(200).optional(),
  kind: repeated(ResourceKind, RESOURCE_KINDS.length),
  subject: repeated(Subject, SUBJECTS.length),
  gradeBand: repeated(GradeBand, GRADE_BANDS.length),
  alignment: repeated(AlignmentTag, ALIGNMENTS_MAX),
  licence: repeated(LicenceId, LICENCE_IDS.length),
  /** Rated at least this (a resource without reviews has no rating). */
  rating: RatingMinimum.optional().transform((v) => (v === undefined ? undefined : Number(v))),
  /** Only resources someone reported trying. */
  hasTries: flag,
  /** Only one's own resources. */
  mine: flag,
  /** Relevance when there are words, newest otherwise. */
  sort: LibrarySort.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type LibraryQuery = z.infer<typeof LibraryQuery>;
/** The query as the web app writes it (before parsing). */
export type LibraryQueryInput = z.input<typeof LibraryQuery>;

const Count = z.object({ value: z.string(), count: z.number().int() });
export type FacetCount = z.infer<typeof Count>;

/**
 * How many results each facet value would have. A facet's counts apply every other filter but its
 * own, so one may widen a facet as well as narrow it.
 */
export const LibraryFacets = z.object({
  kind: z.array(Count),
  subject: z.array(Count),
  gradeBand: z.array(Count),
  /** The 15 most common, and any chosen. */
  alignment: z.array(Count),
  licence: z.array(Count),
  rating: z.array(z.object({ min: z.number(), count: z.number().int() })),
  hasTries: z.number().int(),
});
export type LibraryFacets = z.infer<typeof LibraryFacets>;

export const LibraryResponse = z.object({
  data: z.array(ResourceSummary),
  facets: LibraryFacets,
  /** How many resources match (at least this many, and more, when totalIsLowerBound). */
  total: z.number().int(),
  /** True when more resources match than were counted (`countedWithin`): `total` is a lower bound. */
  totalIsLowerBound: z.boolean(),
  /**
   * True when so many resources match that the counts were taken over the first `countedWithin`
   * matches found only (of the search, or of a facet's set without its own filter): they are lower
   * bounds, shown as "n+", their proportions a sample.
   */
  facetsApproximate: z.boolean(),
  /** When facetsApproximate, how many matches of each set were counted at most; null otherwise. */
  countedWithin: z.number().int().nullable(),
  /** The sort applied (relevance when there are words and none was asked for, newest otherwise). */
  sort: LibrarySort,
  /**
   * When so many resources match that a sort other than newest ordered only the newest N of them,
   * N; null when every match was ordered. Add words or filters to order them all.
   */
  sortedWithin: z.number().int().nullable(),
  nextCursor: z.string().nullable(),
});
export type LibraryResponse = z.infer<typeof LibraryResponse>;

/** "More like this": resources like one, each saying how it is related to it. */
export const SimilarResource = ResourceSummary.extend({
  /** A remix of this resource, or the resource it remixes, or neither. */
  relation: z.enum(['remix', 'source']).nullable(),
});
export type SimilarResource = z.infer<typeof SimilarResource>;

export const SimilarResponse = z.object({ data: z.array(SimilarResource) });
export type SimilarResponse = z.infer<typeof SimilarResponse>;
