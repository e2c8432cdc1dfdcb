-- Custom SQL migration file, put your code below! --
-- The library's newest-first walk reads words as well (decision 028): a set of common words ordered
-- newest first (the pool that relevance, rating and tries order) walks this index alone, checking
-- who may find each document, its facets and its words on the index entry, where the walk of 0027
-- read every document visited from the heap to check its words (on the state network 7,760 of a
-- search's 12,057 buffers, resource documents lying one to a page among millions of posts). It
-- serves the browse of 0027 as well, which is dropped.
CREATE INDEX IF NOT EXISTS "search_documents_resource_words_walk_idx" ON "search_documents" USING btree ("id") INCLUDE ("readers", "facets", "search") WHERE "kind" = 'resource';
--> statement-breakpoint
DROP INDEX IF EXISTS "search_documents_resource_walk_idx";
