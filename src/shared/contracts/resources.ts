import { z } from 'zod';
import { LICENCE_IDS } from '../licences.ts';
import { line } from './common.ts';
import { GradeBand, Subject } from './profiles.ts';

export const RESOURCE_KINDS = [
  'lesson',
  'unit',
  'performance_task',
  'assessment_bundle',
  'rubric',
  'video',
  'tool_protocol',
  'research_brief',
] as const;
export const ResourceKind = z.enum(RESOURCE_KINDS);
export type ResourceKind = z.infer<typeof ResourceKind>;

export const RESOURCE_KIND_LABELS: Record<ResourceKind, string> = {
  lesson: 'Lesson',
  unit: 'Unit',
  performance_task: 'Performance task',
  assessment_bundle: 'Assessment bundle',
  rubric: 'Rubric',
  video: 'Video',
  tool_protocol: 'Tool or protocol',
  research_brief: 'Research brief',
};

export const LicenceId = z.enum(LICENCE_IDS);

export const AUDIENCES = ['private', 'community', 'school', 'district', 'network', 'public'] as const;
export const Audience = z.enum(AUDIENCES);
export type Audience = z.infer<typeof Audience>;

export const AUDIENCE_LABELS: Record<Audience, string> = {
  private: 'Only me',
  community: 'A community',
  school: 'My school',
  district: 'My district',
  network: 'A network',
  public: 'Everyone on Trellis',
};

/** An alignment tag: a competency or standard code or phrase, stored in lower case. */
export const AlignmentTag = line(80)
  .pipe(z.string().min(1, 'must not be empty'))
  .transform((s) => s.toLowerCase());
export const ALIGNMENTS_MAX = 20;

/** Who sees a shared thing: the audience, and which community, school, district or network. */
export const AudienceFields = {
  audience: Audience,
  /** The community, school, district or network; omitted for private and public. */
  audienceId: z.uuid().nullable().optional(),
};

const Named = z.object({ id: z.uuid(), name: z.string() });

/** How a shared thing's audience is shown: the kind, and the organization or community named. */
export const AudienceView = z.object({ audience: Audience, name: z.string().nullable() });
export type AudienceView = z.infer<typeof AudienceView>;

/** A resource in a list: search results, a collection, remixes, one's own library. */
export const ResourceSummary = z.object({
  id: z.uuid(),
  kind: ResourceKind,
  title: z.string(),
  summary: z.string(),
  subjects: z.array(Subject),
  gradeBands: z.array(GradeBand),
  alignments: z.array(z.string()),
  licence: LicenceId,
  owner: Named,
  audience: AudienceView,
  version: z.number().int(),
  /** Mean rubric score, 1–4, or null before the first review. */
  rating: z.number().nullable(),
  reviewCount: z.number().int(),
  triedCount: z.number().int(),
  remixCount: z.number().int(),
  endorsementCount: z.number().int(),
  remixOf: z.object({ id: z.uuid(), title: z.string() }).nullable(),
  updatedAt: z.string(),
});
export type ResourceSummary = z.infer<typeof ResourceSummary>;

export { GradeBand, Subject };
