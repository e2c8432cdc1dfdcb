import { z } from 'zod';
import { LICENCE_IDS } from '../licences.ts';
import { displayName, line, plainText } from './common.ts';
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

/**
 * An alignment tag: a competency or standard code or phrase, kept as written (codes such as
 * CCSS.MATH.3.NF.A.1 are read in their case) and matched in any case.
 */
export const AlignmentTag = line(80).pipe(z.string().min(1, 'must not be empty'));
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

// ─── Resources core: sharing, files, versions, remixes ──────────────────────────────────────────

/** Words of a text before and after a change: each part kept, added or removed. */
export const TextPart = z.object({ kind: z.enum(['same', 'added', 'removed']), text: z.string() });
export type TextPart = z.infer<typeof TextPart>;

export const ITEMS_MAX = 20;

/** A web address people may follow: http or https only. */
export const WebUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => {
    try {
      const url = new URL(s);
      return (url.protocol === 'http:' || url.protocol === 'https:') && Boolean(url.hostname);
    } catch {
      return false;
    }
  }, 'must be an http or https address');

/** One file or link of a resource, as the sharer sends it. */
export const ResourceItemInput = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('file'), fileId: z.uuid(), commentary: plainText(4000).default('') }),
  z.strictObject({
    type: z.literal('link'),
    url: WebUrl,
    title: displayName(200),
    commentary: plainText(4000).default(''),
  }),
]);
export type ResourceItemInput = z.infer<typeof ResourceItemInput>;

const resourceFields = {
  kind: ResourceKind,
  title: displayName(200),
  summary: plainText(1000).default(''),
  /** Markdown; rendered and sanitized on the server. */
  notesMd: z.string().max(50_000, 'must be at most 50000 characters').default(''),
  subjects: z.array(Subject).max(20).default([]),
  gradeBands: z.array(GradeBand).max(10).default([]),
  alignments: z.array(AlignmentTag).max(ALIGNMENTS_MAX).default([]),
  licence: LicenceId,
  items: z
    .array(ResourceItemInput)
    .max(ITEMS_MAX, `must hold at most ${ITEMS_MAX} files and links`)
    .default([]),
};

export const CreateResourceBody = z.strictObject({ ...resourceFields, ...AudienceFields });
export type CreateResourceBody = z.infer<typeof CreateResourceBody>;

/** Any fields to change, and what changed in the editor's words: each edit makes a new version. */
export const UpdateResourceBody = z.strictObject({
  kind: resourceFields.kind.optional(),
  title: resourceFields.title.optional(),
  summary: plainText(1000).optional(),
  notesMd: z.string().max(50_000, 'must be at most 50000 characters').optional(),
  subjects: z.array(Subject).max(20).optional(),
  gradeBands: z.array(GradeBand).max(10).optional(),
  alignments: z.array(AlignmentTag).max(ALIGNMENTS_MAX).optional(),
  licence: LicenceId.optional(),
  items: z
    .array(ResourceItemInput)
    .max(ITEMS_MAX, `must hold at most ${ITEMS_MAX} files and links`)
    .optional(),
  audience: Audience.optional(),
  audienceId: z.uuid().nullable().optional(),
  changeNote: plainText(500).default(''),
});
export type UpdateResourceBody = z.infer<typeof UpdateResourceBody>;

/** A remix: the copy's licence (one the source allows), who sees it, and optionally a new title. */
export const RemixBody = z.strictObject({
  licence: LicenceId,
  ...AudienceFields,
  title: displayName(200).optional(),
});
export type RemixBody = z.infer<typeof RemixBody>;

export const PreviewKind = z.enum(['image', 'pdf', 'video']);
export type PreviewKind = z.infer<typeof PreviewKind>;

/** An uploaded file, as the uploader and a resource's readers see it. */
export const ResourceFileView = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  byteSize: z.number().int(),
  /** How a page may show it, or null when it can only be downloaded. */
  preview: PreviewKind.nullable(),
});
export type ResourceFileView = z.infer<typeof ResourceFileView>;
export const ResourceFileResponse = z.object({ data: ResourceFileView });

/** A file or link in a version of a resource, with addresses to download and preview a file. */
export const ResourceItemView = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('file'),
    file: ResourceFileView,
    downloadUrl: z.string(),
    previewUrl: z.string().nullable(),
    commentary: z.string(),
  }),
  z.object({ type: z.literal('link'), url: z.string(), title: z.string(), commentary: z.string() }),
]);
export type ResourceItemView = z.infer<typeof ResourceItemView>;

