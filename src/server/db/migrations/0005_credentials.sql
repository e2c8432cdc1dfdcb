CREATE TABLE "award_jobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"credential_id" uuid NOT NULL,
	"requested_by" uuid NOT NULL,
	"recipient_ids" uuid[] NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"issued" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "awards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"credential_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"recipient_id" uuid NOT NULL,
	"submission_id" uuid,
	"issuer_org_id" uuid NOT NULL,
	"issued_by" uuid,
	"status_list_id" uuid NOT NULL,
	"status_index" integer NOT NULL,
	"document" jsonb NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revocation_reason" text,
	"listed" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "competencies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"framework_id" uuid NOT NULL,
	"parent_id" uuid,
	"code" text DEFAULT '' NOT NULL,
	"statement" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"item_type" text DEFAULT '' NOT NULL,
	"case_identifier" text,
	"case_uri" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "competency_frameworks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_org_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"creator" text DEFAULT '' NOT NULL,
	"version" text DEFAULT '' NOT NULL,
	"case_identifier" text,
	"case_uri" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "issuer_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid,
	"fragment" text NOT NULL,
	"public_key_multibase" text NOT NULL,
	"secret_key_encrypted" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "micro_credential_assessors" (
	"credential_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"lead" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "micro_credential_assessors_credential_id_user_id_pk" PRIMARY KEY("credential_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "micro_credential_versions" (
	"credential_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"criteria" text DEFAULT '' NOT NULL,
	"image_key" text,
	"image_type" text,
	"competency_ids" uuid[] DEFAULT '{}' NOT NULL,
	"evidence_prompts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rubric" jsonb,
	"max_team_size" integer DEFAULT 1 NOT NULL,
	"second_assessor" boolean DEFAULT false NOT NULL,
	"valid_for_days" integer,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "micro_credential_versions_credential_id_version_pk" PRIMARY KEY("credential_id","version")
);
--> statement-breakpoint
CREATE TABLE "micro_credentials" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text DEFAULT 'micro' NOT NULL,
	"issuer_org_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || summary)) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stack_members" (
	"stack_id" uuid NOT NULL,
	"credential_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "stack_members_stack_id_credential_id_pk" PRIMARY KEY("stack_id","credential_id")
);
--> statement-breakpoint
CREATE TABLE "status_lists" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"purpose" text DEFAULT 'revocation' NOT NULL,
	"length" integer NOT NULL,
	"next_index" integer DEFAULT 0 NOT NULL,
	"credential" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "submission_members" (
	"submission_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "submission_members_submission_id_user_id_pk" PRIMARY KEY("submission_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "submission_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"submission_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"assessor_id" uuid NOT NULL,
	"role" text NOT NULL,
	"scores" jsonb NOT NULL,
	"feedback" text DEFAULT '' NOT NULL,
	"decision" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "submission_rounds" (
	"submission_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"evidence" jsonb NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "submission_rounds_submission_id_round_pk" PRIMARY KEY("submission_id","round")
);
--> statement-breakpoint
CREATE TABLE "submissions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"credential_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"owner_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "profiles" ADD COLUMN "portfolio_public" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "award_jobs" ADD CONSTRAINT "award_jobs_credential_id_micro_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."micro_credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_jobs" ADD CONSTRAINT "award_jobs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_credential_id_micro_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."micro_credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_issuer_org_id_organizations_id_fk" FOREIGN KEY ("issuer_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_status_list_id_status_lists_id_fk" FOREIGN KEY ("status_list_id") REFERENCES "public"."status_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competencies" ADD CONSTRAINT "competencies_framework_id_competency_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."competency_frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_frameworks" ADD CONSTRAINT "competency_frameworks_owner_org_id_organizations_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_frameworks" ADD CONSTRAINT "competency_frameworks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issuer_keys" ADD CONSTRAINT "issuer_keys_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_credential_assessors" ADD CONSTRAINT "micro_credential_assessors_credential_id_micro_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."micro_credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_credential_assessors" ADD CONSTRAINT "micro_credential_assessors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_credential_versions" ADD CONSTRAINT "micro_credential_versions_credential_id_micro_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."micro_credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_credential_versions" ADD CONSTRAINT "micro_credential_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_credentials" ADD CONSTRAINT "micro_credentials_issuer_org_id_organizations_id_fk" FOREIGN KEY ("issuer_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_credentials" ADD CONSTRAINT "micro_credentials_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stack_members" ADD CONSTRAINT "stack_members_stack_id_micro_credentials_id_fk" FOREIGN KEY ("stack_id") REFERENCES "public"."micro_credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stack_members" ADD CONSTRAINT "stack_members_credential_id_micro_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."micro_credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_lists" ADD CONSTRAINT "status_lists_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_members" ADD CONSTRAINT "submission_members_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_members" ADD CONSTRAINT "submission_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_reviews" ADD CONSTRAINT "submission_reviews_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_reviews" ADD CONSTRAINT "submission_reviews_assessor_id_users_id_fk" FOREIGN KEY ("assessor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_rounds" ADD CONSTRAINT "submission_rounds_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_credential_id_micro_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."micro_credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "awards_recipient_idx" ON "awards" USING btree ("recipient_id","issued_at");--> statement-breakpoint
CREATE INDEX "awards_credential_idx" ON "awards" USING btree ("credential_id","issued_at");--> statement-breakpoint
CREATE UNIQUE INDEX "awards_status_idx" ON "awards" USING btree ("status_list_id","status_index");--> statement-breakpoint
CREATE UNIQUE INDEX "awards_current_idx" ON "awards" USING btree ("credential_id","recipient_id") WHERE "awards"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "competencies_tree_idx" ON "competencies" USING btree ("framework_id","parent_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "competencies_case_idx" ON "competencies" USING btree ("framework_id","case_identifier");--> statement-breakpoint
CREATE INDEX "competency_frameworks_owner_idx" ON "competency_frameworks" USING btree ("owner_org_id","title");--> statement-breakpoint
CREATE UNIQUE INDEX "competency_frameworks_case_idx" ON "competency_frameworks" USING btree ("owner_org_id","case_identifier");--> statement-breakpoint
CREATE UNIQUE INDEX "issuer_keys_fragment_idx" ON "issuer_keys" USING btree ("org_id","fragment");--> statement-breakpoint
CREATE UNIQUE INDEX "issuer_keys_active_idx" ON "issuer_keys" USING btree ("org_id") WHERE "issuer_keys"."retired_at" is null;--> statement-breakpoint
CREATE INDEX "micro_credential_assessors_user_idx" ON "micro_credential_assessors" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "micro_credentials_issuer_idx" ON "micro_credentials" USING btree ("issuer_org_id","status","updated_at");--> statement-breakpoint
CREATE INDEX "micro_credentials_search_idx" ON "micro_credentials" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "stack_members_credential_idx" ON "stack_members" USING btree ("credential_id");--> statement-breakpoint
CREATE INDEX "status_lists_org_idx" ON "status_lists" USING btree ("org_id","next_index");--> statement-breakpoint
CREATE INDEX "submission_members_user_idx" ON "submission_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "submission_reviews_once_idx" ON "submission_reviews" USING btree ("submission_id","round","assessor_id");--> statement-breakpoint
CREATE INDEX "submission_reviews_assessor_idx" ON "submission_reviews" USING btree ("assessor_id","created_at");--> statement-breakpoint
CREATE INDEX "submissions_owner_idx" ON "submissions" USING btree ("owner_id","updated_at");--> statement-breakpoint
CREATE INDEX "submissions_queue_idx" ON "submissions" USING btree ("credential_id","status","submitted_at");