-- The events a person created, for the calendar's "mine" source and the organizer's feed (decision 081):
-- without it every calendar read scanned the events table for the viewer's own.
CREATE INDEX IF NOT EXISTS "events_created_by_idx" ON "events" USING btree ("created_by");
