-- Custom SQL migration file, put your code below! --
-- Site search remembers what a search found (per kind, the ids of one page in rank order and how
-- many matches were ranked) per viewer's keys and query, under a version that every change to a
-- search document bumps in the same transaction (decision 037). Everything the ranking reads is in
-- the documents: who may find a row, its words, facets, community and time. Triggers keep the
-- documents in the writer's transaction (0014), so a hidden post, a new reply, a changed audience or
-- a community's new policy bumps the version at the commit that made it, on every instance.
-- As the library's (0032): the sum of eight rows, a transaction bumping the row of its connection
-- (process id modulo 8) once, at commit, so concurrent writers do not queue on one row and the sum
-- only grows.
INSERT INTO "settings" ("key", "value")
  SELECT 'search_version:' || n, '0'::jsonb FROM generate_series(0, 7) n
  ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "trellis_bump_search_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('trellis.search_bumped', true) = txid_current()::text THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('trellis.search_bumped', txid_current()::text, true);
  UPDATE "settings" SET "value" = to_jsonb(("value"::text)::bigint + 1)
   WHERE "key" = 'search_version:' || (pg_backend_pid() % 8);
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "search_documents_search_version" ON "search_documents";
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "search_documents_search_version" AFTER INSERT OR UPDATE OR DELETE ON "search_documents"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  EXECUTE FUNCTION "trellis_bump_search_version"();
