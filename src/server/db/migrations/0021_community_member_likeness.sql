ALTER TABLE "community_members" ADD COLUMN "member_active" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "community_members" ADD COLUMN "member_district_id" uuid;--> statement-breakpoint
ALTER TABLE "community_members" ADD COLUMN "member_subjects" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "community_members" ADD COLUMN "member_grade_bands" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "community_members" ADD COLUMN "member_subjects_shown" text DEFAULT 'network' NOT NULL;--> statement-breakpoint
ALTER TABLE "community_members" ADD COLUMN "member_grade_bands_shown" text DEFAULT 'network' NOT NULL;
