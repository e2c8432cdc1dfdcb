import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from '#server/db/schema.ts';
import { RETENTION_KINDS } from '#shared/contracts/privacy.ts';

/** How many days a district keeps one kind of record; a nightly run deletes what is older. */
export const retentionSettings = pgTable(
  'retention_settings',
  {
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    kind: text('kind', { enum: RETENTION_KINDS }).notNull(),
    days: integer('days').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.kind] })],
);
