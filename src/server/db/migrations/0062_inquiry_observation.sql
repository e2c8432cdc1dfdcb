-- A lesson study's Teach and observe phase (issue 15, decision 066): the research lesson's time and
-- place, who observes which case student or group, and the observation sheet's time-stamped notes
-- and photos of student work, kept under ids the observer's device made so a resend is kept once.
CREATE TABLE "inquiry_research_lessons" (
	"cycle_id" uuid PRIMARY KEY NOT NULL REFERENCES "inquiry_cycles"("id") ON DELETE cascade,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"mode" text NOT NULL,
	"place" text NOT NULL,
	"updated_by" uuid REFERENCES "users"("id"),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inquiry_observer_assignments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL REFERENCES "inquiry_cycles"("id") ON DELETE cascade,
	"observer_id" uuid NOT NULL REFERENCES "users"("id"),
	"focus_kind" text NOT NULL,
	"focus" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "inquiry_observer_assignments_unique_idx" ON "inquiry_observer_assignments" USING btree ("cycle_id","observer_id","focus_kind","focus");
--> statement-breakpoint
CREATE TABLE "inquiry_observation_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL REFERENCES "inquiry_cycles"("id") ON DELETE cascade,
	"author_id" uuid NOT NULL REFERENCES "users"("id"),
	"observed_at" timestamp with time zone NOT NULL,
	"body" text NOT NULL,
	"focus" text,
	"points_to_notice" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "inquiry_observation_notes_cycle_idx" ON "inquiry_observation_notes" USING btree ("cycle_id","observed_at","id");
--> statement-breakpoint
CREATE TABLE "inquiry_observation_photos" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL REFERENCES "inquiry_cycles"("id") ON DELETE cascade,
	"author_id" uuid NOT NULL REFERENCES "users"("id"),
	"note_id" uuid REFERENCES "inquiry_observation_notes"("id") ON DELETE set null,
	"storage_key" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"byte_size" integer NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "inquiry_observation_photos_cycle_idx" ON "inquiry_observation_photos" USING btree ("cycle_id","taken_at","id");
