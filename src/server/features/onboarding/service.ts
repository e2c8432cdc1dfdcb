/**
 * The first-visit checklist on home: complete one's profile, join a community of one's subject,
 * follow colleagues, find the resource library. Each step is read from what the person has done,
 * so it is ticked however they did it; the checklist may be put away and brought back.
 */
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import type { Onboarding } from '#shared/contracts/onboarding.ts';
import * as q from './queries.ts';

/** The person's checklist, with communities and colleagues suggested from their school and subjects. */
export async function getOnboarding(args: { db: Db; actor: Actor }): Promise<Onboarding> {
  const progress = await q.findProgress(args.db, args.actor.userId);
  const steps = [
    { key: 'profile' as const, done: progress.profile_done },
    { key: 'community' as const, done: progress.community_done },
    { key: 'follow' as const, done: progress.follow_done },
    { key: 'library' as const, done: progress.library_done },
  ];
  const complete = steps.every((s) => s.done);
  // Suggestions are only worth their queries while the checklist is shown.
  const shown = !complete && !progress.dismissed;
  const [communities, colleagues] = shown
    ? await Promise.all([
        progress.community_done
          ? Promise.resolve([])
          : q.listSuggestedCommunities(args.db, { actor: args.actor, subjects: progress.subjects, limit: 4 }),
        progress.follow_done
          ? Promise.resolve([])
          : q.listSuggestedColleagues(args.db, { actor: args.actor, subjects: progress.subjects, limit: 4 }),
      ])
    : [[], []];
  return {
    steps,
    complete,
    dismissed: progress.dismissed,
    subjects: progress.subjects,
    communities: communities.map((c) => ({
      id: c.id,
      name: c.name,
      memberCount: c.member_count,
      reason: c.of_school ? 'school' : 'subject',
      subject: c.of_school ? null : c.subject,
      joinPolicy: c.join_policy,
    })),
    colleagues: colleagues.map((c) => ({ id: c.id, name: c.name, shared: c.shared })),
  };
}

/** Ticks "find the resource library": the person opened it. */
export async function recordLibraryVisit(args: { db: Db; actor: Actor }): Promise<void> {
  await q.markLibraryVisited(args.db, args.actor.userId);
}

/** Puts the checklist away, or brings it back. */
export async function setOnboardingDismissed(args: {
  db: Db;
  actor: Actor;
  dismissed: boolean;
}): Promise<void> {
  await q.setDismissed(args.db, args.actor.userId, args.dismissed);
}
