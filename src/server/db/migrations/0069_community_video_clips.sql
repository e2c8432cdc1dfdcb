-- A community video library: clips of teachers' lessons shared with a community as exemplars, each
-- with the video grant that lets members play that part (decision 078).
CREATE TABLE "community_video_clips" (
	"id" uuid PRIMARY KEY NOT NULL,
	"video_id" uuid NOT NULL REFERENCES "videos"("id") ON DELETE cascade,
	"community_id" uuid NOT NULL REFERENCES "communities"("id"),
	"shared_by" uuid NOT NULL REFERENCES "users"("id"),
	"title" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"clip_start" real,
	"clip_end" real,
	"hide_comments" boolean DEFAULT true NOT NULL,
	"grant_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "community_video_clips_library_idx" ON "community_video_clips" USING btree ("community_id","created_at","id") WHERE "revoked_at" is null;
--> statement-breakpoint
CREATE UNIQUE INDEX "community_video_clips_once_idx" ON "community_video_clips" USING btree ("video_id","community_id") WHERE "revoked_at" is null;
