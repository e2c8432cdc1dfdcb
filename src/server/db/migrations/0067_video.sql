-- Lesson videos (issue 16, decision 074): a teacher's upload (its id is the tus upload's), the
-- renditions made from it, who else may watch it (grants to a person or a community, optionally a
-- clip), time-stamped tagged comments, captions, playback sessions for the owner, and each
-- district's video policy.
CREATE TABLE "videos" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_id" uuid NOT NULL REFERENCES "users"("id"),
	"district_id" uuid NOT NULL REFERENCES "organizations"("id"),
	"title" text NOT NULL,
	"status" text NOT NULL,
	"status_detail" text,
	"progress" integer DEFAULT 0 NOT NULL,
	"duration_seconds" real,
	"source_key" text,
	"source_bytes" bigint,
	"trim_start" real,
	"trim_end" real,
	"consent_confirmed_at" timestamp with time zone NOT NULL,
	"consent_text" text NOT NULL,
	"processing_started_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "videos_owner_idx" ON "videos" USING btree ("owner_id","created_at","id");
--> statement-breakpoint
CREATE INDEX "videos_status_idx" ON "videos" USING btree ("status","updated_at");
--> statement-breakpoint
CREATE INDEX "videos_district_idx" ON "videos" USING btree ("district_id","created_at");
--> statement-breakpoint
CREATE TABLE "video_renditions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"video_id" uuid NOT NULL REFERENCES "videos"("id") ON DELETE cascade,
	"kind" text NOT NULL,
	"grant_id" uuid,
	"storage_key" text NOT NULL,
	"byte_size" bigint NOT NULL,
	"width" integer,
	"height" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "video_renditions_kind_idx" ON "video_renditions" USING btree ("video_id","kind",coalesce("grant_id", '00000000-0000-0000-0000-000000000000'));
--> statement-breakpoint
CREATE TABLE "video_grants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"video_id" uuid NOT NULL REFERENCES "videos"("id") ON DELETE cascade,
	"user_id" uuid REFERENCES "users"("id"),
	"community_id" uuid REFERENCES "communities"("id"),
	"clip_start" real,
	"clip_end" real,
	"hide_comments" boolean DEFAULT false NOT NULL,
	"may_comment" boolean DEFAULT true NOT NULL,
	"source" text NOT NULL,
	"granted_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "video_grants_one_grantee" CHECK (("user_id" IS NULL) <> ("community_id" IS NULL))
);
--> statement-breakpoint
CREATE INDEX "video_grants_video_idx" ON "video_grants" USING btree ("video_id");
--> statement-breakpoint
CREATE INDEX "video_grants_user_idx" ON "video_grants" USING btree ("user_id","video_id") WHERE "revoked_at" is null;
--> statement-breakpoint
CREATE INDEX "video_grants_community_idx" ON "video_grants" USING btree ("community_id","video_id") WHERE "revoked_at" is null;
--> statement-breakpoint
CREATE INDEX "video_grants_source_idx" ON "video_grants" USING btree ("source");
--> statement-breakpoint
CREATE TABLE "video_comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"video_id" uuid NOT NULL REFERENCES "videos"("id") ON DELETE cascade,
	"author_id" uuid NOT NULL REFERENCES "users"("id"),
	"parent_id" uuid,
	"at_seconds" real NOT NULL,
	"tag_kind" text,
	"tag_id" text,
	"tag_label" text,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "video_comments_video_idx" ON "video_comments" USING btree ("video_id","at_seconds","id");
--> statement-breakpoint
CREATE TABLE "video_captions" (
	"video_id" uuid PRIMARY KEY NOT NULL REFERENCES "videos"("id") ON DELETE cascade,
	"language" text DEFAULT 'en' NOT NULL,
	"vtt" text NOT NULL,
	"cues" jsonb NOT NULL,
	"source" text NOT NULL,
	"updated_by" uuid REFERENCES "users"("id"),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "video_views" (
	"id" uuid PRIMARY KEY NOT NULL,
	"video_id" uuid NOT NULL REFERENCES "videos"("id") ON DELETE cascade,
	"viewer_id" uuid NOT NULL REFERENCES "users"("id"),
	"grant_id" uuid,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "video_views_video_idx" ON "video_views" USING btree ("video_id","started_at");
--> statement-breakpoint
CREATE TABLE "district_video_policies" (
	"district_id" uuid PRIMARY KEY NOT NULL REFERENCES "organizations"("id"),
	"video_allowed" boolean DEFAULT true NOT NULL,
	"share_across_districts" boolean DEFAULT true NOT NULL,
	"retention_days" integer,
	"consent_text" text,
	"updated_by" uuid REFERENCES "users"("id"),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
