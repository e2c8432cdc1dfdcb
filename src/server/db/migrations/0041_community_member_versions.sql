CREATE TABLE "community_member_versions" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
-- "People like you" on community cards (communities/service.ts, decision 039) is remembered per
-- viewer's likeness and community under a version of the community's memberships. Each statement
-- that adds or removes membership rows, or changes what the count reads of one (its status and the
-- copies of its person's account and profile, migration 0022), notes its communities for the
-- transaction; at commit the noted communities' versions are bumped once, in community order, so
-- two committing transactions never wait for each other in opposite orders, and no transaction
-- holds a version row before it commits.
CREATE OR REPLACE FUNCTION "trellis_note_community_members_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT string_agg(DISTINCT n.community_id::text, ',') INTO touched FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT string_agg(DISTINCT o.community_id::text, ',') INTO touched FROM old_rows o;
  ELSE
    SELECT string_agg(DISTINCT x.community_id::text, ',') INTO touched FROM (
      (SELECT community_id, user_id, status, member_active, member_district_id, member_subjects,
              member_grade_bands, member_subjects_shown, member_grade_bands_shown FROM new_rows
       EXCEPT
       SELECT community_id, user_id, status, member_active, member_district_id, member_subjects,
              member_grade_bands, member_subjects_shown, member_grade_bands_shown FROM old_rows)
      UNION ALL
      (SELECT community_id, user_id, status, member_active, member_district_id, member_subjects,
              member_grade_bands, member_subjects_shown, member_grade_bands_shown FROM old_rows
       EXCEPT
       SELECT community_id, user_id, status, member_active, member_district_id, member_subjects,
              member_grade_bands, member_subjects_shown, member_grade_bands_shown FROM new_rows)) x;
  END IF;
  IF touched IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT string_agg(DISTINCT id, ',') INTO touched
    FROM unnest(string_to_array(coalesce(current_setting('trellis.community_members_changed', true), '')
                                || ',' || touched, ',')) id
   WHERE id <> '';
  PERFORM set_config('trellis.community_members_changed', touched, true);
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "community_members_note_insert" ON "community_members";
--> statement-breakpoint
CREATE TRIGGER "community_members_note_insert" AFTER INSERT ON "community_members"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "trellis_note_community_members_changed"();
--> statement-breakpoint
DROP TRIGGER IF EXISTS "community_members_note_update" ON "community_members";
--> statement-breakpoint
CREATE TRIGGER "community_members_note_update" AFTER UPDATE ON "community_members"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "trellis_note_community_members_changed"();
--> statement-breakpoint
DROP TRIGGER IF EXISTS "community_members_note_delete" ON "community_members";
--> statement-breakpoint
CREATE TRIGGER "community_members_note_delete" AFTER DELETE ON "community_members"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "trellis_note_community_members_changed"();
--> statement-breakpoint
-- At commit (deferred): the first row event to fire bumps every noted community and clears the
-- note; the others find nothing noted.
CREATE OR REPLACE FUNCTION "trellis_bump_community_member_versions"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  noted text := current_setting('trellis.community_members_changed', true);
BEGIN
  IF noted IS NULL OR noted = '' THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('trellis.community_members_changed', '', true);
  INSERT INTO "community_member_versions" AS v ("community_id", "version")
  SELECT id::uuid, 1 FROM unnest(string_to_array(noted, ',')) id ORDER BY id::uuid
  ON CONFLICT ("community_id") DO UPDATE SET "version" = v."version" + 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "community_member_versions_bump" ON "community_members";
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "community_member_versions_bump" AFTER INSERT OR UPDATE OR DELETE ON "community_members"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "trellis_bump_community_member_versions"();
