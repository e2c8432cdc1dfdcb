-- The directory caches search results per district and query. A version number, bumped in the
-- same transaction as any change that could alter a result, tells every instance when its cached
-- results are stale: readers see the new number exactly when they can see the new data.
INSERT INTO "settings" ("key", "value") VALUES ('directory_version', '0'::jsonb) ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION "trellis_bump_directory_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "settings" SET "value" = to_jsonb(("value"::text)::bigint + 1) WHERE "key" = 'directory_version';
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "users_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION "trellis_bump_directory_version"();
--> statement-breakpoint
CREATE TRIGGER "profiles_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "profiles"
  FOR EACH STATEMENT EXECUTE FUNCTION "trellis_bump_directory_version"();
--> statement-breakpoint
CREATE TRIGGER "organizations_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "organizations"
  FOR EACH STATEMENT EXECUTE FUNCTION "trellis_bump_directory_version"();
--> statement-breakpoint
CREATE TRIGGER "network_districts_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "network_districts"
  FOR EACH STATEMENT EXECUTE FUNCTION "trellis_bump_directory_version"();
