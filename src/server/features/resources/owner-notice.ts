import type { NotificationRequest } from '#server/platform/activity.ts';

/**
 * Tells a resource's author that colleagues used it: reviewed, tried, remixed or brought it home.
 * The notice names no one (its kinds are anonymous): who did it is shown on the resource page to
 * those the reviewer's, tryer's or remixer's choices allow, and a remix may be shared where its
 * source's author cannot see it. The author is not told of their own actions.
 */
export function ownerNotice(
  kind: `resource_${string}`,
  resource: { id: string; owner_id: string; title: string },
  data: Record<string, string> = {},
): NotificationRequest {
  return {
    kind,
    to: [resource.owner_id],
    data: { resourceId: resource.id, resourceTitle: resource.title, ...data },
  };
}

/** @deprecated record the activity with `notify: [ownerNotice(...)]`; kept while call sites move. */
export async function tellResourceOwner(
  tx: import('#server/db/client.ts').Tx,
  actor: { userId: string },
  resource: { id: string; owner_id: string; title: string },
  kind: `resource_${string}`,
  data: Record<string, string> = {},
): Promise<void> {
  if (resource.owner_id === actor.userId) return;
  const { notify } = await import('../notifications/notify.ts');
  const n = ownerNotice(kind, resource, data);
  await notify(tx, [{ userId: resource.owner_id, kind: kind as never, actorId: null, data: n.data }]);
}
