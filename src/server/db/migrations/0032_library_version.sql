-- Custom SQL migration file, put your code below! --
-- The library remembers what a search found (the page's ids, the number of matches and the facet
-- counts) per viewer's keys and query, under a version that every change to what a search reads
-- bumps in the same transaction (decision 028): the resources' search documents (who may find a
-- resource, its words and facets; a changed audience, a home share or a community's policy rewrites
-- them) and the resources' rating and tries, which the rating and tries orders read. Readers see the
-- new number exactly when they can see the new data, on every instance.
-- The version is the sum of eight rows, and a transaction bumps the row of its connection (its
-- process id modulo 8): writers of different connections (a review here, a try there) do not queue
-- on one row, each sum a reader takes is at least every committed bump before it, and it only grows.
INSERT INTO "settings" ("key", "value")
  SELECT 'library_version:' || n, '0'::jsonb FROM generate_series(0, 7) n
  ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
-- Runs at commit (the triggers are deferred) and once per transaction, so the version row is locked
-- only for the instant before commit: concurrent writers never wait on it while holding other locks.
CREATE OR REPLACE FUNCTION "trellis_bump_library_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('trellis.library_bumped', true) = txid_current()::text THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('trellis.library_bumped', txid_current()::text, true);
  UPDATE "settings" SET "value" = to_jsonb(("value"::text)::bigint + 1)
   WHERE "key" = 'library_version:' || (pg_backend_pid() % 8);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Only resource documents: the millions of posts' documents never wake it. (Dropped first, so the
-- migration also applies to a database the triggers were tried on by hand.)
DROP TRIGGER IF EXISTS "search_documents_library_version" ON "search_documents";
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "search_documents_library_version" AFTER INSERT OR UPDATE ON "search_documents"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW."kind" = 'resource')
  EXECUTE FUNCTION "trellis_bump_library_version"();
--> statement-breakpoint
DROP TRIGGER IF EXISTS "search_documents_library_version_gone" ON "search_documents";
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "search_documents_library_version_gone" AFTER DELETE ON "search_documents"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD."kind" = 'resource')
  EXECUTE FUNCTION "trellis_bump_library_version"();
--> statement-breakpoint
DROP TRIGGER IF EXISTS "resources_library_version" ON "resources";
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "resources_library_version" AFTER UPDATE OF "rating", "tried_count" ON "resources"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD."rating" IS DISTINCT FROM NEW."rating" OR OLD."tried_count" IS DISTINCT FROM NEW."tried_count")
  EXECUTE FUNCTION "trellis_bump_library_version"();
