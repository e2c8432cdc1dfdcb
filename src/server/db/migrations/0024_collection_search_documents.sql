-- Collections become search documents (decision 025), so that search of every kind reads one table:
-- the view says how a collection becomes a document, triggers keep it in the same transaction as
-- every change to the collection or to the community it is shared with, and the view fills the
-- table once here.

-- Collections not deleted (mirrors canSeeShared in resources/audience.ts without home shares, as
-- visibleSharedSql(…, { homeShares: false })): the owner; everyone for a public one; the people of
-- its school, district or network; the readers of its community.
CREATE VIEW search_collection_documents AS
  SELECT c.id, 'collection'::text AS kind,
         CASE WHEN c.audience = 'community' THEN c.audience_id END AS community_id,
         c.title, '{}'::text[] AS facets,
         array['u:' || c.owner_id]
           || CASE WHEN c.audience = 'public' THEN array['*']
                   WHEN c.audience IN ('school', 'district', 'network') AND c.audience_id IS NOT NULL
                     THEN array['o:' || c.audience_id]
                   WHEN c.audience = 'community' THEN coalesce((
                     SELECT search_content_readers(m.id, m.join_policy, m.owner_kind, m.owner_id, m.district_id)
                       FROM communities m WHERE m.id = c.audience_id), '{}'::text[])
                   ELSE '{}'::text[] END AS readers,
         setweight(to_tsvector('english', c.title), 'A')
           || setweight(to_tsvector('english', c.description), 'B') AS search,
         c.created_at
    FROM collections c
   WHERE c.deleted_at IS NULL;
--> statement-breakpoint
CREATE FUNCTION search_documents_collections_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_documents_refresh('search_collection_documents', array['collection'],
    array[CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END]);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_documents_collections AFTER INSERT OR DELETE
  OR UPDATE OF owner_id, audience, audience_id, title, description, deleted_at, created_at ON collections
  FOR EACH ROW EXECUTE FUNCTION search_documents_collections_changed();
--> statement-breakpoint
-- A community's document, and, when who may read it or its facets change, the documents of its
-- posts and of the resources and collections shared with it.
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
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
INSERT INTO search_documents (id, kind, community_id, title, facets, readers, search, created_at)
  SELECT id, kind, community_id, title, facets, readers, search, created_at FROM search_collection_documents
  ORDER BY id;
--> statement-breakpoint
-- The few documents of collections, apart from millions of posts.
CREATE INDEX "search_documents_collection_idx" ON "search_documents" USING gin ("readers","search") WHERE "search_documents"."kind" = 'collection';
--> statement-breakpoint
-- The planner must know the new kind's documents are there: a kind it believes empty it walks to
-- the end of (every collection, per search) instead of asking the new index.
ANALYZE search_documents;
