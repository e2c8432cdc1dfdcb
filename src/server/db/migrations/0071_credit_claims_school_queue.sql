-- A principal's approval queue walks their school's claims of a status oldest first (decision 072),
-- instead of every claim of the district of that status, filtered to the school.
CREATE INDEX IF NOT EXISTS "credit_claims_school_queue_idx" ON "credit_claims" USING btree ("school_id","status","submitted_at","id");
