-- Trellis's own statements a district reader of the LRS may see (decision 057): the statements filter
-- of a district reader walks them by district and verb, newest first, instead of every statement of the
-- district (the LRS's own ones included) in the period asked.
CREATE INDEX IF NOT EXISTS "statements_lrs_shared_idx" ON "statements" USING btree ("district_id","verb","stored","id") WHERE client_id is null and xapi_id is null and object_type in ('resource', 'collection', 'micro_credential');
