-- The learning log (decision 051): one row per learning activity of a person, from Trellis's own
-- activity, entered by hand or reported over xAPI, and the evidence each carries.
CREATE TABLE "learning_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer,
	"provider" text DEFAULT '' NOT NULL,
	"link" text,
	"will_try" text DEFAULT '' NOT NULL,
	"practice_change" text DEFAULT '' NOT NULL,
	"competency_ids" uuid[] DEFAULT '{}' NOT NULL,
	"status" text DEFAULT 'logged' NOT NULL,
	"statement_id" uuid,
	"source_ref" text,
	"object_type" text,
	"object_id" text,
	"result" jsonb,
	"merged_into_id" uuid,
	"voided_at" timestamp with time zone,
	"credit_status" text,
	"credit_locked" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learning_evidence" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entry_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"type" text NOT NULL,
	"file_key" text,
	"filename" text,
	"url" text,
	"title" text DEFAULT '' NOT NULL,
	"resource_id" uuid,
	"thread_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "learning_entries" ADD CONSTRAINT "learning_entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_entries" ADD CONSTRAINT "learning_entries_district_id_organizations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_evidence" ADD CONSTRAINT "learning_evidence_entry_id_learning_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."learning_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_evidence" ADD CONSTRAINT "learning_evidence_file_key_files_key_fk" FOREIGN KEY ("file_key") REFERENCES "public"."files"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "learning_entries_user_idx" ON "learning_entries" USING btree ("user_id","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE UNIQUE INDEX "learning_entries_source_ref_idx" ON "learning_entries" USING btree ("user_id","source_ref") WHERE "learning_entries"."source_ref" is not null;--> statement-breakpoint
CREATE INDEX "learning_entries_statement_idx" ON "learning_entries" USING btree ("statement_id") WHERE "learning_entries"."statement_id" is not null;--> statement-breakpoint
CREATE INDEX "learning_entries_merged_idx" ON "learning_entries" USING btree ("merged_into_id") WHERE "learning_entries"."merged_into_id" is not null;--> statement-breakpoint
CREATE INDEX "learning_entries_district_idx" ON "learning_entries" USING btree ("district_id","occurred_at");--> statement-breakpoint
CREATE INDEX "learning_evidence_entry_idx" ON "learning_evidence" USING btree ("entry_id","position");
