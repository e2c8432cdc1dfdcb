-- An event's own discussion space is a community reached from the event page (decision 080), not
-- one to list among a person's communities or in the directory: unlisted.
ALTER TABLE "communities" ADD COLUMN "listed" boolean DEFAULT true NOT NULL;
--> statement-breakpoint
UPDATE "communities" SET "listed" = false WHERE "id" IN (SELECT "space_id" FROM "events" WHERE "space_id" IS NOT NULL);
