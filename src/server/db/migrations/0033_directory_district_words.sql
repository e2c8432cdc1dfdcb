-- The directory's searches find a district's matches in one index read (decision 029): each profile
-- carries its person's district and whether they are active, and the text indexes hold the
-- district, the subjects and the grade bands beside each word (btree_gin lets a GIN index hold a
-- uuid column), active people only.
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
ALTER TABLE "profiles" ADD COLUMN IF NOT EXISTS "district_id" uuid;--> statement-breakpoint
ALTER TABLE "profiles" ADD COLUMN IF NOT EXISTS "active" boolean DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE "profiles" p SET "district_id" = u."district_id", "active" = u."status" = 'active'
  FROM "users" u
 WHERE u."id" = p."user_id" AND (p."district_id" IS DISTINCT FROM u."district_id" OR p."active" <> (u."status" = 'active'));
--> statement-breakpoint
-- The rows just written bumped the directory version at commit (a deferred trigger), and an index
-- cannot be built on a table with trigger events pending: bump it now.
SET CONSTRAINTS "profiles_directory_version" IMMEDIATE;--> statement-breakpoint
SET CONSTRAINTS "profiles_directory_version" DEFERRED;--> statement-breakpoint
-- The copies never diverge from users: a profile row takes them from its person whenever it is
-- written with a person or with the copies themselves (a direct write to them is overwritten) ...
CREATE OR REPLACE FUNCTION "trellis_profile_person_copies"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT u."district_id", u."status" = 'active' INTO NEW."district_id", NEW."active"
    FROM "users" u WHERE u."id" = NEW."user_id";
  RETURN NEW;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "profiles_person_copies" ON "profiles";--> statement-breakpoint
CREATE TRIGGER "profiles_person_copies" BEFORE INSERT OR UPDATE OF "user_id", "district_id", "active" ON "profiles"
  FOR EACH ROW EXECUTE FUNCTION "trellis_profile_person_copies"();
--> statement-breakpoint
-- ... and a change of the person's district or status is copied to the profile in the same statement.
CREATE OR REPLACE FUNCTION "trellis_user_profile_copies"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "profiles" SET "district_id" = NEW."district_id", "active" = NEW."status" = 'active'
   WHERE "user_id" = NEW."id"
     AND ("district_id" IS DISTINCT FROM NEW."district_id" OR "active" <> (NEW."status" = 'active'));
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "users_profile_copies" ON "users";--> statement-breakpoint
CREATE TRIGGER "users_profile_copies" AFTER UPDATE OF "district_id", "status" ON "users"
  FOR EACH ROW EXECUTE FUNCTION "trellis_user_profile_copies"();
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "profiles_directory_all_idx" ON "profiles" USING gin ("district_id","search_all","subjects","grade_bands") WHERE active;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "profiles_directory_network_idx" ON "profiles" USING gin ("district_id","search_network","subjects","grade_bands") WHERE active;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "profiles_directory_name_idx" ON "profiles" USING gin ("district_id","search_name","subjects","grade_bands") WHERE active;--> statement-breakpoint
DROP INDEX IF EXISTS "profiles_search_all_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "profiles_search_network_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "profiles_search_name_idx";--> statement-breakpoint
-- The planner needs the new columns' statistics at once (every row was just written; without them
-- it reads whole districts), whether or not autovacuum is on.
ANALYZE "profiles";
