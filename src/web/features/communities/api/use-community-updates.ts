import { useQueryClient } from '@tanstack/react-query';
import { useSession } from '#web/features/session/api/session.ts';
import { useRealtime } from '#web/lib/realtime.ts';
import { communityKeys } from './keys.ts';

/**
 * Listens for changes to a community (members, details) and to one's own access, and reads the
 * community again: a person removed while the page is open sees it close at once.
 */
export function useCommunityUpdates(communityId: string) {
  const client = useQueryClient();
  const me = useSession().data?.user.id;
  useRealtime([`community:${communityId}`, me ? `user:${me}` : ''], (signal) => {
    if (signal.topic.startsWith('user:') && signal.type !== 'access') return;
    void client.invalidateQueries({ queryKey: communityKeys.detail(communityId) });
    void client.invalidateQueries({ queryKey: communityKeys.members(communityId) });
  });
}
