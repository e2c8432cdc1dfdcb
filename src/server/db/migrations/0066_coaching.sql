-- Coaching cycles (issue 16, decision 076): a district's rubrics of domains and rows; a teacher's
-- cycle with its invited coaches and peers, its pre- and post-conference, observations (a video or a
-- live lesson) with time-stamped notes kept under the ids the observer's device made, follow-up
-- actions and the cycle's comments. All but the rubrics are private to the cycle's members.
CREATE TABLE "coaching_rubrics" (
	"id" uuid PRIMARY KEY NOT NULL,
	"district_id" uuid NOT NULL REFERENCES "organizations"("id"),
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "coaching_rubrics_district_idx" ON "coaching_rubrics" USING btree ("district_id","created_at");
--> statement-breakpoint
CREATE TABLE "coaching_rubric_rows" (
	"id" uuid PRIMARY KEY NOT NULL,
	"rubric_id" uuid NOT NULL REFERENCES "coaching_rubrics"("id") ON DELETE cascade,
	"domain" text NOT NULL,
	"code" text DEFAULT '' NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "coaching_rubric_rows_rubric_idx" ON "coaching_rubric_rows" USING btree ("rubric_id","position");
--> statement-breakpoint
CREATE TABLE "coaching_cycles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"teacher_id" uuid NOT NULL REFERENCES "users"("id"),
	"district_id" uuid NOT NULL REFERENCES "organizations"("id"),
	"title" text NOT NULL,
	"focus_kind" text NOT NULL,
	"focus_label" text NOT NULL,
	"competency_id" uuid,
	"rubric_row_id" uuid,
	"phase" text DEFAULT 'pre_conference' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "coaching_cycles_teacher_idx" ON "coaching_cycles" USING btree ("teacher_id","created_at");
--> statement-breakpoint
CREATE INDEX "coaching_cycles_district_idx" ON "coaching_cycles" USING btree ("district_id");
--> statement-breakpoint
CREATE TABLE "coaching_cycle_members" (
	"cycle_id" uuid NOT NULL REFERENCES "coaching_cycles"("id") ON DELETE cascade,
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"role" text NOT NULL,
	"invited_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coaching_cycle_members_cycle_id_user_id_pk" PRIMARY KEY("cycle_id","user_id")
);
--> statement-breakpoint
CREATE INDEX "coaching_cycle_members_user_idx" ON "coaching_cycle_members" USING btree ("user_id","cycle_id");
--> statement-breakpoint
CREATE TABLE "coaching_conferences" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL REFERENCES "coaching_cycles"("id") ON DELETE cascade,
	"kind" text NOT NULL,
	"held_on" date NOT NULL,
	"minutes" integer NOT NULL,
	"goal" text DEFAULT '' NOT NULL,
	"look_fors" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"updated_by" uuid REFERENCES "users"("id"),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "coaching_conferences_cycle_kind_idx" ON "coaching_conferences" USING btree ("cycle_id","kind");
--> statement-breakpoint
CREATE TABLE "coaching_observations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL REFERENCES "coaching_cycles"("id") ON DELETE cascade,
	"observer_id" uuid NOT NULL REFERENCES "users"("id"),
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"video_id" uuid,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"minutes" integer,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "coaching_observations_cycle_idx" ON "coaching_observations" USING btree ("cycle_id","started_at");
--> statement-breakpoint
CREATE TABLE "coaching_observation_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"observation_id" uuid NOT NULL REFERENCES "coaching_observations"("id") ON DELETE cascade,
	"author_id" uuid NOT NULL REFERENCES "users"("id"),
	"body" text NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"video_seconds" double precision,
	"focus_tagged" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "coaching_observation_notes_observation_idx" ON "coaching_observation_notes" USING btree ("observation_id","observed_at","id");
--> statement-breakpoint
CREATE TABLE "coaching_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL REFERENCES "coaching_cycles"("id") ON DELETE cascade,
	"title" text NOT NULL,
	"owner_id" uuid NOT NULL REFERENCES "users"("id"),
	"due_on" date NOT NULL,
	"done_at" timestamp with time zone,
	"created_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "coaching_actions_cycle_idx" ON "coaching_actions" USING btree ("cycle_id","due_on");
--> statement-breakpoint
CREATE INDEX "coaching_actions_owner_open_idx" ON "coaching_actions" USING btree ("owner_id","due_on") WHERE done_at is null;
--> statement-breakpoint
CREATE TABLE "coaching_comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL REFERENCES "coaching_cycles"("id") ON DELETE cascade,
	"author_id" uuid NOT NULL REFERENCES "users"("id"),
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "coaching_comments_cycle_idx" ON "coaching_comments" USING btree ("cycle_id","created_at","id");