/** What the viewer may do with a resource; the page shows controls from this and nothing else. */
export const ResourcePermissions = z.object({
  canEdit: z.boolean(),
  canDelete: z.boolean(),
  canRemix: z.boolean(),
  /** The licences a remix may carry. */
  remixLicences: z.array(LicenceId),
  /** Why remix is not possible, when it is not. */
  remixRefusal: z.string().nullable(),
});

/** A resource's page: its current version whole. */
export const ResourceView = ResourceSummary.extend({
  notesMd: z.string(),
  notesHtml: z.string(),
  items: z.array(ResourceItemView),
  /** The audience's community or organization id; given to the owner only, to edit. */
  audienceId: z.uuid().nullable(),
  remixOfVersion: z.number().int().nullable(),
  /** Remixes of this resource the viewer may see. */
  visibleRemixCount: z.number().int(),
  changeNote: z.string(),
  createdAt: z.string(),
  permissions: ResourcePermissions,
});
export type ResourceView = z.infer<typeof ResourceView>;
export const ResourceResponse = z.object({ data: ResourceView });

export const ResourceListResponse = z.object({
  data: z.array(ResourceSummary),
  nextCursor: z.string().nullable(),
});

/** One version in a resource's history. */
export const ResourceVersionSummary = z.object({
  version: z.number().int(),
  changeNote: z.string(),
  editor: Named,
  createdAt: z.string(),
});
export type ResourceVersionSummary = z.infer<typeof ResourceVersionSummary>;
export const ResourceVersionListResponse = z.object({
  data: z.array(ResourceVersionSummary),
  nextCursor: z.string().nullable(),
});

/** A version of a resource, whole, as it was. */
export const ResourceVersionView = ResourceVersionSummary.extend({
  resourceId: z.uuid(),
  currentVersion: z.number().int(),
  kind: ResourceKind,
  title: z.string(),
  summary: z.string(),
  notesHtml: z.string(),
  subjects: z.array(z.string()),
  gradeBands: z.array(z.string()),
  alignments: z.array(z.string()),
  licence: LicenceId,
  items: z.array(ResourceItemView),
});
export type ResourceVersionView = z.infer<typeof ResourceVersionView>;
export const ResourceVersionResponse = z.object({ data: ResourceVersionView });

export const VersionParams = z.strictObject({ id: z.uuid(), version: z.coerce.number().int().min(1) });
export const FileParams = z.strictObject({ id: z.uuid(), fileId: z.uuid() });
export const DownloadQuery = z.strictObject({ inline: z.enum(['0', '1']).optional() });
export const ChangesQuery = z.strictObject({
  from: z.coerce.number().int().min(1).optional(),
  to: z.coerce.number().int().min(1).optional(),
});

const ItemRef = z.object({ key: z.string(), type: z.enum(['file', 'link']), label: z.string() });
const ListChange = z.object({ added: z.array(z.string()), removed: z.array(z.string()) });
const ValueChange = <T extends z.ZodType>(t: T) => z.object({ from: t, to: t }).nullable();

/** What changed between two versions: word changes in texts, additions and removals in lists. */
export const ResourceChanges = z.object({
  title: z.array(TextPart).nullable(),
  summary: z.array(TextPart).nullable(),
  notes: z.array(TextPart).nullable(),
  kind: ValueChange(ResourceKind),
  licence: ValueChange(LicenceId),
  subjects: ListChange,
  gradeBands: ListChange,
  alignments: ListChange,
  items: z.object({
    added: z.array(ItemRef),
    removed: z.array(ItemRef),
    commentaryChanged: z.array(ItemRef.extend({ commentary: z.array(TextPart) })),
  }),
  /** Nothing at all changed. */
  same: z.boolean(),
});
export type ResourceChanges = z.infer<typeof ResourceChanges>;

export const ResourceChangesResponse = z.object({
  data: z.object({
    resourceId: z.uuid(),
    title: z.string(),
    from: ResourceVersionSummary,
    to: ResourceVersionSummary,
    currentVersion: z.number().int(),
    changes: ResourceChanges,
  }),
});

/**
 * Where the person may share a resource or a collection (mirrors checkAudience): their school and
 * district, their district's networks, and the live communities they are an active member of.
 */
export const AudienceOptions = z.object({
  /** The person's main school. */
  school: Named.nullable(),
  /** Every school the person belongs to (itinerant staff serve several), the main one included. */
  schools: z.array(Named),
  district: Named,
  networks: z.array(Named),
  communities: z.array(Named),
});
export type AudienceOptions = z.infer<typeof AudienceOptions>;
export const AudienceOptionsResponse = z.object({ data: AudienceOptions });
