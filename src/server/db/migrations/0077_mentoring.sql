-- Mentoring across schools and districts (issue 18, decisions 088-090): how a district or network runs
-- it, mentors' offers, teachers' requests, mentorships (one accepted mentor per mentee, held by a
-- unique index), and each pair's private goals, meetings and check-ins.
CREATE TABLE "mentoring_settings" (
	"organization_id" uuid PRIMARY KEY NOT NULL REFERENCES "organizations"("id"),
	"evaluator_roles" text[] DEFAULT '{principal}' NOT NULL,
	"mentee_district_approves" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentor_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL REFERENCES "users"("id"),
	"district_id" uuid NOT NULL REFERENCES "organizations"("id"),
	"capacity" integer NOT NULL,
	"accepting" boolean DEFAULT true NOT NULL,
	"meeting_modes" text[] NOT NULL,
	"topics" text[] DEFAULT '{}' NOT NULL,
	"availability" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentor_profiles_capacity_check" CHECK ("capacity" between 0 and 10)
);
--> statement-breakpoint
CREATE INDEX "mentor_profiles_district_idx" ON "mentor_profiles" USING btree ("district_id") WHERE accepting and capacity > 0;
--> statement-breakpoint
CREATE TABLE "mentoring_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"mentee_id" uuid NOT NULL REFERENCES "users"("id"),
	"district_id" uuid NOT NULL REFERENCES "organizations"("id"),
	"subject" text NOT NULL,
	"grade_band" text NOT NULL,
	"topics" text[] DEFAULT '{}' NOT NULL,
	"meeting_mode" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_requests_one_open_idx" ON "mentoring_requests" USING btree ("mentee_id") WHERE status = 'open';
--> statement-breakpoint
CREATE INDEX "mentoring_requests_district_open_idx" ON "mentoring_requests" USING btree ("district_id","created_at") WHERE status = 'open';
--> statement-breakpoint
CREATE TABLE "mentorships" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL REFERENCES "mentoring_requests"("id"),
	"mentee_id" uuid NOT NULL REFERENCES "users"("id"),
	"mentor_id" uuid NOT NULL REFERENCES "users"("id"),
	"mentee_district_id" uuid NOT NULL REFERENCES "organizations"("id"),
	"mentor_district_id" uuid NOT NULL REFERENCES "organizations"("id"),
	"status" text NOT NULL,
	"score" real DEFAULT 0 NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"proposed_by" uuid REFERENCES "users"("id"),
	"confirmed_by" uuid REFERENCES "users"("id"),
	"confirmed_at" timestamp with time zone,
	"approved_by" uuid REFERENCES "users"("id"),
	"approved_at" timestamp with time zone,
	"ended_by" uuid REFERENCES "users"("id"),
	"ended_at" timestamp with time zone,
	"end_reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentorships_not_self_check" CHECK ("mentee_id" <> "mentor_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "mentorships_one_accepted_idx" ON "mentorships" USING btree ("mentee_id") WHERE status in ('awaiting_approval', 'active');
--> statement-breakpoint
CREATE INDEX "mentorships_mentor_idx" ON "mentorships" USING btree ("mentor_id","status");
--> statement-breakpoint
CREATE INDEX "mentorships_mentee_idx" ON "mentorships" USING btree ("mentee_id","created_at");
--> statement-breakpoint
CREATE INDEX "mentorships_request_idx" ON "mentorships" USING btree ("request_id");
--> statement-breakpoint
CREATE INDEX "mentorships_mentee_district_idx" ON "mentorships" USING btree ("mentee_district_id","status");
--> statement-breakpoint
CREATE INDEX "mentorships_mentor_district_idx" ON "mentorships" USING btree ("mentor_district_id","status");
--> statement-breakpoint
CREATE TABLE "mentorship_goals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"mentorship_id" uuid NOT NULL REFERENCES "mentorships"("id") ON DELETE cascade,
	"title" text NOT NULL,
	"done_at" timestamp with time zone,
	"created_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "mentorship_goals_mentorship_idx" ON "mentorship_goals" USING btree ("mentorship_id","created_at");
--> statement-breakpoint
CREATE TABLE "mentorship_meetings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"mentorship_id" uuid NOT NULL REFERENCES "mentorships"("id") ON DELETE cascade,
	"held_on" date NOT NULL,
	"minutes" integer NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"logged_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentorship_meetings_minutes_check" CHECK ("minutes" between 1 and 600)
);
--> statement-breakpoint
CREATE INDEX "mentorship_meetings_mentorship_idx" ON "mentorship_meetings" USING btree ("mentorship_id","held_on");
--> statement-breakpoint
CREATE TABLE "mentorship_check_ins" (
	"id" uuid PRIMARY KEY NOT NULL,
	"mentorship_id" uuid NOT NULL REFERENCES "mentorships"("id") ON DELETE cascade,
	"author_id" uuid NOT NULL REFERENCES "users"("id"),
	"rating" integer NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "mentorship_check_ins_mentorship_idx" ON "mentorship_check_ins" USING btree ("mentorship_id","created_at");
