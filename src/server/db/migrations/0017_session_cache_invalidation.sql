-- Every instance remembers signed-in sessions (src/server/platform/session-cache.ts) and forgets
-- them when these triggers notify, at commit, that something a session stands on changed: the
-- payload is the person's id, or '*' for everyone.
CREATE FUNCTION trellis_sessions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_ARGV[0] = '*' OR TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('trellis_sessions', '*');
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM pg_notify('trellis_sessions', to_jsonb(OLD) ->> TG_ARGV[0]);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM pg_notify('trellis_sessions', to_jsonb(NEW) ->> TG_ARGV[0]);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_changed AFTER DELETE OR UPDATE OF token_hash, user_id, csrf_token, expires_at ON sessions
  FOR EACH ROW EXECUTE FUNCTION trellis_sessions_changed('user_id');
--> statement-breakpoint
CREATE TRIGGER users_changed AFTER DELETE OR UPDATE OF name, email, district_id, status ON users
  FOR EACH ROW EXECUTE FUNCTION trellis_sessions_changed('id');
--> statement-breakpoint
CREATE TRIGGER profiles_school_changed AFTER INSERT OR DELETE OR UPDATE OF user_id, school_id ON profiles
  FOR EACH ROW EXECUTE FUNCTION trellis_sessions_changed('user_id');
--> statement-breakpoint
CREATE TRIGGER memberships_changed AFTER INSERT OR DELETE OR UPDATE ON memberships
  FOR EACH ROW EXECUTE FUNCTION trellis_sessions_changed('user_id');
--> statement-breakpoint
CREATE TRIGGER network_districts_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON network_districts
  FOR EACH STATEMENT EXECUTE FUNCTION trellis_sessions_changed('*');
--> statement-breakpoint
CREATE TRIGGER organizations_kind_changed AFTER UPDATE OF kind, district_id ON organizations
  FOR EACH STATEMENT EXECUTE FUNCTION trellis_sessions_changed('*');
--> statement-breakpoint
CREATE TRIGGER sessions_truncated AFTER TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION trellis_sessions_changed('*');
--> statement-breakpoint
CREATE TRIGGER users_truncated AFTER TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION trellis_sessions_changed('*');
--> statement-breakpoint
CREATE TRIGGER profiles_truncated AFTER TRUNCATE ON profiles
  FOR EACH STATEMENT EXECUTE FUNCTION trellis_sessions_changed('*');
--> statement-breakpoint
CREATE TRIGGER memberships_truncated AFTER TRUNCATE ON memberships
  FOR EACH STATEMENT EXECUTE FUNCTION trellis_sessions_changed('*');
