CREATE TABLE "school_change_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"school_ids" uuid[] NOT NULL,
	"note" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid
);
--> statement-breakpoint
ALTER TABLE "school_change_requests" ADD CONSTRAINT "school_change_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_change_requests" ADD CONSTRAINT "school_change_requests_district_id_organizations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_change_requests" ADD CONSTRAINT "school_change_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "school_change_requests_district_idx" ON "school_change_requests" USING btree ("district_id","status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "school_change_requests_pending_idx" ON "school_change_requests" USING btree ("user_id") WHERE "school_change_requests"."status" = 'pending';