-- Career pathways and leadership opportunities (issue 18, decisions 085-087): ladders of roles a
-- district or network defines, the requirements of each role and of each opportunity, what an
-- administrator confirms by hand (years of experience, interviews), opportunities with their
-- applications, the roles people hold, and the pay codes a district's stipend export uses.
CREATE TABLE "pathway_ladders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_org_id" uuid NOT NULL REFERENCES "organizations"("id"),
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "pathway_ladders_owner_idx" ON "pathway_ladders" USING btree ("owner_org_id","created_at");
--> statement-breakpoint
CREATE TABLE "pathway_roles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ladder_id" uuid NOT NULL REFERENCES "pathway_ladders"("id") ON DELETE cascade,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"stipend_cents" integer,
	"release_time" text DEFAULT '' NOT NULL,
	"term_months" integer,
	"pay_code" text DEFAULT '' NOT NULL,
	"credential_id" uuid REFERENCES "micro_credentials"("id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "pathway_roles_ladder_idx" ON "pathway_roles" USING btree ("ladder_id","position");
--> statement-breakpoint
CREATE TABLE "pathway_opportunities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"district_id" uuid NOT NULL REFERENCES "organizations"("id"),
	"school_id" uuid REFERENCES "organizations"("id"),
	"role_id" uuid REFERENCES "pathway_roles"("id"),
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"time_commitment" text DEFAULT '' NOT NULL,
	"stipend_cents" integer,
	"pay_code" text DEFAULT '' NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"closes_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"posted_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "pathway_opportunities_district_idx" ON "pathway_opportunities" USING btree ("district_id","closes_on");
--> statement-breakpoint
CREATE TABLE "pathway_requirements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"role_id" uuid REFERENCES "pathway_roles"("id") ON DELETE cascade,
	"opportunity_id" uuid REFERENCES "pathway_opportunities"("id") ON DELETE cascade,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"credential_id" uuid REFERENCES "micro_credentials"("id"),
	"learning_kind" text,
	"competency_id" uuid,
	"hours" numeric,
	"window_months" integer,
	"years" numeric,
	"role_kind" text,
	"held_role_id" uuid REFERENCES "pathway_roles"("id"),
	"count" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "pathway_requirements_owner_check" CHECK (("role_id" IS NULL) <> ("opportunity_id" IS NULL))
);
--> statement-breakpoint
CREATE INDEX "pathway_requirements_role_idx" ON "pathway_requirements" USING btree ("role_id","position") WHERE "role_id" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "pathway_requirements_opportunity_idx" ON "pathway_requirements" USING btree ("opportunity_id","position") WHERE "opportunity_id" IS NOT NULL;
--> statement-breakpoint
CREATE TABLE "pathway_confirmations" (
	"requirement_id" uuid NOT NULL REFERENCES "pathway_requirements"("id") ON DELETE cascade,
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"confirmed_by" uuid REFERENCES "users"("id"),
	"note" text DEFAULT '' NOT NULL,
	"confirmed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pathway_confirmations_pk" PRIMARY KEY("requirement_id","user_id")
);
--> statement-breakpoint
CREATE INDEX "pathway_confirmations_user_idx" ON "pathway_confirmations" USING btree ("user_id");
--> statement-breakpoint
CREATE TABLE "pathway_experience" (
	"user_id" uuid PRIMARY KEY NOT NULL REFERENCES "users"("id"),
	"district_id" uuid NOT NULL REFERENCES "organizations"("id"),
	"years" numeric NOT NULL,
	"as_of" date NOT NULL,
	"source" text NOT NULL,
	"confirmed_by" uuid REFERENCES "users"("id"),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "pathway_experience_district_idx" ON "pathway_experience" USING btree ("district_id");
--> statement-breakpoint
CREATE TABLE "pathway_applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"opportunity_id" uuid NOT NULL REFERENCES "pathway_opportunities"("id") ON DELETE cascade,
	"applicant_id" uuid NOT NULL REFERENCES "users"("id"),
	"statement" text NOT NULL,
	"share_standing" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"decided_by" uuid REFERENCES "users"("id"),
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "pathway_applications_applicant_idx" ON "pathway_applications" USING btree ("opportunity_id","applicant_id");
--> statement-breakpoint
CREATE INDEX "pathway_applications_user_idx" ON "pathway_applications" USING btree ("applicant_id","created_at");
--> statement-breakpoint
CREATE TABLE "pathway_role_holders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"district_id" uuid NOT NULL REFERENCES "organizations"("id"),
	"school_id" uuid REFERENCES "organizations"("id"),
	"role_id" uuid REFERENCES "pathway_roles"("id"),
	"opportunity_id" uuid REFERENCES "pathway_opportunities"("id"),
	"title" text NOT NULL,
	"stipend_cents" integer,
	"pay_code" text DEFAULT '' NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"completed_at" timestamp with time zone,
	"award_job_id" uuid,
	"created_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "pathway_role_holders_user_idx" ON "pathway_role_holders" USING btree ("user_id","starts_on");
--> statement-breakpoint
CREATE INDEX "pathway_role_holders_district_idx" ON "pathway_role_holders" USING btree ("district_id","starts_on");
--> statement-breakpoint
CREATE TABLE "pathway_pay_settings" (
	"district_id" uuid PRIMARY KEY NOT NULL REFERENCES "organizations"("id"),
	"role_pay_code" text DEFAULT '' NOT NULL,
	"mentoring_pay_code" text DEFAULT '' NOT NULL,
	"mentoring_hourly_cents" integer DEFAULT 0 NOT NULL,
	"updated_by" uuid REFERENCES "users"("id"),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
