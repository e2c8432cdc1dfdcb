-- Coaching rubrics edited in place (issue 16, decision 092): a rubric has a version, and each
-- version its own rows; an edit writes the next version's rows and keeps the earlier ones, so a cycle
-- whose focus is a row of an earlier version (and its observations and tagged comments) keeps it.
ALTER TABLE "coaching_rubrics" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
ALTER TABLE "coaching_rubrics" ADD COLUMN "updated_by" uuid REFERENCES "users"("id");
--> statement-breakpoint
ALTER TABLE "coaching_rubrics" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;
--> statement-breakpoint
ALTER TABLE "coaching_rubric_rows" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
DROP INDEX "coaching_rubric_rows_rubric_idx";
--> statement-breakpoint
CREATE INDEX "coaching_rubric_rows_rubric_idx" ON "coaching_rubric_rows" USING btree ("rubric_id","version","position");
