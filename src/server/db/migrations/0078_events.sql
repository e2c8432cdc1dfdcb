-- Events (issue 17, decisions 080-082): an event alone or a series by a recurrence rule, with its
-- sessions in UTC under the organizer's time zone, facilitators, materials, registrations holding
-- counted seats with an ordered waitlist, attendance once per person and session, the short feedback
-- survey, private calendar feeds, and the reminders sent.
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"host_kind" text NOT NULL,
	"host_id" uuid NOT NULL,
	"district_id" uuid REFERENCES "organizations"("id"),
	"network_id" uuid REFERENCES "organizations"("id"),
	"audience" text NOT NULL,
	"audience_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"mode" text NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"room" text DEFAULT '' NOT NULL,
	"capacity" integer,
	"taken" integer DEFAULT 0 NOT NULL,
	"meeting_url" text,
	"time_zone" text NOT NULL,
	"recurrence" text,
	"subjects" text[] DEFAULT '{}' NOT NULL,
	"grade_bands" text[] DEFAULT '{}' NOT NULL,
	"competencies" text[] DEFAULT '{}' NOT NULL,
	"credit_hours" numeric(6, 2),
	"credit_type_id" uuid,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"questions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"space_id" uuid,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || description || ' ' || place)) STORED,
	"created_by" uuid NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_taken_within_capacity" CHECK ("capacity" IS NULL OR "taken" <= "capacity")
);
--> statement-breakpoint
CREATE INDEX "events_host_idx" ON "events" USING btree ("host_id","starts_at");
--> statement-breakpoint
CREATE INDEX "events_audience_idx" ON "events" USING btree ("audience","audience_id","starts_at");
--> statement-breakpoint
CREATE INDEX "events_search_idx" ON "events" USING gin ("search");
--> statement-breakpoint
CREATE INDEX "events_subjects_idx" ON "events" USING gin ("subjects");
--> statement-breakpoint
CREATE INDEX "events_grade_bands_idx" ON "events" USING gin ("grade_bands");
--> statement-breakpoint
CREATE INDEX "events_district_idx" ON "events" USING btree ("district_id");
--> statement-breakpoint
CREATE TABLE "event_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL REFERENCES "events"("id") ON DELETE cascade,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"recurrence_id" timestamp with time zone NOT NULL,
	"title" text,
	"place" text,
	"room" text,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"overridden" boolean DEFAULT false NOT NULL,
	"checkin_code" text NOT NULL,
	"audience" text NOT NULL,
	"audience_id" uuid,
	"host_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE INDEX "event_sessions_event_idx" ON "event_sessions" USING btree ("event_id","starts_at");
--> statement-breakpoint
CREATE INDEX "event_sessions_calendar_idx" ON "event_sessions" USING btree ("audience","audience_id","starts_at");
--> statement-breakpoint
CREATE INDEX "event_sessions_host_idx" ON "event_sessions" USING btree ("host_id","starts_at");
--> statement-breakpoint
CREATE UNIQUE INDEX "event_sessions_recurrence_idx" ON "event_sessions" USING btree ("event_id","recurrence_id");
--> statement-breakpoint
CREATE TABLE "event_facilitators" (
	"event_id" uuid NOT NULL REFERENCES "events"("id") ON DELETE cascade,
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_facilitators_event_id_user_id_pk" PRIMARY KEY("event_id","user_id")
);
--> statement-breakpoint
CREATE INDEX "event_facilitators_user_idx" ON "event_facilitators" USING btree ("user_id");
--> statement-breakpoint
CREATE TABLE "event_materials" (
	"event_id" uuid NOT NULL REFERENCES "events"("id") ON DELETE cascade,
	"resource_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "event_materials_event_id_resource_id_pk" PRIMARY KEY("event_id","resource_id")
);
--> statement-breakpoint
CREATE TABLE "event_registrations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL REFERENCES "events"("id") ON DELETE cascade,
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"status" text NOT NULL,
	"school_id" uuid REFERENCES "organizations"("id"),
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"waitlist_at" timestamp with time zone,
	"needs_substitute" boolean DEFAULT false NOT NULL,
	"approved_by" uuid REFERENCES "users"("id"),
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "event_registrations_person_idx" ON "event_registrations" USING btree ("event_id","user_id");
--> statement-breakpoint
CREATE INDEX "event_registrations_user_idx" ON "event_registrations" USING btree ("user_id","status");
--> statement-breakpoint
CREATE INDEX "event_registrations_approval_idx" ON "event_registrations" USING btree ("school_id") WHERE status = 'pending_approval';
--> statement-breakpoint
CREATE INDEX "event_registrations_waitlist_idx" ON "event_registrations" USING btree ("event_id","waitlist_at","id") WHERE status = 'waitlisted';
--> statement-breakpoint
CREATE TABLE "event_attendance" (
	"session_id" uuid NOT NULL REFERENCES "event_sessions"("id") ON DELETE cascade,
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"event_id" uuid NOT NULL,
	"method" text NOT NULL,
	"recorded_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_attendance_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE INDEX "event_attendance_user_idx" ON "event_attendance" USING btree ("user_id","event_id");
--> statement-breakpoint
CREATE TABLE "event_feedback" (
	"session_id" uuid NOT NULL REFERENCES "event_sessions"("id") ON DELETE cascade,
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"event_id" uuid NOT NULL,
	"relevance" smallint NOT NULL,
	"will_use" smallint NOT NULL,
	"one_thing" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_feedback_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE INDEX "event_feedback_event_idx" ON "event_feedback" USING btree ("event_id");
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"kind" text NOT NULL,
	"event_id" uuid REFERENCES "events"("id") ON DELETE cascade,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_token_idx" ON "calendar_feeds" USING btree ("token_hash");
--> statement-breakpoint
CREATE INDEX "calendar_feeds_user_idx" ON "calendar_feeds" USING btree ("user_id");
--> statement-breakpoint
CREATE TABLE "event_reminders" (
	"session_id" uuid NOT NULL REFERENCES "event_sessions"("id") ON DELETE cascade,
	"lead" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "event_reminders_session_id_lead_pk" PRIMARY KEY("session_id","lead")
);
