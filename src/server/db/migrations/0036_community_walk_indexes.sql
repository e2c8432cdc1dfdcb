-- Browsing communities walks the district's and each network's communities newest activity first
-- and stops at a page (communities/queries.ts, decision 031). These indexes hold, beside the walk's
-- order, what its filters and the visibility policy read (kind, subjects, grade bands, join policy,
-- owner), so the walk reads the index alone and a rare facet costs a scope's index entries, never
-- its rows.
CREATE INDEX IF NOT EXISTS "communities_owner_walk_idx" ON "communities" ("owner_id", "last_activity_at" DESC, "id" DESC)
  INCLUDE ("kind", "subjects", "grade_bands", "join_policy", "owner_kind", "district_id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "communities_district_walk_idx" ON "communities" ("district_id", "last_activity_at" DESC, "id" DESC)
  INCLUDE ("kind", "subjects", "grade_bands", "join_policy", "owner_kind", "owner_id");
