CREATE TABLE "improvement_aims" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"what" text NOT NULL,
	"how_much" text NOT NULL,
	"by_when" date NOT NULL,
	"for_whom" text NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "improvement_drivers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"aim_id" uuid NOT NULL,
	"parent_id" uuid,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "improvement_measures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"definition" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"frequency" text DEFAULT 'weekly' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "improvement_values" (
	"id" uuid PRIMARY KEY NOT NULL,
	"measure_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"period" date NOT NULL,
	"value" double precision NOT NULL,
	"student_count" integer NOT NULL,
	"astronomical" boolean DEFAULT false NOT NULL,
	"astronomical_note" text DEFAULT '' NOT NULL,
	"flagged_by" uuid,
	"entered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "improvement_baselines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"measure_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"from_period" date NOT NULL,
	"length" integer NOT NULL,
	"median" double precision,
	"frozen_at" timestamp with time zone,
	"reason" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "improvement_pdsa_cycles" (
	"cycle_id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid,
	"measure_id" uuid,
	"prediction" text DEFAULT '' NOT NULL,
	"who" text DEFAULT '' NOT NULL,
	"what" text DEFAULT '' NOT NULL,
	"test_date" date,
	"data_plan" text DEFAULT '' NOT NULL,
	"what_happened" text DEFAULT '' NOT NULL,
	"surprises" text DEFAULT '' NOT NULL,
	"study" text DEFAULT '' NOT NULL,
	"act_notes" text DEFAULT '' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "improvement_aims" ADD CONSTRAINT "improvement_aims_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_aims" ADD CONSTRAINT "improvement_aims_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_drivers" ADD CONSTRAINT "improvement_drivers_aim_id_improvement_aims_id_fk" FOREIGN KEY ("aim_id") REFERENCES "public"."improvement_aims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_measures" ADD CONSTRAINT "improvement_measures_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_measures" ADD CONSTRAINT "improvement_measures_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_values" ADD CONSTRAINT "improvement_values_measure_id_improvement_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."improvement_measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_values" ADD CONSTRAINT "improvement_values_school_id_organizations_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_values" ADD CONSTRAINT "improvement_values_flagged_by_users_id_fk" FOREIGN KEY ("flagged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_values" ADD CONSTRAINT "improvement_values_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_baselines" ADD CONSTRAINT "improvement_baselines_measure_id_improvement_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."improvement_measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_baselines" ADD CONSTRAINT "improvement_baselines_school_id_organizations_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_baselines" ADD CONSTRAINT "improvement_baselines_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_pdsa_cycles" ADD CONSTRAINT "improvement_pdsa_cycles_cycle_id_inquiry_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."inquiry_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_pdsa_cycles" ADD CONSTRAINT "improvement_pdsa_cycles_school_id_organizations_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_pdsa_cycles" ADD CONSTRAINT "improvement_pdsa_cycles_measure_id_improvement_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."improvement_measures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_pdsa_cycles" ADD CONSTRAINT "improvement_pdsa_cycles_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "improvement_aims_community_idx" ON "improvement_aims" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "improvement_drivers_aim_idx" ON "improvement_drivers" USING btree ("aim_id","position");--> statement-breakpoint
CREATE INDEX "improvement_measures_community_idx" ON "improvement_measures" USING btree ("community_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "improvement_values_period_idx" ON "improvement_values" USING btree ("measure_id","school_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "improvement_baselines_from_idx" ON "improvement_baselines" USING btree ("measure_id","school_id","from_period");--> statement-breakpoint
CREATE INDEX "improvement_pdsa_cycles_measure_idx" ON "improvement_pdsa_cycles" USING btree ("measure_id","school_id","test_date");
