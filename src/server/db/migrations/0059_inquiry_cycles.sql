-- Inquiry cycles (issue 15, decision 060): lesson study and PDSA cycles started from a community,
-- their members across schools and districts, the phases the facilitator dates, networks' adapted
-- templates, and lesson study's Study and Reflect phases.
CREATE TABLE "inquiry_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"network_id" uuid NOT NULL REFERENCES "organizations"("id"),
	"base" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"phases" jsonb NOT NULL,
	"created_by" uuid NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "inquiry_templates_network_idx" ON "inquiry_templates" USING btree ("network_id","created_at");
--> statement-breakpoint
CREATE TABLE "inquiry_cycles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"community_id" uuid NOT NULL REFERENCES "communities"("id"),
	"network_id" uuid REFERENCES "organizations"("id"),
	"district_id" uuid REFERENCES "organizations"("id"),
	"facilitator_id" uuid NOT NULL REFERENCES "users"("id"),
	"template_base" text NOT NULL,
	"template_id" uuid REFERENCES "inquiry_templates"("id"),
	"status" text DEFAULT 'active' NOT NULL,
	"current_phase" text NOT NULL,
	"subjects" text[] DEFAULT '{}' NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"aim_id" uuid,
	"aim_label" text,
	"change_idea_id" uuid,
	"change_idea_label" text,
	"decision" text,
	"previous_cycle_id" uuid,
	"findings_resource_id" uuid,
	"published_at" timestamp with time zone,
	"member_count" integer DEFAULT 0 NOT NULL,
	"created_by" uuid NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "inquiry_cycles_community_idx" ON "inquiry_cycles" USING btree ("community_id","created_at");
--> statement-breakpoint
CREATE INDEX "inquiry_cycles_network_idx" ON "inquiry_cycles" USING btree ("network_id","created_at");
--> statement-breakpoint
CREATE INDEX "inquiry_cycles_district_idx" ON "inquiry_cycles" USING btree ("district_id","created_at");
--> statement-breakpoint
CREATE INDEX "inquiry_cycles_change_idea_idx" ON "inquiry_cycles" USING btree ("change_idea_id");
--> statement-breakpoint
CREATE INDEX "inquiry_cycles_previous_idx" ON "inquiry_cycles" USING btree ("previous_cycle_id");
--> statement-breakpoint
CREATE TABLE "inquiry_cycle_members" (
	"cycle_id" uuid NOT NULL REFERENCES "inquiry_cycles"("id") ON DELETE cascade,
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"role" text DEFAULT 'member' NOT NULL,
	"added_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inquiry_cycle_members_cycle_id_user_id_pk" PRIMARY KEY("cycle_id","user_id")
);
--> statement-breakpoint
CREATE INDEX "inquiry_cycle_members_user_idx" ON "inquiry_cycle_members" USING btree ("user_id","cycle_id");
--> statement-breakpoint
CREATE TABLE "inquiry_cycle_phases" (
	"cycle_id" uuid NOT NULL REFERENCES "inquiry_cycles"("id") ON DELETE cascade,
	"key" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"guidance" text DEFAULT '' NOT NULL,
	"starts_on" date NOT NULL,
	"due_on" date NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "inquiry_cycle_phases_cycle_id_key_pk" PRIMARY KEY("cycle_id","key")
);
--> statement-breakpoint
CREATE TABLE "inquiry_studies" (
	"cycle_id" uuid PRIMARY KEY NOT NULL REFERENCES "inquiry_cycles"("id") ON DELETE cascade,
	"theme" text DEFAULT '' NOT NULL,
	"long_term_goal" text DEFAULT '' NOT NULL,
	"progression" text DEFAULT '' NOT NULL,
	"updated_by" uuid REFERENCES "users"("id"),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inquiry_readings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL REFERENCES "inquiry_cycles"("id") ON DELETE cascade,
	"resource_id" uuid,
	"url" text,
	"title" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"added_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "inquiry_readings_cycle_idx" ON "inquiry_readings" USING btree ("cycle_id","created_at");
--> statement-breakpoint
CREATE TABLE "inquiry_reflection_roles" (
	"cycle_id" uuid NOT NULL REFERENCES "inquiry_cycles"("id") ON DELETE cascade,
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"role" text NOT NULL,
	CONSTRAINT "inquiry_reflection_roles_cycle_id_user_id_pk" PRIMARY KEY("cycle_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "inquiry_reflection_remarks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL REFERENCES "inquiry_cycles"("id") ON DELETE cascade,
	"author_id" uuid NOT NULL REFERENCES "users"("id"),
	"role" text NOT NULL,
	"body" text NOT NULL,
	"evidence" uuid[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "inquiry_reflection_remarks_cycle_idx" ON "inquiry_reflection_remarks" USING btree ("cycle_id","created_at");
