import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { uuidv7 } from 'uuidv7';
import { organizations, users } from '#server/db/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * API clients of a district: another system's credentials. The key is public and names the client;
 * secrets are kept only as SHA-256 hashes (they are 256 random bits, so no slower hash is needed).
 * While a secret is rotated the previous one stays valid until an administrator retires it.
 */
export const apiClients = pgTable(
  'api_clients',
  {
    id: uuid('id')
      .primaryKey()
      .$defaultFn(() => uuidv7()),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    key: text('key').notNull(),
    scopes: text('scopes').array().notNull(),
    secretHash: text('secret_hash').notNull(),
    secretCreatedAt: ts('secret_created_at').notNull().defaultNow(),
    previousSecretHash: text('previous_secret_hash'),
    previousSecretCreatedAt: ts('previous_secret_created_at'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    uniqueIndex('api_clients_key_idx').on(t.key),
    index('api_clients_district_idx').on(t.districtId, t.id),
  ],
);
