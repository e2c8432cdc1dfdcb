import { sql } from 'drizzle-orm';
import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tsvector } from '#server/db/columns.ts';

/**
 * What search reads: one document per searchable row of every feature (an opening post, a reply, a
 * community, a resource, a collection, an adopted change idea), each with its weighted words, its facets and the keys of who may find it.
 * Documents are current state, written by triggers in the same transaction as the row they stand
 * for (migration 0014_search_documents_sync; decision 015), so a hidden post or a changed audience
 * leaves or changes search at the commit that made it so.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    /** The id of the row the document stands for (uuidv7: newest first is the id backwards). */
    id: uuid('id').primaryKey(),
    /** The kind of document, as a feature declares it (`Feature.searchDocuments`). */
    kind: text('kind').notNull(),
    /** The community the row belongs to (threads, replies) or is (communities), if any. */
    communityId: uuid('community_id'),
    title: text('title').notNull().default(''),
    /**
     * Facets as `name:value` keys, filtered with `@>` and counted by unnesting: `subject:Mathematics`,
     * `grade:3-5` (the row's or its community's), and what a kind adds (a resource's `kind:`,
     * `licence:`, `alignment:` in lower case, `rating:3`, `tried`).
     */
    facets: text('facets').array().notNull().default(sql`'{}'`),
    /**
     * Who may find it, as keys a viewer holds (`viewerKeys` in platform/search-documents.ts):
     * `o:<organization>` (the people of a school, district or network), `m:<community>` (its active
     * members), `i:<community>` (its invitees), `u:<person>` (one person) and `*` (everyone signed in).
     */
    readers: text('readers').array().notNull(),
    /** Title (A), names and other short fields (B), facets (C), body (C/D), as the kind weighs them. */
    search: tsvector('search').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // Newest first within a kind, for broad words: walk back and stop at a bounded pool of matches.
    index('search_documents_recent_idx').on(t.kind, t.id),
    // The few documents of small kinds, apart from millions of posts: a community search, and the
    // library's visibility, facets and words in one scan of its own index.
    index('search_documents_community_idx')
      .using('gin', t.readers, t.search)
      .where(sql`${t.kind} = 'community'`),
    index('search_documents_resource_idx')
      .using('gin', t.readers, t.facets, t.search)
      .where(sql`${t.kind} = 'resource'`),
    // Threads and replies past the window of newest documents, when the matches there are sparse:
    // who may find them, their subject and grade band, their words and the 14-day period they were
    // written in (`search_periods`, migration 0047) in one GIN scan, so a subject none of the
    // viewer's communities has costs nothing (decision 032) and a few periods are read at a time,
    // newest first (decision 040).
    index('search_documents_thread_periods_idx')
      .using('gin', t.readers, t.facets, t.search, sql`search_periods(${t.createdAt})`)
      .where(sql`${t.kind} = 'thread'`),
    index('search_documents_post_periods_idx')
      .using('gin', t.readers, t.facets, t.search, sql`search_periods(${t.createdAt})`)
      .where(sql`${t.kind} = 'post'`),
    index('search_documents_collection_idx')
      .using('gin', t.readers, t.search)
      .where(sql`${t.kind} = 'collection'`),
    index('search_documents_change_idea_idx')
      .using('gin', t.readers, t.search)
      .where(sql`${t.kind} = 'change_idea'`),
    index('search_documents_event_idx').using('gin', t.readers, t.search).where(sql`${t.kind} = 'event'`),
  ],
);
