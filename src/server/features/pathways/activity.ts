import { defineNotificationKind, oneLine } from '#server/platform/activity.ts';
import type { VerbIri } from '#server/platform/statements.ts';

/** What pathways' statements name. */
export const LADDER_OBJECT = 'pathway_ladder';
export const OPPORTUNITY_OBJECT = 'leadership_opportunity';
export const APPLICATION_OBJECT = 'leadership_application';
export const HOLDING_OBJECT = 'leadership_role';

/** Trellis found the staff who meet an opportunity's requirements, and told them. */
export const MATCHED: VerbIri = 'https://trellis.dev/xapi/verbs/matched';
export const COMPLETED: VerbIri = 'http://adlnet.gov/expapi/verbs/completed';

const toOpportunity = (f: { data: Record<string, string> }) =>
  f.data.opportunityId ? `/opportunities/${f.data.opportunityId}` : '/opportunities';

/**
 * Eligible staff are told of an opportunity; its reviewers of an application; an applicant of what
 * was decided. Each names only the people the use case chose, by the rules of policy.ts.
 */
export const pathwayNotifications = [
  defineNotificationKind({
    kind: 'leadership_opportunity',
    verbs: [MATCHED],
    label: 'Leadership opportunities I qualify for',
    anonymous: true,
    describe: (f) =>
      `You meet the requirements of “${oneLine(f.data.title ?? '')}”: applications close ${f.data.closesOn ?? ''}`,
    link: toOpportunity,
  }),
  defineNotificationKind({
    kind: 'leadership_application',
    verbs: ['submitted'],
    label: 'Applications to opportunities I review',
    describe: (f) => `${oneLine(f.actorName ?? 'Someone')} applied for “${oneLine(f.data.title ?? '')}”`,
    link: toOpportunity,
  }),
  defineNotificationKind({
    kind: 'leadership_decision',
    verbs: ['approved', 'declined', 'reviewed'],
    label: 'Decisions on my applications',
    describe: (f) =>
      f.data.status === 'accepted'
        ? `You were accepted for “${oneLine(f.data.title ?? '')}”`
        : f.data.status === 'shortlisted'
          ? `You are on the shortlist for “${oneLine(f.data.title ?? '')}”`
          : `Your application for “${oneLine(f.data.title ?? '')}” was not taken forward`,
    link: toOpportunity,
  }),
];
