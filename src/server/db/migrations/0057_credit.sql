CREATE TABLE "credit_settings" (
	"district_id" uuid PRIMARY KEY NOT NULL,
	"approver" text DEFAULT 'principal' NOT NULL,
	"pd_staff_ids" uuid[] DEFAULT '{}' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "credit_types" (
	"id" uuid PRIMARY KEY NOT NULL,
	"district_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kinds" text[] NOT NULL,
	"max_hours_per_kind" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"period_start_month" integer DEFAULT 7 NOT NULL,
	"evidence_required" boolean DEFAULT false NOT NULL,
	"reflection_required" boolean DEFAULT false NOT NULL,
	"auto_approve_kinds" text[] DEFAULT '{}' NOT NULL,
	"renewal_cycle_years" integer,
	"renewal_hours_required" numeric(7, 2),
	"default_hours" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"allow_double_counting" boolean DEFAULT false NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_claims" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entry_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"school_id" uuid,
	"credit_type_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"hours" numeric(6, 2) NOT NULL,
	"default_hours" numeric(6, 2) NOT NULL,
	"adjustment_reason" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"source" text DEFAULT 'submitted' NOT NULL,
	"exclusive" boolean DEFAULT false NOT NULL,
	"approver_id" uuid,
	"approver_name" text,
	"comment" text DEFAULT '' NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "licences" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"name" text NOT NULL,
	"number" text DEFAULT '' NOT NULL,
	"issuer" text DEFAULT '' NOT NULL,
	"credit_type_id" uuid NOT NULL,
	"cycle_start_on" date NOT NULL,
	"cycle_years" integer NOT NULL,
	"hours_required" numeric(7, 2) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_signing_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"district_id" uuid NOT NULL,
	"public_key" text NOT NULL,
	"secret_key_encrypted" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transcripts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"record" jsonb NOT NULL,
	"record_sha256" text NOT NULL,
	"signature" text NOT NULL,
	"key_id" uuid NOT NULL,
	"pdf_key" text NOT NULL,
	"pdf_sha256" text NOT NULL,
	"entry_count" integer NOT NULL,
	"total_hours" numeric(8, 2) NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_settings" ADD CONSTRAINT "credit_settings_district_id_organizations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_settings" ADD CONSTRAINT "credit_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_types" ADD CONSTRAINT "credit_types_district_id_organizations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_claims" ADD CONSTRAINT "credit_claims_entry_id_learning_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."learning_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_claims" ADD CONSTRAINT "credit_claims_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_claims" ADD CONSTRAINT "credit_claims_district_id_organizations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_claims" ADD CONSTRAINT "credit_claims_school_id_organizations_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_claims" ADD CONSTRAINT "credit_claims_credit_type_id_credit_types_id_fk" FOREIGN KEY ("credit_type_id") REFERENCES "public"."credit_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_claims" ADD CONSTRAINT "credit_claims_approver_id_users_id_fk" FOREIGN KEY ("approver_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_district_id_organizations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_credit_type_id_credit_types_id_fk" FOREIGN KEY ("credit_type_id") REFERENCES "public"."credit_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_signing_keys" ADD CONSTRAINT "credit_signing_keys_district_id_organizations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transcripts" ADD CONSTRAINT "transcripts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transcripts" ADD CONSTRAINT "transcripts_district_id_organizations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transcripts" ADD CONSTRAINT "transcripts_key_id_credit_signing_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."credit_signing_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_types_name_idx" ON "credit_types" USING btree ("district_id",lower("name")) WHERE "credit_types"."archived_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_claims_open_idx" ON "credit_claims" USING btree ("entry_id","credit_type_id") WHERE "credit_claims"."status" in ('pending', 'changes_requested', 'approved');--> statement-breakpoint
CREATE UNIQUE INDEX "credit_claims_exclusive_idx" ON "credit_claims" USING btree ("entry_id") WHERE "credit_claims"."status" = 'approved' and "credit_claims"."exclusive";--> statement-breakpoint
CREATE INDEX "credit_claims_entry_idx" ON "credit_claims" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "credit_claims_progress_idx" ON "credit_claims" USING btree ("user_id","credit_type_id","occurred_on","status","hours");--> statement-breakpoint
CREATE INDEX "credit_claims_mine_idx" ON "credit_claims" USING btree ("user_id","submitted_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "credit_claims_queue_idx" ON "credit_claims" USING btree ("district_id","status","submitted_at","id");--> statement-breakpoint
CREATE INDEX "credit_claims_export_idx" ON "credit_claims" USING btree ("district_id","occurred_on","id") WHERE "credit_claims"."status" = 'approved';--> statement-breakpoint
CREATE INDEX "licences_user_idx" ON "licences" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_signing_keys_district_idx" ON "credit_signing_keys" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "transcripts_user_idx" ON "transcripts" USING btree ("user_id","issued_at");--> statement-breakpoint
-- Approved or submitted hours stay as approved: what an entry states cannot change under them,
-- whichever code path tries (decision 052). The credit feature's own columns stay writable.
CREATE FUNCTION "learning_entries_credit_lock"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.credit_locked AND (NEW.kind, NEW.title, NEW.occurred_at, NEW.duration_minutes, NEW.merged_into_id)
     IS DISTINCT FROM (OLD.kind, OLD.title, OLD.occurred_at, OLD.duration_minutes, OLD.merged_into_id) THEN
    RAISE EXCEPTION 'learning entry % is submitted or approved for credit and cannot change', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'learning_entries_credit_lock';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "learning_entries_credit_lock" BEFORE UPDATE ON "learning_entries"
  FOR EACH ROW EXECUTE FUNCTION "learning_entries_credit_lock"();
