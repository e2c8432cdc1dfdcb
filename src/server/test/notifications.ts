import type { Db } from '#server/db/client.ts';
import { notificationKind, recordActivity } from '#server/platform/activity.ts';

/** One notification a test wants written, as the bell and mail tests describe them. */
export interface NotificationInput {
  userId: string;
  kind: string;
  /** Who did it; never told about their own action. */
  actorId: string | null;
  communityId?: string | null;
  threadId?: string | null;
  postId?: string | null;
  data?: Record<string, string>;
}

/**
 * Writes notifications the way features do: one recorded activity per kind (with a verb that kind
 * follows from), asking for each notification in it.
 */
export async function tell(db: Db, items: NotificationInput[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const kind of new Set(items.map((n) => n.kind))) {
      const group = items.filter((n) => n.kind === kind);
      const declared = notificationKind(kind);
      if (!declared) throw new Error(`No feature declares ${kind}.`);
      await recordActivity(tx, {
        actor: group[0].actorId ? { userId: group[0].actorId } : null,
        verb: declared.verbs[0],
        object: { type: 'test', id: crypto.randomUUID() },
        notify: group.map((n) => ({
          kind,
          to: [n.userId],
          from: n.actorId,
          about: { communityId: n.communityId, threadId: n.threadId, postId: n.postId },
          ...(n.data ? { data: n.data } : {}),
        })),
      });
    }
  });
}
