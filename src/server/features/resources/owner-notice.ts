import type { Tx } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { type NotificationKind, notify } from '../notifications/notify.ts';

/**
 * Tells a resource's author that colleagues used it: reviewed, tried, remixed or brought it home.
 * The notice names no one: who did it is shown on the resource page to those the reviewer's,
 * tryer's or remixer's choices allow, and a remix may be shared where its source's author cannot
 * see it. The author is not told of their own actions.
 */
export async function tellResourceOwner(
  tx: Tx,
  actor: Pick<Actor, 'userId'>,
  resource: { id: string; owner_id: string; title: string },
  kind: Extract<NotificationKind, `resource_${string}`>,
  data: Record<string, string> = {},
): Promise<void> {
  if (resource.owner_id === actor.userId) return;
  await notify(tx, [
    {
      userId: resource.owner_id,
      kind,
      actorId: null,
      data: { resourceId: resource.id, resourceTitle: resource.title, ...data },
    },
  ]);
}
