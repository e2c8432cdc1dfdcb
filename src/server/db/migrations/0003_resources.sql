CREATE TABLE "collection_items" (
	"collection_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"annotation" text DEFAULT '' NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collection_items_collection_id_resource_id_pk" PRIMARY KEY("collection_id","resource_id")
);
--> statement-breakpoint
CREATE TABLE "collections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"school_id" uuid,
	"audience" text NOT NULL,
	"audience_id" uuid,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"item_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "home_shares" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sharer_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"resource_id" uuid,
	"post_id" uuid,
	"thread_id" uuid,
	"from_community_id" uuid,
	"target_kind" text NOT NULL,
	"target_id" uuid NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"statement_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_endorsements" (
	"resource_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"endorser_id" uuid NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resource_endorsements_resource_id_community_id_pk" PRIMARY KEY("resource_id","community_id")
);
--> statement-breakpoint
CREATE TABLE "resource_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"uploader_id" uuid NOT NULL,
	"file_key" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resource_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"alignment" smallint NOT NULL,
	"clarity" smallint NOT NULL,
	"evidence" smallint NOT NULL,
	"adaptability" smallint NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_tries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resource_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"grade_band" text NOT NULL,
	"subject" text NOT NULL,
	"context" text DEFAULT '' NOT NULL,
	"what_happened" text NOT NULL,
	"student_work" text DEFAULT '' NOT NULL,
	"adaptations" text DEFAULT '' NOT NULL,
	"school_id" uuid,
	"district_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_version_files" (
	"resource_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"file_id" uuid NOT NULL,
	CONSTRAINT "resource_version_files_resource_id_file_id_version_pk" PRIMARY KEY("resource_id","file_id","version")
);
--> statement-breakpoint
CREATE TABLE "resource_versions" (
	"resource_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"notes_md" text DEFAULT '' NOT NULL,
	"notes_html" text DEFAULT '' NOT NULL,
	"subjects" text[] NOT NULL,
	"grade_bands" text[] NOT NULL,
	"alignments" text[] NOT NULL,
	"licence" text NOT NULL,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"change_note" text DEFAULT '' NOT NULL,
	"edited_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resource_versions_resource_id_version_pk" PRIMARY KEY("resource_id","version")
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"school_id" uuid,
	"audience" text NOT NULL,
	"audience_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"subjects" text[] DEFAULT '{}' NOT NULL,
	"grade_bands" text[] DEFAULT '{}' NOT NULL,
	"alignments" text[] DEFAULT '{}' NOT NULL,
	"licence" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"remix_of_id" uuid,
	"remix_of_version" integer,
	"rating" double precision,
	"review_count" integer DEFAULT 0 NOT NULL,
	"tried_count" integer DEFAULT 0 NOT NULL,
	"remix_count" integer DEFAULT 0 NOT NULL,
	"endorsement_count" integer DEFAULT 0 NOT NULL,
	"search" "tsvector",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "collection_items" ADD CONSTRAINT "collection_items_collection_id_collections_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_items" ADD CONSTRAINT "collection_items_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collections" ADD CONSTRAINT "collections_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collections" ADD CONSTRAINT "collections_district_id_organizations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collections" ADD CONSTRAINT "collections_school_id_organizations_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_shares" ADD CONSTRAINT "home_shares_sharer_id_users_id_fk" FOREIGN KEY ("sharer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_shares" ADD CONSTRAINT "home_shares_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_shares" ADD CONSTRAINT "home_shares_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_shares" ADD CONSTRAINT "home_shares_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."threads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_shares" ADD CONSTRAINT "home_shares_from_community_id_communities_id_fk" FOREIGN KEY ("from_community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_shares" ADD CONSTRAINT "home_shares_target_id_organizations_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_endorsements" ADD CONSTRAINT "resource_endorsements_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_endorsements" ADD CONSTRAINT "resource_endorsements_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_endorsements" ADD CONSTRAINT "resource_endorsements_endorser_id_users_id_fk" FOREIGN KEY ("endorser_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_files" ADD CONSTRAINT "resource_files_uploader_id_users_id_fk" FOREIGN KEY ("uploader_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_files" ADD CONSTRAINT "resource_files_file_key_files_key_fk" FOREIGN KEY ("file_key") REFERENCES "public"."files"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_reviews" ADD CONSTRAINT "resource_reviews_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_reviews" ADD CONSTRAINT "resource_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_tries" ADD CONSTRAINT "resource_tries_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_tries" ADD CONSTRAINT "resource_tries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_tries" ADD CONSTRAINT "resource_tries_school_id_organizations_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_tries" ADD CONSTRAINT "resource_tries_district_id_organizations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_version_files" ADD CONSTRAINT "resource_version_files_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_version_files" ADD CONSTRAINT "resource_version_files_file_id_resource_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."resource_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_versions" ADD CONSTRAINT "resource_versions_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_versions" ADD CONSTRAINT "resource_versions_edited_by_users_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_district_id_organizations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_school_id_organizations_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "collection_items_order_idx" ON "collection_items" USING btree ("collection_id","position");--> statement-breakpoint
CREATE INDEX "collection_items_resource_idx" ON "collection_items" USING btree ("resource_id");--> statement-breakpoint
CREATE INDEX "collections_owner_idx" ON "collections" USING btree ("owner_id","updated_at");--> statement-breakpoint
CREATE INDEX "collections_audience_idx" ON "collections" USING btree ("audience","audience_id","updated_at");--> statement-breakpoint
CREATE INDEX "home_shares_target_idx" ON "home_shares" USING btree ("target_id","created_at","statement_id");--> statement-breakpoint
CREATE INDEX "home_shares_resource_idx" ON "home_shares" USING btree ("resource_id","target_id");--> statement-breakpoint
CREATE INDEX "home_shares_post_idx" ON "home_shares" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "resource_files_uploader_idx" ON "resource_files" USING btree ("uploader_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "resource_reviews_reviewer_idx" ON "resource_reviews" USING btree ("resource_id","reviewer_id");--> statement-breakpoint
CREATE INDEX "resource_reviews_resource_idx" ON "resource_reviews" USING btree ("resource_id","created_at");--> statement-breakpoint
CREATE INDEX "resource_tries_resource_idx" ON "resource_tries" USING btree ("resource_id","created_at");--> statement-breakpoint
CREATE INDEX "resource_tries_user_idx" ON "resource_tries" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "resource_version_files_file_idx" ON "resource_version_files" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "resources_owner_idx" ON "resources" USING btree ("owner_id","updated_at");--> statement-breakpoint
CREATE INDEX "resources_audience_idx" ON "resources" USING btree ("audience","audience_id","updated_at");--> statement-breakpoint
CREATE INDEX "resources_remix_of_idx" ON "resources" USING btree ("remix_of_id","created_at");--> statement-breakpoint
CREATE INDEX "resources_search_idx" ON "resources" USING gin ("search");--> statement-breakpoint
CREATE INDEX "resources_subjects_idx" ON "resources" USING gin ("subjects");--> statement-breakpoint
CREATE INDEX "resources_grade_bands_idx" ON "resources" USING gin ("grade_bands");--> statement-breakpoint
CREATE INDEX "resources_alignments_idx" ON "resources" USING gin ("alignments");--> statement-breakpoint
CREATE FUNCTION "resources_search_vector"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search :=
       setweight(to_tsvector('english', NEW.title), 'A')
    || setweight(to_tsvector('simple', NEW.title), 'A')
    || setweight(to_tsvector('english', array_to_string(NEW.alignments, ' ')), 'B')
    || setweight(to_tsvector('english', NEW.summary), 'C');
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "resources_search_vector" BEFORE INSERT OR UPDATE OF "title", "summary", "alignments" ON "resources"
  FOR EACH ROW EXECUTE FUNCTION "resources_search_vector"();
