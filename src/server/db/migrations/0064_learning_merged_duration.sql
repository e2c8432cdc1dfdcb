-- The hand entry whose duration a recorded entry took when it was merged in (decision 059): credit
-- counts hours read from that duration as entered by hand, so they are never approved automatically,
-- and undoing the merge gives the duration back with the entry.
ALTER TABLE "learning_entries" ADD COLUMN "duration_merged_from" uuid;
