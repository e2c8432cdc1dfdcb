-- "People like you" on community cards (communities/queries.ts): each membership row carries what
-- the count compares, copied from the member's account and profile in the same transaction as
-- every change to them, so a card counts its members from one index instead of looking up each
-- member's account and profile.

-- The copied fields of one person, as the count reads them.
CREATE FUNCTION community_member_likeness(person uuid)
RETURNS TABLE (active boolean, district_id uuid, subjects text[], grade_bands text[], subjects_shown text, grade_bands_shown text)
LANGUAGE sql STABLE AS $$
  SELECT u.status = 'active', u.district_id, coalesce(p.subjects, '{}'), coalesce(p.grade_bands, '{}'),
         coalesce(p.field_visibility->>'subjects', 'network'), coalesce(p.field_visibility->>'gradeBands', 'network')
    FROM users u LEFT JOIN profiles p ON p.user_id = u.id
   WHERE u.id = person
$$;
--> statement-breakpoint
-- A new membership row starts with its person's fields.
CREATE FUNCTION community_members_likeness_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT l.active, l.district_id, l.subjects, l.grade_bands, l.subjects_shown, l.grade_bands_shown
    INTO NEW.member_active, NEW.member_district_id, NEW.member_subjects, NEW.member_grade_bands,
         NEW.member_subjects_shown, NEW.member_grade_bands_shown
    FROM community_member_likeness(NEW.user_id) l;
  NEW.member_active := coalesce(NEW.member_active, false);
  NEW.member_subjects := coalesce(NEW.member_subjects, '{}');
  NEW.member_grade_bands := coalesce(NEW.member_grade_bands, '{}');
  NEW.member_subjects_shown := coalesce(NEW.member_subjects_shown, 'network');
  NEW.member_grade_bands_shown := coalesce(NEW.member_grade_bands_shown, 'network');
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER community_members_likeness_fill BEFORE INSERT OR UPDATE OF user_id ON community_members
  FOR EACH ROW EXECUTE FUNCTION community_members_likeness_fill();
--> statement-breakpoint
-- A changed account or profile rewrites its person's membership rows.
CREATE FUNCTION community_members_refresh_likeness(person uuid) RETURNS void LANGUAGE sql AS $$
  UPDATE community_members m
     SET member_active = coalesce(l.active, false), member_district_id = l.district_id,
         member_subjects = coalesce(l.subjects, '{}'), member_grade_bands = coalesce(l.grade_bands, '{}'),
         member_subjects_shown = coalesce(l.subjects_shown, 'network'),
         member_grade_bands_shown = coalesce(l.grade_bands_shown, 'network')
    FROM (SELECT person AS id) x LEFT JOIN community_member_likeness(person) l ON true
   WHERE m.user_id = x.id
$$;
--> statement-breakpoint
CREATE FUNCTION users_likeness_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM community_members_refresh_likeness(NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER users_likeness_refresh AFTER UPDATE OF status, district_id ON users
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.district_id IS DISTINCT FROM NEW.district_id)
  EXECUTE FUNCTION users_likeness_refresh();
--> statement-breakpoint
CREATE FUNCTION profiles_likeness_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM community_members_refresh_likeness(OLD.user_id); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND (TG_OP = 'INSERT' OR NEW.user_id IS DISTINCT FROM OLD.user_id) THEN
    PERFORM community_members_refresh_likeness(NEW.user_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER profiles_likeness_refresh AFTER INSERT OR DELETE OR UPDATE OF subjects, grade_bands, field_visibility, user_id ON profiles
  FOR EACH ROW EXECUTE FUNCTION profiles_likeness_refresh();
--> statement-breakpoint
-- The memberships already there.
UPDATE community_members m
   SET member_active = u.status = 'active', member_district_id = u.district_id,
       member_subjects = coalesce(p.subjects, '{}'), member_grade_bands = coalesce(p.grade_bands, '{}'),
       member_subjects_shown = coalesce(p.field_visibility->>'subjects', 'network'),
       member_grade_bands_shown = coalesce(p.field_visibility->>'gradeBands', 'network')
  FROM users u LEFT JOIN profiles p ON p.user_id = u.id
 WHERE u.id = m.user_id;
--> statement-breakpoint
-- Built once the rows carry their fields (declared with the columns in the schema).
CREATE INDEX "community_members_like_idx" ON "community_members" USING btree ("community_id","status","member_active","member_district_id","member_subjects_shown","member_grade_bands_shown","member_subjects","member_grade_bands");
