ALTER TABLE "threads" ADD COLUMN "page_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The thread page is cached per instance by the thread's page version and the directory version
-- (which every change to a person's name, district, profile or an organization's name bumps,
-- migration 0001): a change to any of a thread's posts or their attachments bumps the thread's
-- page version in the same transaction, so a cached page is never served once the change is seen.
-- The triggers are deferred: the thread row is taken only at commit, never while a reply's
-- transaction holds other locks.
CREATE FUNCTION "trellis_bump_thread_page"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed uuid;
BEGIN
  IF TG_TABLE_NAME = 'posts' THEN
    IF TG_OP <> 'INSERT' THEN
      UPDATE "threads" SET "page_version" = "page_version" + 1 WHERE "id" = OLD."thread_id";
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."thread_id" IS DISTINCT FROM OLD."thread_id") THEN
      UPDATE "threads" SET "page_version" = "page_version" + 1 WHERE "id" = NEW."thread_id";
    END IF;
    RETURN NULL;
  END IF;
  -- post_attachments: the thread of the post it is (or was) attached to.
  IF TG_OP <> 'INSERT' AND OLD."post_id" IS NOT NULL THEN
    UPDATE "threads" SET "page_version" = "page_version" + 1
     WHERE "id" = (SELECT "thread_id" FROM "posts" WHERE "id" = OLD."post_id");
  END IF;
  IF TG_OP <> 'DELETE' AND NEW."post_id" IS NOT NULL
     AND (TG_OP = 'INSERT' OR NEW."post_id" IS DISTINCT FROM OLD."post_id") THEN
    UPDATE "threads" SET "page_version" = "page_version" + 1
     WHERE "id" = (SELECT "thread_id" FROM "posts" WHERE "id" = NEW."post_id");
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "posts_thread_page" AFTER INSERT OR DELETE OR UPDATE OF "thread_id", "author_id",
  "parent_id", "is_opening", "body_md", "body_html", "helpful_count", "tried_count", "created_at", "edited_at",
  "deleted_at", "hidden_at", "hidden_reason" ON "posts"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "trellis_bump_thread_page"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "post_attachments_thread_page" AFTER INSERT OR UPDATE OR DELETE ON "post_attachments"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "trellis_bump_thread_page"();
