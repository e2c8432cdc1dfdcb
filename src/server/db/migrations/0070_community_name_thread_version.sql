-- A community's name is sent with each person's unread counts (decision 070), which are remembered
-- with it under the community's thread version (migration 0065): a rename moves that version too, so
-- a request whose counts hold need not read the community's row at all.
CREATE FUNCTION "trellis_bump_community_threads_named"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "trellis_community_threads_bump"(NEW."id");
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "communities_thread_version_name" AFTER UPDATE OF "name" ON "communities"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD."name" IS DISTINCT FROM NEW."name")
  EXECUTE FUNCTION "trellis_bump_community_threads_named"();
