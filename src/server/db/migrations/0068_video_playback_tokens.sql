-- A playback session's URLs carry an unguessable token; its hash and expiry are kept with the
-- session so every range request finds the person and video it was issued for (decision 074).
ALTER TABLE "video_views" ADD COLUMN "token_hash" text;
--> statement-breakpoint
ALTER TABLE "video_views" ADD COLUMN "expires_at" timestamp with time zone;
--> statement-breakpoint
CREATE UNIQUE INDEX "video_views_token_idx" ON "video_views" USING btree ("token_hash");
