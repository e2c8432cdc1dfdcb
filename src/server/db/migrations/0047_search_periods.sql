-- Custom SQL migration file, put your code below! --
-- Site search reads the threads and replies past its window of newest documents period by period,
-- newest first, stopping when its pool is full (decision 040). A period is 14 days of creation time:
-- whole 14-day spans since 1970 (search-service.ts computes the same). Each kind's GIN index gains
-- the period of every document beside who may find it, its facets and its words, so a search asks
-- for a few periods at a time and reads only their matches, rather than every match before keeping
-- the newest. Nothing is stored: the period is an expression of the creation time, kept by the
-- triggers that keep the documents (0014). The function names no other, so the index reads the
-- same under any search_path.
CREATE OR REPLACE FUNCTION "search_periods"("at" timestamptz) RETURNS integer[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ARRAY[floor(extract(epoch FROM "at") / 1209600)::integer] $$;
--> statement-breakpoint
SET maintenance_work_mem = '256MB';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "search_documents_thread_periods_idx" ON "search_documents"
  USING gin ("readers", "facets", "search", search_periods("created_at")) WHERE "kind" = 'thread';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "search_documents_post_periods_idx" ON "search_documents"
  USING gin ("readers", "facets", "search", search_periods("created_at")) WHERE "kind" = 'post';
--> statement-breakpoint
-- The indexes above answer whatever the ones they replace did (a GIN index is asked by any of its
-- columns): who may find a document, its facets and its words.
DROP INDEX IF EXISTS "search_documents_thread_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "search_documents_post_idx";
--> statement-breakpoint
-- Threads walked newest first past the window, when their matches are dense: by an index of
-- threads alone. The planner walked the primary key instead (its order is the table's, so it costs
-- less by the estimate), reading every reply and resource in between: five documents for each
-- thread on the state network.
CREATE INDEX IF NOT EXISTS "search_documents_thread_order_idx" ON "search_documents" USING btree ("id") WHERE "kind" = 'thread';
--> statement-breakpoint
RESET maintenance_work_mem;
--> statement-breakpoint
ANALYZE "search_documents";
