import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from '#server/db/columns.ts';
import { organizations, users } from '#server/db/schema.ts';

/**
 * An xAPI actor identity a district administrator mapped by hand to one of the district's staff: the
 * canonical key of its inverse functional identifier (identities.ts), unique within the district.
 * Statements whose actor has this key match that person from then on, and those stored before are
 * matched when the link is made.
 */
export const lrsIdentityLinks = pgTable(
  'lrs_identity_links',
  {
    id: id(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    ifiKey: text('ifi_key').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('lrs_identity_links_key_idx').on(t.districtId, t.ifiKey),
    index('lrs_identity_links_user_idx').on(t.userId),
  ],
);

/**
 * A district's LRS settings: the home page its other systems name in an xAPI `account` (besides
 * Trellis's own public address), whose account names are Trellis ids, emails or roster sourcedIds.
 */
export const lrsSettings = pgTable('lrs_settings', {
  districtId: uuid('district_id')
    .primaryKey()
    .references(() => organizations.id),
  homePage: text('home_page'),
  updatedAt: createdAt('updated_at'),
});
