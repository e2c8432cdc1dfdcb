CREATE TABLE "search_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"community_id" uuid,
	"title" text DEFAULT '' NOT NULL,
	"facets" text[] DEFAULT '{}' NOT NULL,
	"readers" text[] NOT NULL,
	"search" "tsvector" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "search_documents_match_idx" ON "search_documents" USING gin ("readers","search");--> statement-breakpoint
CREATE INDEX "search_documents_recent_idx" ON "search_documents" USING btree ("kind","id");