-- Unread counts remembered under versions (decision 070). A person's counts for a community are
-- remembered per instance under a version read with every request: the community's thread version
-- below, their membership row and their community_reads row (each row's xmin). Each is moved at
-- commit by whatever changes a count, so remembered counts are never served once the change is seen.
--
-- The person's side: every write of their thread_reads rows (reading a thread, replying, choosing a
-- thread's level, marking a community read) raises reads_version on their community_reads row of the
-- thread's community, creating the row (no level, no mark: as if absent) when there is none. Deleted
-- read rows go with their thread (whose community's version moves) or with an erased person.
ALTER TABLE "community_reads" ADD COLUMN "reads_version" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
CREATE FUNCTION "trellis_bump_community_reads"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "community_reads" ("user_id", "community_id", "reads_version")
    SELECT DISTINCT r."user_id", t."community_id", 1
      FROM "changed_reads" r JOIN "threads" t ON t."id" = r."thread_id"
     ORDER BY 1, 2
    ON CONFLICT ("user_id", "community_id")
      DO UPDATE SET "reads_version" = "community_reads"."reads_version" + 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "thread_reads_inserted_reading_version" AFTER INSERT ON "thread_reads"
  REFERENCING NEW TABLE AS "changed_reads" FOR EACH STATEMENT EXECUTE FUNCTION "trellis_bump_community_reads"();
--> statement-breakpoint
CREATE TRIGGER "thread_reads_updated_reading_version" AFTER UPDATE ON "thread_reads"
  REFERENCING NEW TABLE AS "changed_reads" FOR EACH STATEMENT EXECUTE FUNCTION "trellis_bump_community_reads"();
--> statement-breakpoint
-- The community's side: a version per community moved at commit by any change to its threads that
-- a count reads (a thread started, a reply counted, a thread moved in or out, its times) and by a
-- post removed or moved. As feed audience versions do (migration 0037), a bump takes the first of the
-- community's rows no other transaction holds and adds one (up to 8) only when all are held, so a
-- busy community's concurrent replies never commit one after another; readers read every row.
CREATE TABLE "community_thread_versions" (
	"community_id" uuid NOT NULL,
	"shard" smallint NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "community_thread_versions_pkey" PRIMARY KEY ("community_id", "shard")
);
--> statement-breakpoint
CREATE FUNCTION "trellis_community_threads_bump"("community" uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  free smallint;
  held integer;
BEGIN
  SELECT v."shard" INTO free FROM "community_thread_versions" v
   WHERE v."community_id" = "community" ORDER BY v."shard" LIMIT 1 FOR UPDATE SKIP LOCKED;
  IF FOUND THEN
    UPDATE "community_thread_versions" SET "version" = "version" + 1
     WHERE "community_id" = "community" AND "shard" = free;
    RETURN;
  END IF;
  SELECT count(*) INTO held FROM "community_thread_versions" v WHERE v."community_id" = "community";
  INSERT INTO "community_thread_versions" ("community_id", "shard", "version")
    VALUES ("community", CASE WHEN held < 8 THEN held ELSE pg_backend_pid() % 8 END, 1)
    ON CONFLICT ("community_id", "shard") DO UPDATE SET "version" = "community_thread_versions"."version" + 1;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "trellis_bump_community_threads"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM "trellis_community_threads_bump"(OLD."community_id");
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."community_id" IS DISTINCT FROM OLD."community_id") THEN
    PERFORM "trellis_community_threads_bump"(NEW."community_id");
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "threads_community_thread_version" AFTER INSERT OR DELETE OR UPDATE OF
  "community_id", "reply_count", "last_post_at", "created_at" ON "threads"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "trellis_bump_community_threads"();
--> statement-breakpoint
-- Posts are counted by their thread (a move changes the thread's row, so its posts' community is
-- left out here: a move of a long thread would bump once per post).
CREATE CONSTRAINT TRIGGER "posts_community_thread_version" AFTER DELETE OR UPDATE OF
  "thread_id", "created_at" ON "posts"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "trellis_bump_community_threads"();
