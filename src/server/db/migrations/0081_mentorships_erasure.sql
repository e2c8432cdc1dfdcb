-- Erasing both people of a mentorship names both "Former member" (decision 090): the rule that a
-- mentor is not their own mentee stays with suggestions, which never offer the mentee themself.
ALTER TABLE "mentorships" DROP CONSTRAINT IF EXISTS "mentorships_not_self_check";
