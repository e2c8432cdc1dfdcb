import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '#server/db/client.ts';
import type { NOTIFICATION_KINDS } from '#server/db/schema.ts';
import { publish } from '#server/platform/realtime.ts';
import { readersAmong } from '../communities/index.ts';

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationInput {
  /** Who is told. */
  userId: string;
  kind: NotificationKind;
  /** Who did the thing; never told about their own action. */
  actorId: string | null;
  communityId?: string | null;
  threadId?: string | null;
  postId?: string | null;
  /** Plain-text facts to show: names, titles, a moderation reason. Never HTML. */
  data?: Record<string, string>;
}

/**
 * Tells people about something, inside the caller's transaction. People who may not read the
 * community's content (when the notification concerns content: a thread or post) are dropped here,
 * so a private community's words never reach a non-member through the bell or email. Each person's
 * email choice decides whether the notification is emailed at once, saved for the daily digest or
 * not emailed. Open pages of each person hear a `user:<id>` signal at commit.
 */
export async function notify(tx: Tx, items: NotificationInput[]): Promise<void> {
  const wanted = items.filter((n) => n.userId !== n.actorId);
  if (wanted.length === 0) return;
  const allowed = new Set<string>();
  const byCommunity = new Map<string, string[]>();
  for (const n of wanted) {
    if (n.communityId && (n.threadId || n.postId)) {
      byCommunity.set(n.communityId, [...(byCommunity.get(n.communityId) ?? []), n.userId]);
    }
  }
  for (const [communityId, userIds] of byCommunity) {
    const { rows } = await tx.execute<{ id: string }>(readersAmong(communityId, userIds));
    for (const row of rows) allowed.add(`${communityId}:${row.id}`);
  }
  const seen = new Set<string>();
  const keep = wanted.filter((n) => {
    const key = `${n.userId}:${n.kind}:${n.postId ?? n.threadId ?? n.communityId ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return !(n.communityId && (n.threadId || n.postId)) || allowed.has(`${n.communityId}:${n.userId}`);
  });
  if (keep.length === 0) return;
  const { rows } = await tx.execute<{ user_id: string }>(sql`
    insert into notifications (id, user_id, kind, actor_id, community_id, thread_id, post_id, data, email_state)
    select v.id, v.user_id, v.kind, v.actor_id, v.community_id, v.thread_id, v.post_id, v.data,
           case coalesce(s.email_notifications, 'daily') when 'each' then 'pending' when 'daily' then 'digest' else 'none' end
      from jsonb_to_recordset(${JSON.stringify(
        keep.map((n) => ({
          id: uuidv7(),
          user_id: n.userId,
          kind: n.kind,
          actor_id: n.actorId,
          community_id: n.communityId ?? null,
          thread_id: n.threadId ?? null,
          post_id: n.postId ?? null,
          data: n.data ?? {},
        })),
      )}::jsonb) as v(id uuid, user_id uuid, kind text, actor_id uuid, community_id uuid, thread_id uuid, post_id uuid, data jsonb)
      join users u on u.id = v.user_id and u.status = 'active'
      left join person_settings s on s.user_id = v.user_id
    returning user_id`);
  const told = [...new Set(rows.map((r) => r.user_id))];
  await publish(
    tx,
    told.map((userId) => ({ topic: `user:${userId}` as const, type: 'notification' })),
  );
}
