-- Custom SQL migration file, put your code below! --
-- The library's words and facets under each broad key that may find a resource (decision 042):
-- one row per (key, word or facet, resource) for the keys everyone in a network holds, that is `*`
-- (everyone signed in) and `o:<network>`, in a btree ordered by term then resource id. A search
-- with words reads, for each such key the viewer holds, the newest matches of its words and facets
-- as ranges of this index walked backwards and joined in id order, and stops at its pool: the cost
-- follows the page, where the GIN index merged the postings of the viewer's broad keys (half the
-- library for a networked viewer) with every match of the words. Keys a few people hold (their own,
-- their school's and district's, their communities') stay on the GIN index, where they are short.
-- A term is a 64-bit hash of (key, 'w' word or 'f' facet, value): rows stay 24 bytes whatever a
-- resource holds, so a resource brought home to 150 schools or with twenty long alignments still
-- saves (schools and districts are not broad keys; each row is small).
-- Kept by statement triggers on search_documents in the same statement as every document change
-- (so a changed audience, a deletion, a community's policy or a new rating changes what is found at
-- the commit that made it, as the documents do); only the terms that changed are written.
CREATE TABLE IF NOT EXISTS "library_postings" (
  "term" bigint NOT NULL,
  "resource_id" uuid NOT NULL,
  CONSTRAINT "library_postings_pkey" PRIMARY KEY ("term", "resource_id")
);
--> statement-breakpoint
-- The term of a key and a word ('w') or facet ('f'); the library's statement computes the same.
CREATE OR REPLACE FUNCTION "library_term"("key" text, "kind" text, "value" text) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT hashtextextended("key" || chr(31) || "kind" || chr(31) || "value", 0) $$;
--> statement-breakpoint
-- The terms of one resource document: its words and facets under each of its broad keys (`*` and
-- every network among its readers). A network is an organization of kind 'network', which never
-- changes kind.
CREATE OR REPLACE FUNCTION "library_terms"("readers" text[], "facets" text[], "search" tsvector) RETURNS SETOF bigint
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
  SELECT DISTINCT "library_term"(b.key, x.kind, x.value)
    FROM (SELECT DISTINCT k AS key FROM unnest("readers") k
           WHERE k = '*' OR (k LIKE 'o:%' AND EXISTS (
                   SELECT 1 FROM "organizations" o WHERE o."id" = substr(k, 3)::uuid AND o."kind" = 'network'))) b
   CROSS JOIN (SELECT 'w' AS kind, l AS value FROM unnest(tsvector_to_array("search")) l
               UNION ALL SELECT 'f', f FROM unnest("facets") f) x
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "trellis_library_postings_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "library_postings" ("term", "resource_id")
  SELECT t, n."id" FROM "new_documents" n CROSS JOIN LATERAL "library_terms"(n."readers", n."facets", n."search") t
   WHERE n."kind" = 'resource'
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "trellis_library_postings_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "library_postings" p
   USING (SELECT t, o."id" FROM "old_documents" o CROSS JOIN LATERAL "library_terms"(o."readers", o."facets", o."search") t
           WHERE o."kind" = 'resource') g(term, id)
   WHERE p."term" = g.term AND p."resource_id" = g.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A rewritten document: the terms it lost go, the terms it gained come (a new rating changes two
-- facets, not every row of the resource). Per id, as sets, so it holds whatever the hashes are.
CREATE OR REPLACE FUNCTION "trellis_library_postings_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH changed AS MATERIALIZED (
    SELECT n."id", o."kind" AS old_kind, o."readers" AS old_readers, o."facets" AS old_facets, o."search" AS old_search,
           n."kind" AS new_kind, n."readers" AS new_readers, n."facets" AS new_facets, n."search" AS new_search
      FROM "new_documents" n JOIN "old_documents" o ON o."id" = n."id"
     WHERE (n."kind" = 'resource' OR o."kind" = 'resource')
       AND (o."kind", o."readers", o."facets", o."search") IS DISTINCT FROM (n."kind", n."readers", n."facets", n."search")
  ), old_terms AS MATERIALIZED (
    SELECT c."id", t FROM changed c CROSS JOIN LATERAL "library_terms"(c.old_readers, c.old_facets, c.old_search) t
     WHERE c.old_kind = 'resource'
  ), new_terms AS MATERIALIZED (
    SELECT c."id", t FROM changed c CROSS JOIN LATERAL "library_terms"(c.new_readers, c.new_facets, c.new_search) t
     WHERE c.new_kind = 'resource'
  ), gone AS (
    DELETE FROM "library_postings" p
     USING (SELECT * FROM old_terms EXCEPT SELECT * FROM new_terms) g("id", t)
     WHERE p."term" = g.t AND p."resource_id" = g."id"
  )
  INSERT INTO "library_postings" ("term", "resource_id")
  SELECT t, "id" FROM (SELECT * FROM new_terms EXCEPT SELECT * FROM old_terms) a("id", t)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "trellis_library_postings_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE "library_postings";
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "search_documents_library_postings_inserted" ON "search_documents";
--> statement-breakpoint
CREATE TRIGGER "search_documents_library_postings_inserted" AFTER INSERT ON "search_documents"
  REFERENCING NEW TABLE AS "new_documents" FOR EACH STATEMENT EXECUTE FUNCTION "trellis_library_postings_inserted"();
--> statement-breakpoint
DROP TRIGGER IF EXISTS "search_documents_library_postings_updated" ON "search_documents";
--> statement-breakpoint
CREATE TRIGGER "search_documents_library_postings_updated" AFTER UPDATE ON "search_documents"
  REFERENCING OLD TABLE AS "old_documents" NEW TABLE AS "new_documents" FOR EACH STATEMENT
  EXECUTE FUNCTION "trellis_library_postings_updated"();
--> statement-breakpoint
DROP TRIGGER IF EXISTS "search_documents_library_postings_deleted" ON "search_documents";
--> statement-breakpoint
CREATE TRIGGER "search_documents_library_postings_deleted" AFTER DELETE ON "search_documents"
  REFERENCING OLD TABLE AS "old_documents" FOR EACH STATEMENT EXECUTE FUNCTION "trellis_library_postings_deleted"();
--> statement-breakpoint
DROP TRIGGER IF EXISTS "search_documents_library_postings_truncated" ON "search_documents";
--> statement-breakpoint
CREATE TRIGGER "search_documents_library_postings_truncated" AFTER TRUNCATE ON "search_documents"
  FOR EACH STATEMENT EXECUTE FUNCTION "trellis_library_postings_truncated"();
--> statement-breakpoint
-- The resources already there, loaded without the index and indexed after (far quicker on a state
-- network's few million rows).
ALTER TABLE "library_postings" DROP CONSTRAINT IF EXISTS "library_postings_pkey";
--> statement-breakpoint
TRUNCATE "library_postings";
--> statement-breakpoint
INSERT INTO "library_postings" ("term", "resource_id")
SELECT t, d."id" FROM "search_documents" d CROSS JOIN LATERAL "library_terms"(d."readers", d."facets", d."search") t
 WHERE d."kind" = 'resource';
--> statement-breakpoint
SET maintenance_work_mem = '512MB';
--> statement-breakpoint
ALTER TABLE "library_postings" ADD CONSTRAINT "library_postings_pkey" PRIMARY KEY ("term", "resource_id");
--> statement-breakpoint
RESET maintenance_work_mem;
--> statement-breakpoint
ANALYZE "library_postings";
