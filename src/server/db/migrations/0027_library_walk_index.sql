-- The library's newest-first walk of the resources a viewer may find (a browse without words, or
-- the set a facet's counts leave their own filter out of), from the index alone: who may find each
-- and its facet keys are in the index, so the walk reads no heap page of search_documents, where
-- resource documents lie one to a page among millions of posts (decision 024).
CREATE INDEX IF NOT EXISTS "search_documents_resource_walk_idx" ON "search_documents" USING btree ("id") INCLUDE ("readers", "facets") WHERE "kind" = 'resource';
