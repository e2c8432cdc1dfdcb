ALTER TABLE "profiles" ADD COLUMN "search_name" "tsvector";--> statement-breakpoint
CREATE INDEX "profiles_search_name_idx" ON "profiles" USING gin ("search_name");