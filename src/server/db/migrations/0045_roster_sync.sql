CREATE TABLE "roster_absences" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"district_id" uuid NOT NULL,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roster_sources" (
	"id" uuid PRIMARY KEY NOT NULL,
	"district_id" uuid NOT NULL,
	"base_url" text NOT NULL,
	"token_url" text NOT NULL,
	"client_id" text NOT NULL,
	"client_secret_encrypted" text NOT NULL,
	"grace_days" integer NOT NULL,
	"confirm_share_percent" integer NOT NULL,
	"connected_by" uuid,
	"syncing_since" timestamp with time zone,
	"last_full_sync_at" timestamp with time zone,
	"delta_since" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roster_sources_district_id_unique" UNIQUE("district_id")
);
--> statement-breakpoint
CREATE TABLE "roster_sync_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"district_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"trigger" text NOT NULL,
	"mode" text,
	"status" text NOT NULL,
	"requested_by" uuid,
	"allow_deactivations" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"counts" jsonb,
	"plan" jsonb,
	"deactivations" jsonb,
	"error" text
);
--> statement-breakpoint
ALTER TABLE "roster_absences" ADD CONSTRAINT "roster_absences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_absences" ADD CONSTRAINT "roster_absences_district_id_organizations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_sources" ADD CONSTRAINT "roster_sources_district_id_organizations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_sources" ADD CONSTRAINT "roster_sources_connected_by_users_id_fk" FOREIGN KEY ("connected_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_sync_runs" ADD CONSTRAINT "roster_sync_runs_district_id_organizations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_sync_runs" ADD CONSTRAINT "roster_sync_runs_source_id_roster_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."roster_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_sync_runs" ADD CONSTRAINT "roster_sync_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "roster_sync_runs_district_idx" ON "roster_sync_runs" USING btree ("district_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "roster_sync_runs_active_idx" ON "roster_sync_runs" USING btree ("district_id") WHERE status in ('queued', 'running');