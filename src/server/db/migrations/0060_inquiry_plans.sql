-- A lesson study's research-lesson plan (issue 15, decision 062): its versions, each a Yjs document
-- kept as its updates in order; who has a version open; the case students by pseudonym; and the
-- findings report's draft.
CREATE TABLE "inquiry_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL REFERENCES "inquiry_cycles"("id") ON DELETE cascade,
	"version" integer NOT NULL,
	"last_seq" integer DEFAULT 0 NOT NULL,
	"bytes" integer DEFAULT 0 NOT NULL,
	"created_by" uuid NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "inquiry_plans_cycle_version_idx" ON "inquiry_plans" USING btree ("cycle_id","version");
--> statement-breakpoint
CREATE TABLE "inquiry_plan_updates" (
	"plan_id" uuid NOT NULL REFERENCES "inquiry_plans"("id") ON DELETE cascade,
	"seq" integer NOT NULL,
	"update" bytea NOT NULL,
	"author_id" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inquiry_plan_updates_plan_id_seq_pk" PRIMARY KEY("plan_id","seq")
);
--> statement-breakpoint
CREATE TABLE "inquiry_plan_presence" (
	"plan_id" uuid NOT NULL REFERENCES "inquiry_plans"("id") ON DELETE cascade,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"focus" text DEFAULT '' NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inquiry_plan_presence_plan_id_user_id_pk" PRIMARY KEY("plan_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "inquiry_case_students" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL REFERENCES "inquiry_cycles"("id") ON DELETE cascade,
	"pseudonym" text NOT NULL,
	"watch_for" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "inquiry_case_students_cycle_idx" ON "inquiry_case_students" USING btree ("cycle_id","created_at");
--> statement-breakpoint
CREATE TABLE "inquiry_findings" (
	"cycle_id" uuid PRIMARY KEY NOT NULL REFERENCES "inquiry_cycles"("id") ON DELETE cascade,
	"student_thinking" text DEFAULT '' NOT NULL,
	"teaching" text DEFAULT '' NOT NULL,
	"updated_by" uuid REFERENCES "users"("id"),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid REFERENCES "users"("id")
);
