-- The schools a person is assigned to (memberships) show wherever the directory's rows do (its
-- cached pages, "people like you" on the home page): a change to them bumps the directory version
-- in the same transaction, as a change to the profile does (migration 0001).
CREATE CONSTRAINT TRIGGER "memberships_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "memberships"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "trellis_bump_directory_version"();
