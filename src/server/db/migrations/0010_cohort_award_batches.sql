ALTER TABLE "award_jobs" ADD COLUMN "batch_size" integer DEFAULT 50 NOT NULL;--> statement-breakpoint
ALTER TABLE "award_jobs" ADD COLUMN "batches_done" integer[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "award_jobs" ADD COLUMN "batches_failed" integer[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
UPDATE "award_jobs" SET "status" = 'failed', "finished_at" = now(), "error" = 'Issuing stopped part way; people already issued keep their credentials. Start the award again to finish it.' WHERE "status" IN ('queued', 'running');
