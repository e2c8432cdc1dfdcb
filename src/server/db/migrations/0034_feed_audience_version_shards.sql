ALTER TABLE "feed_audience_versions" DROP CONSTRAINT "feed_audience_versions_pkey";--> statement-breakpoint
ALTER TABLE "feed_audience_versions" ADD COLUMN "shard" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "feed_audience_versions" ADD CONSTRAINT "feed_audience_versions_audience_id_shard_pk" PRIMARY KEY("audience_id","shard");--> statement-breakpoint
-- An audience's version is the sum of its rows (decision 030). A community's or an organization's
-- items bump the row of the writer's connection (its process id modulo 8): concurrent replies in
-- one community, each holding its version row until it commits, no longer queue on one row. A
-- person's own items and changes to a post bump row 0.
CREATE OR REPLACE FUNCTION "trellis_bump_feed_audience"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  item "feed_items";
BEGIN
  IF TG_OP = 'DELETE' THEN item := OLD; ELSE item := NEW; END IF;
  INSERT INTO "feed_audience_versions" ("audience_id", "shard", "version")
    VALUES (item."audience_id",
            CASE WHEN item."audience_id" = item."actor_id" THEN 0 ELSE pg_backend_pid() % 8 END, 1)
    ON CONFLICT ("audience_id", "shard") DO UPDATE SET "version" = "feed_audience_versions"."version" + 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "trellis_bump_feed_post"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "feed_audience_versions" ("audience_id", "shard", "version")
    SELECT DISTINCT f."audience_id", 0, 1
      FROM "statements" s JOIN "feed_items" f ON f."statement_id" = s."id"
     WHERE (s."object_type" = 'post' AND s."object_id" = OLD."id"::text)
        OR (OLD."is_opening" AND s."object_type" = 'thread' AND s."object_id" = OLD."thread_id"::text)
     ORDER BY 1
    ON CONFLICT ("audience_id", "shard") DO UPDATE SET "version" = "feed_audience_versions"."version" + 1;
  RETURN NULL;
END
$$;
