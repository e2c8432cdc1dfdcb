-- Community search remembers, per viewer's scope (district and networks) and query, which of the
-- scope's communities match and in what order (communities/queries.ts, decision 031), under a
-- version that every change to what that ranking reads bumps in the same transaction: a community
-- created or deleted, its words, kind, subjects, grade bands, join policy or owner. Thread counts,
-- member counts and activity times are read afresh with each page and never bump it.
INSERT INTO "settings" ("key", "value") VALUES ('community_search_version', '0'::jsonb) ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
-- Runs at commit (the triggers are deferred) and once per transaction, so the version row is locked
-- only for the instant before commit.
CREATE OR REPLACE FUNCTION "trellis_bump_community_search_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('trellis.community_search_bumped', true) = txid_current()::text THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('trellis.community_search_bumped', txid_current()::text, true);
  UPDATE "settings" SET "value" = to_jsonb(("value"::text)::bigint + 1) WHERE "key" = 'community_search_version';
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "communities_search_version_insert" ON "communities";
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "communities_search_version_insert" AFTER INSERT OR DELETE ON "communities"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "trellis_bump_community_search_version"();
--> statement-breakpoint
DROP TRIGGER IF EXISTS "communities_search_version_update" ON "communities";
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "communities_search_version_update"
  AFTER UPDATE OF "search", "kind", "subjects", "grade_bands", "join_policy", "owner_kind", "owner_id", "district_id" ON "communities"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD."search" IS DISTINCT FROM NEW."search" OR OLD."kind" IS DISTINCT FROM NEW."kind"
     OR OLD."subjects" IS DISTINCT FROM NEW."subjects" OR OLD."grade_bands" IS DISTINCT FROM NEW."grade_bands"
     OR OLD."join_policy" IS DISTINCT FROM NEW."join_policy" OR OLD."owner_kind" IS DISTINCT FROM NEW."owner_kind"
     OR OLD."owner_id" IS DISTINCT FROM NEW."owner_id" OR OLD."district_id" IS DISTINCT FROM NEW."district_id")
  EXECUTE FUNCTION "trellis_bump_community_search_version"();
