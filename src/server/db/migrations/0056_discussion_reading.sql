-- Reading a discussion (decision 053): drafts kept on the server, what each person has read of each
-- thread, how closely they follow threads and communities, and bookmarks with reminders.
CREATE TABLE "discussion_drafts" (
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"kind" text NOT NULL,
	"target_id" uuid NOT NULL,
	"title" text,
	"thread_type" text,
	"body_md" text NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "discussion_drafts_user_id_kind_target_id_pk" PRIMARY KEY("user_id","kind","target_id")
);
--> statement-breakpoint
CREATE TABLE "thread_reads" (
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"thread_id" uuid NOT NULL REFERENCES "threads"("id"),
	"read_count" integer DEFAULT 0 NOT NULL,
	"last_read_post_id" uuid,
	"level" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "thread_reads_user_id_thread_id_pk" PRIMARY KEY("user_id","thread_id")
);
--> statement-breakpoint
CREATE INDEX "thread_reads_level_idx" ON "thread_reads" USING btree ("thread_id","level") WHERE "thread_reads"."level" is not null;
--> statement-breakpoint
CREATE TABLE "community_reads" (
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"community_id" uuid NOT NULL REFERENCES "communities"("id"),
	"read_before" timestamp with time zone,
	"level" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_reads_user_id_community_id_pk" PRIMARY KEY("user_id","community_id")
);
--> statement-breakpoint
CREATE INDEX "community_reads_level_idx" ON "community_reads" USING btree ("community_id","level") WHERE "community_reads"."level" is not null;
--> statement-breakpoint
CREATE TABLE "bookmarks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"thread_id" uuid NOT NULL REFERENCES "threads"("id"),
	"post_id" uuid REFERENCES "posts"("id"),
	"remind_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "bookmarks_target_idx" ON "bookmarks" USING btree ("user_id","thread_id",coalesce("post_id", '00000000-0000-0000-0000-000000000000'::uuid));
--> statement-breakpoint
CREATE INDEX "bookmarks_user_idx" ON "bookmarks" USING btree ("user_id","created_at","id");
--> statement-breakpoint
CREATE INDEX "bookmarks_due_idx" ON "bookmarks" USING btree ("remind_at") WHERE "bookmarks"."remind_at" is not null and "bookmarks"."reminded_at" is null;
