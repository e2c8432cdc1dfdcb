import { pgTable, uuid } from 'drizzle-orm/pg-core';
import { createdAt, ts } from '#server/db/columns.ts';
import { users } from '#server/features/accounts/schema.ts';

/**
 * A person's first-visit checklist: what cannot be read from elsewhere (they opened the resource
 * library) and whether they put the checklist away. The other steps are read from their profile,
 * communities and follows each time.
 */
export const onboardingProgress = pgTable('onboarding_progress', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  libraryVisitedAt: ts('library_visited_at'),
  dismissedAt: ts('dismissed_at'),
  createdAt: createdAt(),
});
