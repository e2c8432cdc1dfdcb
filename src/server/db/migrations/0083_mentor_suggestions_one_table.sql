-- Mentor suggestions read one table (decision 088): a mentor's offer carries copies of what scoring
-- needs from their profile (subjects, grade bands, expertise, field audiences) and of their district
-- and whether they are active (which profiles copy from users, migration 0033). The copies never
-- diverge: an offer takes them from the profile whenever it is written, and a change of those profile
-- columns is copied to the offer in the same statement.
ALTER TABLE "mentor_profiles" ADD COLUMN IF NOT EXISTS "subjects" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "mentor_profiles" ADD COLUMN IF NOT EXISTS "grade_bands" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "mentor_profiles" ADD COLUMN IF NOT EXISTS "expertise" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "mentor_profiles" ADD COLUMN IF NOT EXISTS "field_visibility" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "mentor_profiles" ADD COLUMN IF NOT EXISTS "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "trellis_mentor_profile_copies"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT p."subjects", p."grade_bands", p."expertise", p."field_visibility", coalesce(p."district_id", NEW."district_id"), p."active"
    INTO NEW."subjects", NEW."grade_bands", NEW."expertise", NEW."field_visibility", NEW."district_id", NEW."active"
    FROM "profiles" p WHERE p."user_id" = NEW."user_id";
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "mentor_profiles_copies" BEFORE INSERT OR UPDATE ON "mentor_profiles"
  FOR EACH ROW EXECUTE FUNCTION "trellis_mentor_profile_copies"();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "trellis_profile_mentor_copies"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "mentor_profiles" SET "updated_at" = "updated_at" WHERE "user_id" = NEW."user_id";
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "profiles_mentor_copies" AFTER UPDATE OF "subjects", "grade_bands", "expertise", "field_visibility", "district_id", "active" ON "profiles"
  FOR EACH ROW EXECUTE FUNCTION "trellis_profile_mentor_copies"();
--> statement-breakpoint
UPDATE "mentor_profiles" SET "updated_at" = "updated_at";--> statement-breakpoint
DROP INDEX IF EXISTS "mentor_profiles_district_idx";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "mentor_profiles_reach_idx" ON "mentor_profiles" USING btree ("district_id") WHERE accepting and capacity > 0 and active;--> statement-breakpoint
-- A reach's current load in one index-only read, where each candidate probed mentorships before.
CREATE INDEX IF NOT EXISTS "mentorships_load_idx" ON "mentorships" USING btree ("mentor_district_id", "mentor_id") WHERE status in ('proposed', 'awaiting_approval', 'active');
