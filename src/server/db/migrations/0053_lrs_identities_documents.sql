-- The LRS's actor identities and documents (decision 050).
-- An xAPI mbox_sha1sum is the SHA-1 of `mailto:<email>`: users are indexed by it, of the email as
-- stored and in lower case, so matching an actor is an index lookup. pgcrypto gives digest().
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "users_mbox_sha1_idx" ON "users" USING btree (encode(public.digest('mailto:' || "email", 'sha1'), 'hex'));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "users_mbox_sha1_lower_idx" ON "users" USING btree (encode(public.digest('mailto:' || lower("email"), 'sha1'), 'hex'));--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "lrs_identity_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"district_id" uuid NOT NULL REFERENCES "organizations"("id"),
	"ifi_key" text NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"created_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "lrs_identity_links_key_idx" ON "lrs_identity_links" USING btree ("district_id","ifi_key");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "lrs_identity_links_user_idx" ON "lrs_identity_links" USING btree ("user_id");--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "lrs_settings" (
	"district_id" uuid PRIMARY KEY NOT NULL REFERENCES "organizations"("id"),
	"home_page" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "lrs_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"district_id" uuid NOT NULL REFERENCES "organizations"("id"),
	"kind" text NOT NULL,
	"activity_id" text DEFAULT '' NOT NULL,
	"agent_key" text DEFAULT '' NOT NULL,
	"registration" text DEFAULT '' NOT NULL,
	"document_id" text NOT NULL,
	"scope_hash" text NOT NULL,
	"address_hash" text NOT NULL,
	"content_type" text NOT NULL,
	"content" bytea NOT NULL,
	"etag" text NOT NULL,
	"client_id" uuid REFERENCES "api_clients"("id") ON DELETE SET NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "lrs_documents_address_idx" ON "lrs_documents" USING btree ("district_id","address_hash");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "lrs_documents_scope_idx" ON "lrs_documents" USING btree ("district_id","scope_hash","updated_at");
