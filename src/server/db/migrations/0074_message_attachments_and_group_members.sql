-- Direct messages carry files (decision 095): uploaded before the message is sent, theirs alone until
-- then; a message deleted after its district's retention leaves its files to the sweep.
CREATE TABLE IF NOT EXISTS "message_attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"message_id" uuid,
	"uploader_id" uuid NOT NULL,
	"file_key" text NOT NULL,
	"filename" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "message_attachments" ADD CONSTRAINT "message_attachments_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_attachments" ADD CONSTRAINT "message_attachments_uploader_id_users_id_fk" FOREIGN KEY ("uploader_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_attachments" ADD CONSTRAINT "message_attachments_file_key_files_key_fk" FOREIGN KEY ("file_key") REFERENCES "public"."files"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "message_attachments_message_idx" ON "message_attachments" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "message_attachments_unsent_idx" ON "message_attachments" USING btree ("created_at") WHERE "message_id" is null;--> statement-breakpoint
-- A group conversation (started with two or more others) changes its members (decision 096); a
-- conversation of two stays the one conversation those two have.
ALTER TABLE "conversations" ADD COLUMN IF NOT EXISTS "is_group" boolean DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE "conversations" c SET "is_group" = true
 WHERE (SELECT count(*) FROM "conversation_participants" p WHERE p."conversation_id" = c."id") > 2;
