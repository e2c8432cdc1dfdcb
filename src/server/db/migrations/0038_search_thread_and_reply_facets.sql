-- Threads and replies past the window of newest documents, when the matches there are sparse: who
-- may find them, their subject and grade band, and their words in one GIN scan per kind, so a
-- subject none of the viewer's communities has is answered from the index instead of by walking
-- millions of replies (decision 032). They replace the shared GIN index on readers and words, which
-- only threads and replies used.
CREATE INDEX IF NOT EXISTS "search_documents_thread_idx" ON "search_documents" USING gin ("readers","facets","search") WHERE "search_documents"."kind" = 'thread';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "search_documents_post_idx" ON "search_documents" USING gin ("readers","facets","search") WHERE "search_documents"."kind" = 'post';--> statement-breakpoint
DROP INDEX IF EXISTS "search_documents_match_idx";--> statement-breakpoint
ANALYZE search_documents;
