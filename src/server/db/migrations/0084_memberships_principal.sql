-- A district's principals, read without walking every membership of the district: the PD staff
-- queue learns from them which schools have no principal (decision 094).
CREATE INDEX IF NOT EXISTS "memberships_principal_idx" ON "memberships" USING btree ("organization_id","user_id") WHERE "role" = 'principal';
