-- Custom SQL migration file, put your code below! ---- Search documents (decision 015): each feature's view says how its rows become documents (weighted
-- words, facets, and the keys of who may find them, by the same rules as its policy); triggers
-- rewrite a row's documents in the same transaction as every change to it; the views fill the
-- table once here, so a district upgrading finds everything it found before.

-- Who may read a community's content (mirrors canReadContent in communities/policy.ts): its active
-- members, and, for an open community, everyone in its owner's scope (its district, or its network).
CREATE FUNCTION search_content_readers(community_id uuid, join_policy text, owner_kind text, owner_id uuid, district_id uuid)
RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT array['m:' || community_id] || CASE WHEN join_policy = 'open'
    THEN array['o:' || CASE WHEN owner_kind = 'network' THEN owner_id ELSE district_id END]
    ELSE '{}'::text[] END
$$;
--> statement-breakpoint
-- Facet keys `name:value` for each value.
CREATE FUNCTION search_facets(name text, vals text[]) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array(SELECT name || ':' || v FROM unnest(vals) v WHERE v IS NOT NULL), '{}'::text[])
$$;
--> statement-breakpoint
-- Threads (their opening posts) and replies; hidden and deleted posts have no document.
CREATE VIEW search_post_documents AS
  SELECT p.id, CASE WHEN p.is_opening THEN 'thread' ELSE 'post' END AS kind, p.community_id,
         CASE WHEN p.is_opening THEN t.title ELSE '' END AS title,
         search_facets('subject', c.subjects) || search_facets('grade', c.grade_bands) AS facets,
         search_content_readers(c.id, c.join_policy, c.owner_kind, c.owner_id, c.district_id) AS readers,
         coalesce(p.search, ''::tsvector) AS search, p.created_at
    FROM posts p JOIN threads t ON t.id = p.thread_id JOIN communities c ON c.id = p.community_id
   WHERE p.deleted_at IS NULL AND p.hidden_at IS NULL;
--> statement-breakpoint
-- Communities (mirrors canSeeCommunity): members and invitees, and, unless it is by invitation,
-- everyone in its owner's scope.
CREATE VIEW search_community_documents AS
  SELECT c.id, 'community'::text AS kind, c.id AS community_id, c.name AS title,
         search_facets('subject', c.subjects) || search_facets('grade', c.grade_bands) AS facets,
         array['m:' || c.id, 'i:' || c.id] || CASE WHEN c.join_policy <> 'invitation'
           THEN array['o:' || CASE WHEN c.owner_kind = 'network' THEN c.owner_id ELSE c.district_id END]
           ELSE '{}'::text[] END AS readers,
         coalesce(c.search, ''::tsvector) AS search, c.created_at
    FROM communities c;
--> statement-breakpoint
-- Resources not deleted (mirrors canSeeShared in resources/audience.ts): the owner; everyone for a
-- public one; the people of its school, district or network; the readers of its community; and the
-- people of every school or district it was brought home to.
CREATE VIEW search_resource_documents AS
  SELECT r.id, 'resource'::text AS kind,
         CASE WHEN r.audience = 'community' THEN r.audience_id END AS community_id,
         r.title,
         search_facets('subject', r.subjects) || search_facets('grade', r.grade_bands)
           || array['kind:' || r.kind, 'licence:' || r.licence]
           || search_facets('alignment', array(SELECT lower(a) FROM unnest(r.alignments) a))
           || CASE WHEN r.rating >= 2 THEN array['rating:2'] ELSE '{}'::text[] END
           || CASE WHEN r.rating >= 3 THEN array['rating:3'] ELSE '{}'::text[] END
           || CASE WHEN r.rating >= 3.5 THEN array['rating:3.5'] ELSE '{}'::text[] END
           || CASE WHEN r.tried_count > 0 THEN array['tried'] ELSE '{}'::text[] END AS facets,
         array['u:' || r.owner_id]
           || CASE WHEN r.audience = 'public' THEN array['*']
                   WHEN r.audience IN ('school', 'district', 'network') AND r.audience_id IS NOT NULL
                     THEN array['o:' || r.audience_id]
                   WHEN r.audience = 'community' THEN coalesce((
                     SELECT search_content_readers(c.id, c.join_policy, c.owner_kind, c.owner_id, c.district_id)
                       FROM communities c WHERE c.id = r.audience_id), '{}'::text[])
                   ELSE '{}'::text[] END
           || array(SELECT 'o:' || h.target_id FROM home_shares h WHERE h.resource_id = r.id) AS readers,
         coalesce(r.search, ''::tsvector) AS search, r.created_at
    FROM resources r
   WHERE r.deleted_at IS NULL;
