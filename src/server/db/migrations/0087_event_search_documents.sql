-- Events are search documents (issue 17): found by their title, description and place, with their
-- subjects and grade bands as facets. Who may find one mirrors the calendar (decision 080): its
-- audience (everyone, a district, school or network, a community's readers), its creator and its
-- facilitators; search shows a found event only when the calendar's rule lets the viewer see it.
-- A cancelled event is not found.
CREATE VIEW search_event_documents AS
  SELECT e.id, 'event'::text AS kind,
         CASE WHEN e.audience = 'community' THEN e.audience_id END AS community_id, e.title,
         search_facets('subject', e.subjects) || search_facets('grade', e.grade_bands) AS facets,
         (CASE e.audience
            WHEN 'public' THEN array['*']
            WHEN 'community' THEN coalesce((SELECT search_content_readers(c.id, c.join_policy, c.owner_kind, c.owner_id, c.district_id)
                                              FROM communities c WHERE c.id = e.audience_id), '{}'::text[])
            ELSE array['o:' || e.audience_id] END)
           || array['u:' || e.created_by]
           || array(SELECT 'u:' || f.user_id FROM event_facilitators f WHERE f.event_id = e.id ORDER BY f.user_id)
           AS readers,
         setweight(to_tsvector('english', e.title), 'A')
           || setweight(to_tsvector('english', e.description), 'B')
           || setweight(to_tsvector('english', e.place), 'C') AS search,
         e.created_at
    FROM events e
   WHERE e.status <> 'cancelled';
--> statement-breakpoint
CREATE FUNCTION search_documents_events_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_documents_refresh('search_event_documents', array['event'],
    array[CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END]);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_documents_events AFTER INSERT OR DELETE
  OR UPDATE OF title, description, place, subjects, grade_bands, audience, audience_id, created_by, status, created_at ON events
  FOR EACH ROW EXECUTE FUNCTION search_documents_events_changed();
--> statement-breakpoint
-- A facilitator added or removed changes who finds the event.
CREATE FUNCTION search_documents_event_facilitators_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[] := CASE TG_OP WHEN 'INSERT' THEN array[NEW.event_id] WHEN 'DELETE' THEN array[OLD.event_id]
                  ELSE array[OLD.event_id, NEW.event_id] END;
BEGIN
  PERFORM search_documents_refresh('search_event_documents', array['event'], ids);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_documents_event_facilitators AFTER INSERT OR DELETE
  OR UPDATE OF event_id, user_id ON event_facilitators
  FOR EACH ROW EXECUTE FUNCTION search_documents_event_facilitators_changed();
--> statement-breakpoint
-- A community's document and, when who may read it or its facets change, those of its posts, the
-- resources, collections and events shared with it, and its adopted change ideas.
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
    PERFORM search_documents_refresh('search_event_documents', array['event'],
      array(SELECT e.id FROM events e WHERE e.audience = 'community' AND e.audience_id = NEW.id));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The index comes before the documents: the rows inserted below queue deferred triggers, and
-- PostgreSQL builds no index on a table with trigger events pending in the same transaction.
CREATE INDEX "search_documents_event_idx" ON "search_documents" USING gin ("readers","search") WHERE "search_documents"."kind" = 'event';
--> statement-breakpoint
INSERT INTO search_documents (id, kind, community_id, title, facets, readers, search, created_at)
  SELECT id, kind, community_id, title, facets, readers, search, created_at FROM search_event_documents
  ORDER BY id;
--> statement-breakpoint
ANALYZE search_documents;
