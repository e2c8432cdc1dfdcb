CREATE TABLE "profile_name_words" (
	"district_id" uuid NOT NULL,
	"word" text COLLATE "C" NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "profile_name_words_district_id_word_user_id_pk" PRIMARY KEY("district_id","word","user_id")
);
--> statement-breakpoint
-- The directory finds a name typed as a prefix ("g", "garc") as an ordered range of a district's
-- name words (profiles/queries.ts, decision 039): each word of an active person's name, as the
-- names' search vector holds it, beside their district, in byte order so a prefix is one range.
-- Kept by triggers on profiles in the same statement as every change to the name's words, the
-- district or whether the person is active (those two are copies of users, kept by migration
-- 0033's triggers, which write the profile and so fire these).
CREATE OR REPLACE FUNCTION "trellis_profile_name_words"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."search_name" IS NOT NULL AND OLD."district_id" IS NOT NULL THEN
    DELETE FROM "profile_name_words"
     WHERE "district_id" = OLD."district_id" AND "word" = any(tsvector_to_array(OLD."search_name"))
       AND "user_id" = OLD."user_id";
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW."active" AND NEW."search_name" IS NOT NULL AND NEW."district_id" IS NOT NULL THEN
    INSERT INTO "profile_name_words" ("district_id", "word", "user_id")
    SELECT NEW."district_id", w, NEW."user_id" FROM unnest(tsvector_to_array(NEW."search_name")) w
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "profiles_name_words" ON "profiles";
--> statement-breakpoint
CREATE TRIGGER "profiles_name_words" AFTER INSERT OR DELETE ON "profiles"
  FOR EACH ROW EXECUTE FUNCTION "trellis_profile_name_words"();
--> statement-breakpoint
DROP TRIGGER IF EXISTS "profiles_name_words_update" ON "profiles";
--> statement-breakpoint
CREATE TRIGGER "profiles_name_words_update" AFTER UPDATE OF "search_name", "district_id", "active", "user_id" ON "profiles"
  FOR EACH ROW WHEN (OLD."search_name" IS DISTINCT FROM NEW."search_name" OR OLD."district_id" IS DISTINCT FROM NEW."district_id"
                     OR OLD."active" IS DISTINCT FROM NEW."active" OR OLD."user_id" IS DISTINCT FROM NEW."user_id")
  EXECUTE FUNCTION "trellis_profile_name_words"();
--> statement-breakpoint
INSERT INTO "profile_name_words" ("district_id", "word", "user_id")
SELECT p."district_id", w, p."user_id"
  FROM "profiles" p CROSS JOIN LATERAL unnest(tsvector_to_array(p."search_name")) w
 WHERE p."active" AND p."search_name" IS NOT NULL AND p."district_id" IS NOT NULL
ON CONFLICT DO NOTHING;
--> statement-breakpoint
ANALYZE "profile_name_words";
