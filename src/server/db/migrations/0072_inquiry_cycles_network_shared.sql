-- A network's cycles list reads the published and adopted cycles by network and time (decision 069),
-- instead of walking every cycle of the network past the active ones its reader may not see.
CREATE INDEX IF NOT EXISTS "inquiry_cycles_network_shared_idx" ON "inquiry_cycles" USING btree ("network_id","created_at","id") WHERE "published_at" is not null or "decision" = 'adopt';
