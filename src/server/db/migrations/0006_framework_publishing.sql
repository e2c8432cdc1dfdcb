ALTER TABLE "competencies" ADD COLUMN "case_last_change_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "competency_frameworks" ADD COLUMN "case_last_change_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "competency_frameworks" ADD COLUMN "published" boolean DEFAULT false NOT NULL;