import type { Membership } from '#shared/contracts/communities.ts';

/** A short phrase for one's standing in a community, or null when there is nothing to say. */
export function membershipLabel(membership: Membership): string | null {
  switch (membership?.status) {
    case 'active':
      return membership.role === 'facilitator' ? 'You facilitate' : 'You are a member';
    case 'requested':
      return 'Request waiting';
    case 'invited':
      return 'You are invited';
    default:
      return null;
  }
}
