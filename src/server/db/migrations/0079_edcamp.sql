-- Edcamp boards (issue 17, decisions 083 and 084): an event's board of rooms and time slots; guests
-- who joined one board with its code; proposed sessions with their place in the grid (one session a
-- cell) and their notes thread; one vote per person or guest per session; and which session a
-- signed-in person went to in each slot.
CREATE TABLE "edcamp_boards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL REFERENCES "events"("id") ON DELETE cascade,
	"district_id" uuid REFERENCES "organizations"("id"),
	"status" text DEFAULT 'open' NOT NULL,
	"guests_allowed" boolean DEFAULT false NOT NULL,
	"join_code" text NOT NULL,
	"created_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "edcamp_boards_event_idx" ON "edcamp_boards" USING btree ("event_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "edcamp_boards_code_idx" ON "edcamp_boards" USING btree ("join_code");
--> statement-breakpoint
CREATE TABLE "edcamp_rooms" (
	"id" uuid PRIMARY KEY NOT NULL,
	"board_id" uuid NOT NULL REFERENCES "edcamp_boards"("id") ON DELETE cascade,
	"name" text NOT NULL,
	"capacity" integer NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "edcamp_rooms_board_idx" ON "edcamp_rooms" USING btree ("board_id","position");
--> statement-breakpoint
CREATE TABLE "edcamp_slots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"board_id" uuid NOT NULL REFERENCES "edcamp_boards"("id") ON DELETE cascade,
	"label" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "edcamp_slots_board_idx" ON "edcamp_slots" USING btree ("board_id","position");
--> statement-breakpoint
CREATE TABLE "edcamp_guests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"board_id" uuid NOT NULL REFERENCES "edcamp_boards"("id") ON DELETE cascade,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "edcamp_guests_token_idx" ON "edcamp_guests" USING btree ("token_hash");
--> statement-breakpoint
CREATE INDEX "edcamp_guests_board_idx" ON "edcamp_guests" USING btree ("board_id");
--> statement-breakpoint
CREATE TABLE "edcamp_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"board_id" uuid NOT NULL REFERENCES "edcamp_boards"("id") ON DELETE cascade,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"proposer_id" uuid REFERENCES "users"("id"),
	"guest_id" uuid REFERENCES "edcamp_guests"("id") ON DELETE cascade,
	"room_id" uuid REFERENCES "edcamp_rooms"("id") ON DELETE set null,
	"slot_id" uuid REFERENCES "edcamp_slots"("id") ON DELETE set null,
	"notes_thread_id" uuid,
	"vote_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "edcamp_sessions_one_proposer" CHECK (num_nonnulls(proposer_id, guest_id) <= 1)
);
--> statement-breakpoint
CREATE INDEX "edcamp_sessions_board_idx" ON "edcamp_sessions" USING btree ("board_id","created_at");
--> statement-breakpoint
CREATE UNIQUE INDEX "edcamp_sessions_cell_idx" ON "edcamp_sessions" USING btree ("room_id","slot_id");
--> statement-breakpoint
CREATE TABLE "edcamp_votes" (
	"session_id" uuid NOT NULL REFERENCES "edcamp_sessions"("id") ON DELETE cascade,
	"voter_key" text NOT NULL,
	"user_id" uuid REFERENCES "users"("id"),
	"guest_id" uuid REFERENCES "edcamp_guests"("id") ON DELETE cascade,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "edcamp_votes_session_id_voter_key_pk" PRIMARY KEY("session_id","voter_key")
);
--> statement-breakpoint
CREATE INDEX "edcamp_votes_user_idx" ON "edcamp_votes" USING btree ("user_id");
--> statement-breakpoint
CREATE TABLE "edcamp_attendance" (
	"slot_id" uuid NOT NULL REFERENCES "edcamp_slots"("id") ON DELETE cascade,
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"session_id" uuid NOT NULL REFERENCES "edcamp_sessions"("id") ON DELETE cascade,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "edcamp_attendance_slot_id_user_id_pk" PRIMARY KEY("slot_id","user_id")
);
--> statement-breakpoint
CREATE INDEX "edcamp_attendance_user_idx" ON "edcamp_attendance" USING btree ("user_id");