--> statement-breakpoint
-- Rewrites the documents of these rows from a view: puts what the view holds, removes what it no
-- longer holds, and leaves a document that did not change untouched.
CREATE FUNCTION search_documents_refresh(view_name text, kinds text[], ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(cardinality(ids), 0) = 0 THEN RETURN; END IF;
  EXECUTE format($f$
    WITH fresh AS MATERIALIZED (SELECT * FROM %I v WHERE v.id = any($1)),
    gone AS (DELETE FROM search_documents d WHERE d.id = any($1) AND d.kind = any($2)
               AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.id = d.id))
    INSERT INTO search_documents AS d (id, kind, community_id, title, facets, readers, search, created_at)
    SELECT f.id, f.kind, f.community_id, f.title, f.facets, f.readers, f.search, f.created_at FROM fresh f
    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, community_id = excluded.community_id,
      title = excluded.title, facets = excluded.facets,
      readers = excluded.readers, search = excluded.search, created_at = excluded.created_at
    WHERE (d.kind, d.community_id, d.title, d.facets, d.readers, d.search, d.created_at)
      IS DISTINCT FROM (excluded.kind, excluded.community_id, excluded.title, excluded.facets,
                        excluded.readers, excluded.search, excluded.created_at)
  $f$, view_name) USING ids, kinds;
END
$$;
--> statement-breakpoint
CREATE FUNCTION search_documents_posts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_documents_refresh('search_post_documents', array['thread', 'post'],
    array[CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END]);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_documents_posts AFTER INSERT OR DELETE
  OR UPDATE OF search, thread_id, community_id, is_opening, deleted_at, hidden_at, created_at ON posts
  FOR EACH ROW EXECUTE FUNCTION search_documents_posts_changed();
--> statement-breakpoint
-- A thread's title is its opening post's document title.
CREATE FUNCTION search_documents_threads_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_documents_refresh('search_post_documents', array['thread', 'post'],
    array(SELECT p.id FROM posts p WHERE p.thread_id = NEW.id AND p.is_opening));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_documents_threads AFTER UPDATE OF title ON threads
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title) EXECUTE FUNCTION search_documents_threads_changed();
--> statement-breakpoint
-- A community's document, and, when who may read it or its facets change, the documents of its
-- posts and of the resources shared with it.
CREATE FUNCTION search_documents_communities_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_documents_refresh('search_community_documents', array['community'],
    array[CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END]);
  IF TG_OP = 'UPDATE' AND (OLD.join_policy, OLD.owner_kind, OLD.owner_id, OLD.district_id, OLD.subjects, OLD.grade_bands)
       IS DISTINCT FROM (NEW.join_policy, NEW.owner_kind, NEW.owner_id, NEW.district_id, NEW.subjects, NEW.grade_bands) THEN
    PERFORM search_documents_refresh('search_post_documents', array['thread', 'post'],
      array(SELECT p.id FROM posts p WHERE p.community_id = NEW.id));
    PERFORM search_documents_refresh('search_resource_documents', array['resource'],
      array(SELECT r.id FROM resources r WHERE r.audience = 'community' AND r.audience_id = NEW.id));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_documents_communities AFTER INSERT OR DELETE
  OR UPDATE OF name, search, subjects, grade_bands, join_policy, owner_kind, owner_id, district_id, created_at ON communities
  FOR EACH ROW EXECUTE FUNCTION search_documents_communities_changed();
--> statement-breakpoint
CREATE FUNCTION search_documents_resources_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_documents_refresh('search_resource_documents', array['resource'],
    array[CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END]);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_documents_resources AFTER INSERT OR DELETE
  OR UPDATE OF owner_id, audience, audience_id, kind, title, subjects, grade_bands, alignments, licence, rating,
    tried_count, search, deleted_at, created_at ON resources
  FOR EACH ROW EXECUTE FUNCTION search_documents_resources_changed();
--> statement-breakpoint
-- Bringing a resource home lets the people there find it.
CREATE FUNCTION search_documents_home_shares_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_documents_refresh('search_resource_documents', array['resource'],
    array[CASE WHEN TG_OP = 'DELETE' THEN OLD.resource_id ELSE NEW.resource_id END]);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_documents_home_shares AFTER INSERT OR DELETE OR UPDATE ON home_shares
  FOR EACH ROW EXECUTE FUNCTION search_documents_home_shares_changed();
--> statement-breakpoint
INSERT INTO search_documents (id, kind, community_id, title, facets, readers, search, created_at)
  SELECT id, kind, community_id, title, facets, readers, search, created_at FROM search_post_documents
  UNION ALL
  SELECT id, kind, community_id, title, facets, readers, search, created_at FROM search_community_documents
  UNION ALL
  SELECT id, kind, community_id, title, facets, readers, search, created_at FROM search_resource_documents;
