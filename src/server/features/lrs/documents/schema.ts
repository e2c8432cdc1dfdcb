import { customType, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from '#server/db/columns.ts';
import { apiClients, organizations } from '#server/db/schema.ts';
import { LRS_DOCUMENT_KINDS } from '#shared/contracts/lrs-documents.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * The documents of the xAPI State, Activity Profile and Agent Profile resources (xAPI 1.0.3
 * Communication 2.3–2.6), kept per district. A document is addressed by its kind and, as the kind
 * needs, its activity IRI, its agent's canonical IFI key (identities.ts), a registration (State
 * only; empty when none) and its id. The content is kept as sent, with its content type; the ETag is
 * the SHA-1 of the content.
 */
export const lrsDocuments = pgTable(
  'lrs_documents',
  {
    id: id(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    kind: text('kind', { enum: LRS_DOCUMENT_KINDS }).notNull(),
    /** The activity IRI (State, Activity Profile); empty for an Agent Profile. */
    activityId: text('activity_id').notNull().default(''),
    /** The agent's canonical IFI key (State, Agent Profile); empty for an Activity Profile. */
    agentKey: text('agent_key').notNull().default(''),
    /** The State's registration UUID in lower case; empty when none. */
    registration: text('registration').notNull().default(''),
    documentId: text('document_id').notNull(),
    /** SHA-256 of kind, activity, agent and registration: the set an ids list reads. */
    scopeHash: text('scope_hash').notNull(),
    /** SHA-256 of the scope and the document id: one document (IRIs may be longer than an index key). */
    addressHash: text('address_hash').notNull(),
    contentType: text('content_type').notNull(),
    content: bytea('content').notNull(),
    etag: text('etag').notNull(),
    /** The API client that last wrote it (null once the client is gone). */
    clientId: uuid('client_id').references(() => apiClients.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    uniqueIndex('lrs_documents_address_idx').on(t.districtId, t.addressHash),
    // Ids lists, filtered by `since`.
    index('lrs_documents_scope_idx').on(t.districtId, t.scopeHash, t.updatedAt),
  ],
);
