CREATE TABLE "thread_page_versions" (
	"thread_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "thread_page_versions" ADD CONSTRAINT "thread_page_versions_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."threads"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- Existing versions move to their own table before the column goes: a cached page stays valid.
INSERT INTO "thread_page_versions" ("thread_id", "version")
  SELECT "id", "page_version" FROM "threads" WHERE "page_version" <> 0;--> statement-breakpoint
-- The thread page is cached per instance by the thread's page version and the directory version
-- (which every change to a person's name, district, profile or an organization's name bumps,
-- migration 0001): a change to any of a thread's posts or their attachments bumps the thread's
-- page version in the same transaction, so a cached page is never served once the change is seen.
-- The version has its own row, never the thread's: a post's writers (a reaction, an edit, a
-- deletion, a hide) lock the post and then, at commit (the triggers are deferred), the version,
-- while a move locks the thread and then every one of its posts. Were the version a column of
-- threads, the two would each wait for the other (a deadlock). No row means version 0; a thread
-- deleted in the same transaction gets none.
CREATE OR REPLACE FUNCTION "trellis_bump_thread_page"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'posts' THEN
    IF TG_OP <> 'INSERT' THEN
      INSERT INTO "thread_page_versions" ("thread_id", "version")
        SELECT "id", 1 FROM "threads" WHERE "id" = OLD."thread_id"
        ON CONFLICT ("thread_id") DO UPDATE SET "version" = "thread_page_versions"."version" + 1;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."thread_id" IS DISTINCT FROM OLD."thread_id") THEN
      INSERT INTO "thread_page_versions" ("thread_id", "version")
        SELECT "id", 1 FROM "threads" WHERE "id" = NEW."thread_id"
        ON CONFLICT ("thread_id") DO UPDATE SET "version" = "thread_page_versions"."version" + 1;
    END IF;
    RETURN NULL;
  END IF;
  -- post_attachments: the thread of the post it is (or was) attached to.
  IF TG_OP <> 'INSERT' AND OLD."post_id" IS NOT NULL THEN
    INSERT INTO "thread_page_versions" ("thread_id", "version")
      SELECT "thread_id", 1 FROM "posts" WHERE "id" = OLD."post_id"
      ON CONFLICT ("thread_id") DO UPDATE SET "version" = "thread_page_versions"."version" + 1;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW."post_id" IS NOT NULL
     AND (TG_OP = 'INSERT' OR NEW."post_id" IS DISTINCT FROM OLD."post_id") THEN
    INSERT INTO "thread_page_versions" ("thread_id", "version")
      SELECT "thread_id", 1 FROM "posts" WHERE "id" = NEW."post_id"
      ON CONFLICT ("thread_id") DO UPDATE SET "version" = "thread_page_versions"."version" + 1;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
ALTER TABLE "threads" DROP COLUMN "page_version";
