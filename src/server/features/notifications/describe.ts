import type { NotificationKind } from './notify.ts';

/** What a notification says, from its kind, the names it concerns and its plain-text data. */
export interface NotificationFacts {
  kind: NotificationKind;
  actorId: string | null;
  actorName: string | null;
  communityId: string | null;
  communityName: string | null;
  threadId: string | null;
  threadTitle: string | null;
  postId: string | null;
  /**
   * Facts the notifying feature saved: `decision` ('approved' | 'declined') for a join decision,
   * `action` ('hidden' | 'restored') and `reason` for moderation, `message` (or `reason`) a facilitator
   * wrote when declining or removing. Names and titles are read fresh from their rows, with
   * `actorName`, `communityName` and `threadTitle` here as fallbacks. Credential notifications carry
   * `credentialTitle` and `submissionId` (submitted, reviewed, escalated) or `awardId` (earned, revoked);
   * resource notifications carry `resourceId`, `resourceTitle` and, when brought home, `targetName`.
   */
  data: Record<string, string>;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A plain-text sentence (never HTML): `Ana Díaz replied to “Fractions on a number line”`. */
export function describeNotification(f: NotificationFacts): string {
  const actor = oneLine(f.actorName ?? f.data.actorName ?? 'Someone');
  const community = oneLine(f.communityName ?? f.data.communityName ?? 'a community');
  const title = `“${oneLine(f.threadTitle ?? f.data.threadTitle ?? 'a discussion')}”`;
  const credential = `“${oneLine(f.data.credentialTitle ?? 'a micro-credential')}”`;
  const resource = `“${oneLine(f.data.resourceTitle ?? 'a resource')}”`;
  const said = f.data.reason ?? f.data.message;
  const reason = said ? `: ${oneLine(said)}` : '';
  switch (f.kind) {
    case 'mention':
      return `${actor} mentioned you in ${title}`;
    case 'reply':
      return `${actor} replied to ${title}`;
    case 'insight':
      return `${actor} marked your reply as the insight in ${title}`;
    case 'join_request':
      return `${actor} asked to join ${community}`;
    case 'join_decision':
      return f.data.decision === 'declined'
        ? `Your request to join ${community} was declined${reason}`
        : `${actor} approved your request to join ${community}`;
    case 'community_invitation':
      return `${actor} invited you to join ${community}`;
    case 'removed':
      return `You were removed from ${community}${reason}`;
    case 'moderation':
      return f.data.action === 'restored'
        ? `A facilitator restored your post in ${title}`
        : `A facilitator hid your post in ${title}${reason}`;
    case 'new_follower':
      return `${actor} started following you`;
    case 'credential_submitted':
      return `${actor} submitted evidence for ${credential}`;
    case 'credential_reviewed':
      return `${actor} reviewed your evidence for ${credential} and asked you to revise it`;
    case 'credential_escalated':
      return `Assessors disagree on a submission for ${credential}: a lead assessor's decision is needed`;
    case 'credential_earned':
      return `You earned ${credential}`;
    case 'credential_revoked':
      return `Your credential ${credential} was revoked${reason}`;
    case 'resource_reviewed':
      return `Your resource ${resource} received a review`;
    case 'resource_tried':
      return `A colleague reported trying your resource ${resource}`;
    case 'resource_remixed':
      return `Your resource ${resource} was remixed`;
    case 'resource_brought_home':
      return `Your resource ${resource} was brought home to ${oneLine(f.data.targetName ?? 'a school or district')}`;
  }
}

/** Where the web app shows what the notification is about. */
export function notificationLink(f: NotificationFacts): string {
  if (f.kind === 'new_follower' && f.actorId) return `/people/${f.actorId}`;
  if ((f.kind === 'credential_submitted' || f.kind === 'credential_escalated') && f.data.submissionId)
    return `/reviews/${f.data.submissionId}`;
  if (f.kind === 'credential_reviewed' && f.data.submissionId) return `/submissions/${f.data.submissionId}`;
  if ((f.kind === 'credential_earned' || f.kind === 'credential_revoked') && f.data.awardId)
    return `/credentials/${f.data.awardId}`;
  if (f.kind.startsWith('resource_') && f.data.resourceId) return `/resources/${f.data.resourceId}`;
  if (f.communityId && f.threadId)
    return `/communities/${f.communityId}/threads/${f.threadId}${f.postId ? `#post-${f.postId}` : ''}`;
  if (f.kind === 'join_request' && f.communityId) return `/communities/${f.communityId}/manage`;
  if (f.kind === 'removed') return '/communities';
  if (f.communityId) return `/communities/${f.communityId}`;
  return '/notifications';
}
