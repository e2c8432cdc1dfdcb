CREATE TABLE "feed_audience_versions" (
	"audience_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- A person's first feed page is remembered per instance under a version read with every request
-- (feed/page-cache.ts, decision 028): the versions of all their audiences, their own memberships,
-- follows and seen mark, the directory version (names) and the feed version below. Each is bumped
-- at commit by the change it stands for, so a remembered page is never served once the change is
-- seen. Deferred triggers take the version rows only at commit, in audience order within a
-- statement: a reply bumps its community, then its author.
INSERT INTO "settings" ("key", "value") VALUES ('feed_version', '0'::jsonb) ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
-- A feed item written to or removed from an audience.
CREATE OR REPLACE FUNCTION "trellis_bump_feed_audience"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "feed_audience_versions" ("audience_id", "version")
    VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD."audience_id" ELSE NEW."audience_id" END, 1)
    ON CONFLICT ("audience_id") DO UPDATE SET "version" = "feed_audience_versions"."version" + 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "feed_items_audience_version" AFTER INSERT OR DELETE ON "feed_items"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "trellis_bump_feed_audience"();
--> statement-breakpoint
-- A post the feed shows changed (words, hidden, deleted, moved): every audience holding an item
-- about it, found through the statements about the post (and about its thread, for an opening post).
CREATE OR REPLACE FUNCTION "trellis_bump_feed_post"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "feed_audience_versions" ("audience_id", "version")
    SELECT DISTINCT f."audience_id", 1
      FROM "statements" s JOIN "feed_items" f ON f."statement_id" = s."id"
     WHERE (s."object_type" = 'post' AND s."object_id" = OLD."id"::text)
        OR (OLD."is_opening" AND s."object_type" = 'thread' AND s."object_id" = OLD."thread_id"::text)
     ORDER BY 1
    ON CONFLICT ("audience_id") DO UPDATE SET "version" = "feed_audience_versions"."version" + 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "posts_feed_version" AFTER DELETE OR UPDATE OF "thread_id", "community_id",
  "is_opening", "body_md", "deleted_at", "hidden_at" ON "posts"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "trellis_bump_feed_post"();
--> statement-breakpoint
-- Rarer changes to what feed items show or who may read them: a thread renamed or moved, a
-- community renamed or its join policy or owner changed, a resource's title, audience or deletion,
-- a home share. One version for all of them.
CREATE OR REPLACE FUNCTION "trellis_bump_feed_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "settings" SET "value" = to_jsonb(("value"::text)::bigint + 1) WHERE "key" = 'feed_version';
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "threads_feed_version" AFTER DELETE OR UPDATE OF "community_id", "type", "title"
  ON "threads" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "trellis_bump_feed_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "communities_feed_version" AFTER DELETE OR UPDATE OF "name", "join_policy",
  "owner_kind", "owner_id", "district_id" ON "communities"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "trellis_bump_feed_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "resources_feed_version" AFTER DELETE OR UPDATE OF "owner_id", "audience",
  "audience_id", "title", "deleted_at" ON "resources"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "trellis_bump_feed_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "home_shares_feed_version" AFTER INSERT OR UPDATE OR DELETE ON "home_shares"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "trellis_bump_feed_version"();
