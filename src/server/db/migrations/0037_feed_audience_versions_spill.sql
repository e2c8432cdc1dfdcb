-- Feed audience versions (decision 030): a bump takes the audience's first version row that no
-- other transaction holds (SKIP LOCKED), and adds a row only when every one is held, up to 8. Most
-- audiences never see two writers at once and keep one row, which a reader finds with one probe; a
-- busy community's concurrent replies each bump a row of their own instead of committing one WAL
-- flush at a time. The version is still the rows' sum, and readers hash every row.
CREATE OR REPLACE FUNCTION "trellis_feed_audience_bump"("audience" uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  free smallint;
  held integer;
BEGIN
  SELECT v."shard" INTO free FROM "feed_audience_versions" v
   WHERE v."audience_id" = "audience" ORDER BY v."shard" LIMIT 1 FOR UPDATE SKIP LOCKED;
  IF FOUND THEN
    UPDATE "feed_audience_versions" SET "version" = "version" + 1
     WHERE "audience_id" = "audience" AND "shard" = free;
    RETURN;
  END IF;
  SELECT count(*) INTO held FROM "feed_audience_versions" v WHERE v."audience_id" = "audience";
  INSERT INTO "feed_audience_versions" ("audience_id", "shard", "version")
    VALUES ("audience", CASE WHEN held < 8 THEN held ELSE pg_backend_pid() % 8 END, 1)
    ON CONFLICT ("audience_id", "shard") DO UPDATE SET "version" = "feed_audience_versions"."version" + 1;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "trellis_bump_feed_audience"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "trellis_feed_audience_bump"(CASE WHEN TG_OP = 'DELETE' THEN OLD."audience_id" ELSE NEW."audience_id" END);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "trellis_bump_feed_post"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "trellis_feed_audience_bump"(a."audience_id") FROM (
    SELECT DISTINCT f."audience_id"
      FROM "statements" s JOIN "feed_items" f ON f."statement_id" = s."id"
     WHERE (s."object_type" = 'post' AND s."object_id" = OLD."id"::text)
        OR (OLD."is_opening" AND s."object_type" = 'thread' AND s."object_id" = OLD."thread_id"::text)
     ORDER BY 1) a;
  RETURN NULL;
END
$$;
