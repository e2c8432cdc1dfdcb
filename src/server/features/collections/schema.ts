import { index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from '#server/db/columns.ts';
import { organizations, users } from '#server/features/accounts/schema.ts';
import { resources } from '#server/features/resources/schema.ts';
import { AUDIENCES } from '#shared/contracts/resources.ts';

/** An ordered, annotated set of resources curated by a teacher, shared like a resource. */
export const collections = pgTable(
  'collections',
  {
    id: id(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    schoolId: uuid('school_id').references(() => organizations.id),
    audience: text('audience', { enum: AUDIENCES }).notNull(),
    audienceId: uuid('audience_id'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    itemCount: integer('item_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    index('collections_owner_idx').on(t.ownerId, t.updatedAt),
    index('collections_audience_idx').on(t.audience, t.audienceId, t.updatedAt),
  ],
);

export const collectionItems = pgTable(
  'collection_items',
  {
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id),
    /** Order in the collection, from 0. */
    position: integer('position').notNull(),
    annotation: text('annotation').notNull().default(''),
    addedAt: createdAt('added_at'),
  },
  (t) => [
    primaryKey({ columns: [t.collectionId, t.resourceId] }),
    index('collection_items_order_idx').on(t.collectionId, t.position),
    index('collection_items_resource_idx').on(t.resourceId),
  ],
);
