-- Custom SQL migration file, put your code below! --
-- The library's newest-first walk of resource documents (decision 024, corrected by decision 028's
-- update): a partial index of the resource documents' ids alone. 0027's index carried each
-- document's readers and facets, so the walk read no heap page; but a btree entry may not exceed
-- 2,704 bytes, and both columns grow with what people write: readers by one key per school that
-- brings the resource home, facets by up to twenty alignments of 80 characters. A resource past the
-- limit could not be saved, shared or brought home (the triggers write its document in the same
-- transaction), and building such an index would stop this migration on a database that already
-- holds one. The walk checks who may find each document, its facets and its words on the heap.
DROP INDEX IF EXISTS "search_documents_resource_words_walk_idx";
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "search_documents_resource_order_idx" ON "search_documents" USING btree ("id") WHERE "kind" = 'resource';
--> statement-breakpoint
DROP INDEX IF EXISTS "search_documents_resource_walk_idx";
