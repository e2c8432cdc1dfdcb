-- Adopted change ideas become search documents (issue 15, decision 093): a PDSA cycle whose Act
-- phase adopted its change idea is found by its change idea, its title and its aim. Only the words
-- the network's cycles list already shows as a summary are searched; the cycle's working materials
-- stay its team's. Who may find one mirrors that list (decision 060): the cycle's members, and
-- everyone who may read its community's content (which includes the community's facilitators).
CREATE VIEW search_change_idea_documents AS
  SELECT c.id, 'change_idea'::text AS kind, c.community_id, c.change_idea_label AS title,
         search_facets('subject', c.subjects) AS facets,
         search_content_readers(co.id, co.join_policy, co.owner_kind, co.owner_id, co.district_id)
           || array(SELECT 'u:' || m.user_id FROM inquiry_cycle_members m WHERE m.cycle_id = c.id ORDER BY m.user_id)
           AS readers,
         setweight(to_tsvector('english', c.change_idea_label), 'A')
           || setweight(to_tsvector('english', c.title), 'B')
           || setweight(to_tsvector('english', coalesce(c.aim_label, '')), 'C') AS search,
         c.created_at
    FROM inquiry_cycles c JOIN communities co ON co.id = c.community_id
   WHERE c.decision = 'adopt' AND c.change_idea_label IS NOT NULL;
--> statement-breakpoint
CREATE FUNCTION search_documents_inquiry_cycles_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_documents_refresh('search_change_idea_documents', array['change_idea'],
    array[CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END]);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_documents_inquiry_cycles AFTER INSERT OR DELETE
  OR UPDATE OF community_id, title, subjects, aim_label, change_idea_label, decision, created_at ON inquiry_cycles
  FOR EACH ROW EXECUTE FUNCTION search_documents_inquiry_cycles_changed();
--> statement-breakpoint
-- A team member joining or leaving an adopted cycle changes who finds it; other cycles have no document.
CREATE FUNCTION search_documents_inquiry_cycle_members_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cycles uuid[] := CASE TG_OP WHEN 'INSERT' THEN array[NEW.cycle_id] WHEN 'DELETE' THEN array[OLD.cycle_id]
                     ELSE array[OLD.cycle_id, NEW.cycle_id] END;
BEGIN
  PERFORM search_documents_refresh('search_change_idea_documents', array['change_idea'],
    array(SELECT c.id FROM inquiry_cycles c WHERE c.id = any(cycles) AND c.decision = 'adopt'));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_documents_inquiry_cycle_members AFTER INSERT OR DELETE
  OR UPDATE OF cycle_id, user_id ON inquiry_cycle_members
  FOR EACH ROW EXECUTE FUNCTION search_documents_inquiry_cycle_members_changed();
--> statement-breakpoint
-- A community's document, and, when who may read it or its facets change, the documents of its
-- posts, of the resources and collections shared with it and of its adopted change ideas.
CREATE OR REPLACE FUNCTION search_documents_communities_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_documents_refresh('search_community_documents', array['community'],
    array[CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END]);
  IF TG_OP = 'UPDATE' AND (OLD.join_policy, OLD.owner_kind, OLD.owner_id, OLD.district_id, OLD.subjects, OLD.grade_bands)
       IS DISTINCT FROM (NEW.join_policy, NEW.owner_kind, NEW.owner_id, NEW.district_id, NEW.subjects, NEW.grade_bands) THEN
    PERFORM search_documents_refresh('search_post_documents', array['thread', 'post'],
      array(SELECT p.id FROM posts p WHERE p.community_id = NEW.id));
    PERFORM search_documents_refresh('search_resource_documents', array['resource'],
      array(SELECT r.id FROM resources r WHERE r.audience = 'community' AND r.audience_id = NEW.id));
    PERFORM search_documents_refresh('search_collection_documents', array['collection'],
      array(SELECT c.id FROM collections c WHERE c.audience = 'community' AND c.audience_id = NEW.id));
    PERFORM search_documents_refresh('search_change_idea_documents', array['change_idea'],
      array(SELECT c.id FROM inquiry_cycles c WHERE c.community_id = NEW.id AND c.decision = 'adopt'));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The index comes before the documents: the rows inserted below queue deferred triggers, and
-- PostgreSQL builds no index on a table with trigger events pending in the same transaction.
-- The few documents of adopted change ideas, apart from millions of posts.
CREATE INDEX "search_documents_change_idea_idx" ON "search_documents" USING gin ("readers","search") WHERE "search_documents"."kind" = 'change_idea';
--> statement-breakpoint
INSERT INTO search_documents (id, kind, community_id, title, facets, readers, search, created_at)
  SELECT id, kind, community_id, title, facets, readers, search, created_at FROM search_change_idea_documents
  ORDER BY id;
--> statement-breakpoint
ANALYZE search_documents;
