-- PD staff in a district where principals approve decide, among others, the claims of people of no
-- school (decision 094): read in order by district and status only as far as the page, apart from
-- the district's claims that have a school.
CREATE INDEX IF NOT EXISTS "credit_claims_no_school_queue_idx" ON "credit_claims" USING btree ("district_id","status","submitted_at","id") WHERE "school_id" is null;
