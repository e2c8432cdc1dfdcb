-- The directory caches search results per district and query. A version number, bumped in the
-- same transaction as any change that could alter a result, tells every instance when its cached
-- results are stale: readers see the new number exactly when they can see the new data.
INSERT INTO "settings" ("key", "value") VALUES ('directory_version', '0'::jsonb) ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
-- Runs at commit (the triggers are deferred) and once per transaction, so the version row is locked
-- only for the instant before commit: concurrent writers never wait on it while holding other locks.
CREATE FUNCTION "trellis_bump_directory_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('trellis.directory_bumped', true) = txid_current()::text THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('trellis.directory_bumped', txid_current()::text, true);
  UPDATE "settings" SET "value" = to_jsonb(("value"::text)::bigint + 1) WHERE "key" = 'directory_version';
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "users_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "users"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "trellis_bump_directory_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "profiles_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "profiles"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "trellis_bump_directory_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "organizations_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "organizations"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "trellis_bump_directory_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "network_districts_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "network_districts"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "trellis_bump_directory_version"();
