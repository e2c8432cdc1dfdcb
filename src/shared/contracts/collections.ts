import { z } from 'zod';
import { displayName, line, plainText } from './common.ts';
import { AudienceFields, AudienceView, ResourceSummary } from './resources.ts';

export const COLLECTION_TITLE_MAX = 160;
export const COLLECTION_DESCRIPTION_MAX = 2000;
export const ANNOTATION_MAX = 1000;
/** A collection is a curated path, not an archive: the whole of it is read on one page. */
export const COLLECTION_ITEMS_MAX = 200;

const title = displayName(COLLECTION_TITLE_MAX);
const description = plainText(COLLECTION_DESCRIPTION_MAX);
const annotation = plainText(ANNOTATION_MAX);

const flag = z
  .enum(['1', '0', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');

export const CollectionListQuery = z.strictObject({
  /** Words found in the title or description, ignoring case. */
  q: line(200).optional(),
  /** Only one's own collections. */
  mine: flag,
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type CollectionListQuery = z.infer<typeof CollectionListQuery>;

export const CreateCollectionBody = z.strictObject({
  title,
  description: description.default(''),
  ...AudienceFields,
});
export type CreateCollectionBody = z.infer<typeof CreateCollectionBody>;

/** Changing the audience needs `audience` (and `audienceId` for a community, school, district or network). */
export const UpdateCollectionBody = z.strictObject({
  title: title.optional(),
  description: description.optional(),
  audience: AudienceFields.audience.optional(),
  audienceId: AudienceFields.audienceId,
});
export type UpdateCollectionBody = z.infer<typeof UpdateCollectionBody>;

export const AddCollectionItemBody = z.strictObject({
  resourceId: z.uuid(),
  annotation: annotation.default(''),
});
export type AddCollectionItemBody = z.infer<typeof AddCollectionItemBody>;

export const UpdateCollectionItemBody = z.strictObject({
  annotation: annotation.optional(),
  /** The new place, from 0; past the end means last. The other items are renumbered around it. */
  position: z.number().int().min(0).optional(),
});
export type UpdateCollectionItemBody = z.infer<typeof UpdateCollectionItemBody>;

export const CollectionItemParams = z.strictObject({ id: z.uuid(), resourceId: z.uuid() });

const Named = z.object({ id: z.uuid(), name: z.string() });

/** A collection in a list. */
export const CollectionSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  owner: Named,
  audience: AudienceView,
  /** Every item, those the viewer may not see included (they are counted, never named). */
  itemCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CollectionSummary = z.infer<typeof CollectionSummary>;

export const CollectionItem = z.object({
  /** Its place in the whole collection, from 0 (hidden items keep theirs, so there may be gaps). */
  position: z.number().int(),
  annotation: z.string(),
  addedAt: z.string(),
  resource: ResourceSummary,
});
export type CollectionItem = z.infer<typeof CollectionItem>;

export const CollectionDetail = CollectionSummary.extend({
  /** The audience as stored, for its owner's edit form; null for everyone else. */
  audienceId: z.uuid().nullable(),
  /** The items the viewer may see, in order. */
  items: z.array(CollectionItem),
  /** Items shared with people the viewer is not among (or no longer shared): counted, not named. */
  hiddenItemCount: z.number().int(),
  abilities: z.object({
    /** Edit, delete, add, annotate, reorder and remove items: the owner alone. */
    edit: z.boolean(),
  }),
});
export type CollectionDetail = z.infer<typeof CollectionDetail>;

export const CollectionListResponse = z.object({
  data: z.array(CollectionSummary),
  nextCursor: z.string().nullable(),
});
export type CollectionListResponse = z.infer<typeof CollectionListResponse>;

export const CollectionResponse = z.object({ data: CollectionDetail });
export type CollectionResponse = z.infer<typeof CollectionResponse>;
