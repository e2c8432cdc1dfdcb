-- Every new sign-on attempt first deletes the expired ones; an index on expires_at keeps that a
-- short range read instead of a scan of every attempt in flight.
CREATE INDEX IF NOT EXISTS "sign_on_attempts_expires_idx" ON "sign_on_attempts" USING btree ("expires_at");
