-- The learning record store in the one statements table (decision 049): what xAPI tools send is
-- stored beside Trellis's own statements, with the columns the LRS needs. Added columns have no
-- volatile default, so no existing row is rewritten.
ALTER TABLE "statements" ADD COLUMN IF NOT EXISTS "xapi_id" uuid;--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN IF NOT EXISTS "client_id" uuid;--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN IF NOT EXISTS "voided" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN IF NOT EXISTS "registration" uuid;--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN IF NOT EXISTS "actor_ifi" text;--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN IF NOT EXISTS "ref_target" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "statements_xapi_id_idx" ON "statements" USING btree ("district_id","xapi_id") WHERE xapi_id is not null;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "statements_client_idx" ON "statements" USING btree ("client_id","stored") WHERE client_id is not null;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "statements_unmatched_idx" ON "statements" USING btree ("district_id","actor_ifi","stored") WHERE actor_id is null and actor_ifi is not null;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "statements_ref_target_idx" ON "statements" USING btree ("district_id","ref_target") WHERE ref_target is not null;--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "lrs_statement_keys" (
	"district_id" uuid NOT NULL,
	"key" text NOT NULL,
	"stored" timestamp with time zone NOT NULL,
	"statement_id" uuid NOT NULL,
	"client_id" uuid,
	CONSTRAINT "lrs_statement_keys_district_id_key_stored_statement_id_pk" PRIMARY KEY("district_id","key","stored","statement_id")
);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "lrs_attachments" (
	"district_id" uuid NOT NULL,
	"sha2" text NOT NULL,
	"content_type" text NOT NULL,
	"length" integer NOT NULL,
	"content" bytea NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lrs_attachments_district_id_sha2_pk" PRIMARY KEY("district_id","sha2")
);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "lrs_activities" (
	"district_id" uuid NOT NULL,
	"id_hash" text NOT NULL,
	"activity_id" text NOT NULL,
	"definition" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lrs_activities_district_id_id_hash_pk" PRIMARY KEY("district_id","id_hash")
);
