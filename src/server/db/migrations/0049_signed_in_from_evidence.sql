-- Long-standing staff whose sessions had expired (and were removed by housekeeping) when 0043 filled
-- last_signed_in_at from live sessions only: take the sign-in time from the evidence that they used
-- Trellis, the time they set their password or their first recorded activity, so they are neither
-- listed as "never signed in" nor welcomed as newcomers.
UPDATE "users" u
   SET "last_signed_in_at" = coalesce(u."password_changed_at", a.first_active)
  FROM (SELECT "actor_id", min("stored") AS first_active FROM "statements" WHERE "actor_id" IS NOT NULL GROUP BY "actor_id") a
 WHERE u."last_signed_in_at" IS NULL AND a."actor_id" = u."id";--> statement-breakpoint
UPDATE "users" SET "last_signed_in_at" = "password_changed_at"
 WHERE "last_signed_in_at" IS NULL AND "password_changed_at" IS NOT NULL;
