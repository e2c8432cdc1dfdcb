import { type SQL, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '#server/db/client.ts';
import type { Feature } from './feature.ts';
import { feedItemInserts } from './feed-items.ts';
import { learningEntryInserts, registerLearningKinds } from './learning-kinds.ts';
import type { NotificationEmail } from './reply-mail.ts';
import { publish, type RealtimeSignal, type TopicDeclaration } from './realtime.ts';
import {
  type AnyVerb,
  recordStatement,
  setStatementBaseUrl,
  type StatementInput,
  statementRow,
} from './statements.ts';

/**
 * Who did it: a signed-in person (the session's `Actor` fits as it is) or someone a use case acts
 * for, such as the recipient of an award. Their district and main school become the statement's
 * context, so recording asks the database nothing more.
 */
export interface ActivityActor {
  userId: string;
  name?: string;
  districtId?: string | null;
  schoolId?: string | null;
}

/** What a notification concerns; the bell links to it and its community decides who may still see it. */
export interface NotificationAbout {
  communityId?: string | null;
  threadId?: string | null;
  postId?: string | null;
}

/** People to tell of the activity, with a kind some feature declared. */
export interface NotificationRequest {
  kind: string;
  /** Who is told; never who did it, nor anyone the kind's `mayReceive` leaves out. */
  to: readonly (string | null | undefined)[];
  about?: NotificationAbout;
  /**
   * Whom the notification names as having done it, when not the activity's actor: the assessor
   * whose review issued an award the earner records (null: no one).
   */
  from?: string | null;
  /** Plain-text facts to show: names, titles, a moderation reason. Never HTML. */
  data?: Record<string, string>;
}

export interface Activity {
  /** Who did it; null when Trellis itself did (a scheduled award). */
  actor: ActivityActor | null;
  /** One of Trellis's verbs by name, or any xAPI verb IRI. */
  verb: AnyVerb;
  object: StatementInput['object'];
  /**
   * Where it happened. School and district default to the actor's; a community, a network, an
   * explicit school or district (null to record none) and extensions come from the object.
   */
  context?: NonNullable<StatementInput['context']>;
  result?: StatementInput['result'];
  /** Notifications that follow from the activity. */
  notify?: readonly NotificationRequest[];
  /** Signals to the open pages that show what changed, sent at commit. */
  signals?: readonly RealtimeSignal[];
}

/** What a stored notification says, for describing and linking it. */
export interface NotificationFacts {
  kind: string;
  actorId: string | null;
  actorName: string | null;
  communityId: string | null;
  communityName: string | null;
  threadId: string | null;
  threadTitle: string | null;
  postId: string | null;
  /**
   * Facts the recording feature saved (names, titles, a reason, ids to link to). Names and titles
   * are read fresh from their rows, with `actorName`, `communityName` and `threadTitle` here as
   * fallbacks.
   */
  data: Record<string, string>;
}

/** A kind of notification a feature declares, with everything Trellis needs to send and show it. */
export interface NotificationKind {
  /** Stored with each notification; unique across Trellis. */
  kind: string;
  /** The verbs whose statements it follows from: the activity a notification is told of. */
  verbs: readonly AnyVerb[];
  /** A plain-text sentence (never HTML): `Ana Díaz replied to “Fractions on a number line”`. */
  describe: (facts: NotificationFacts) => string;
  /**
   * Where the web app shows what it is about; when absent or null, the thread (and post) it concerns,
   * else its community, else the notifications page.
   */
  link?: (facts: NotificationFacts) => string | null;
  /**
   * Of the people named, those who may receive it, asked in the recording transaction (e.g. only
   * readers of the community whose thread it concerns). Everyone named when absent.
   */
  mayReceive?: (tx: Tx, userIds: string[], about: NotificationAbout) => Promise<string[]>;
  /**
   * The same question as SQL: a select of the `id`s (uuid) of those of the people named who may
   * receive it. A kind declared this way can be told inside the use case's own statement
   * (`activitySql`), with no round trip of its own. Declare one of the two, not both.
   */
  receivers?: (userIds: string[], about: NotificationAbout) => SQL;
  /** Told without naming who did it (a colleague tried your resource). */
  anonymous?: boolean;
  /** What the settings page calls it (`Replies to my posts`); the kind's name when absent. */
  label?: string;
  /**
   * What its email carries (the words, a reply address), asked when the mail job sends it: null
   * when the recipient may no longer read it, and then nothing is sent. Notifications about a post
   * carry the post's text without it.
   */
  email?: (
    tx: Tx,
    recipientId: string,
    facts: NotificationFacts,
    /** Trellis's public address, for links and files the email carries; given when it is sent. */
    baseUrl?: string,
  ) => Promise<NotificationEmail | null>;
}

/** Declares a notification kind; gives the declaration its type where it is written. */
export const defineNotificationKind = (kind: NotificationKind): NotificationKind => kind;

// ─── The registry: what the listed features declare ─────────────────────────────────────────────

const registry = {
  kinds: new Map<string, NotificationKind>(),
  topics: new Map<string, TopicDeclaration>(),
};

/**
 * Reads what the features declare (notification kinds, realtime topics, learning kinds) and the
 * address statements name. The app calls it once as it is built; a name declared twice is a mistake
 * and stops it.
 */
export function registerActivity(options: { baseUrl: string; features: readonly Feature[] }): void {
  const kinds = new Map<string, NotificationKind>();
  const topics = new Map<string, TopicDeclaration>();
  for (const feature of options.features) {
    for (const kind of feature.notifications ?? []) {
      if (kinds.has(kind.kind)) throw new Error(`Notification kind ${kind.kind} is declared twice.`);
      kinds.set(kind.kind, kind);
    }
    for (const topic of feature.topics ?? []) {
      if (topics.has(topic.name)) throw new Error(`Realtime topic ${topic.name} is declared twice.`);
      topics.set(topic.name, topic);
    }
  }
  registry.kinds = kinds;
  registry.topics = topics;
  registerLearningKinds(options.features);
  setStatementBaseUrl(options.baseUrl);
}

/** Every notification kind the features declare. */
export const notificationKinds = (): NotificationKind[] => [...registry.kinds.values()];

/** The declaration of a stored notification's kind, or undefined for one no feature declares now. */
export const notificationKind = (kind: string): NotificationKind | undefined => registry.kinds.get(kind);

/** Every realtime topic the features declare. */
export const realtimeTopics = (): TopicDeclaration[] => [...registry.topics.values()];

/** The declaration of a topic by its name (`thread`), or undefined. */
export const realtimeTopic = (name: string): TopicDeclaration | undefined => registry.topics.get(name);

// ─── Recording ─────────────────────────────────────────────────────────────────────────────────

/**
 * Records one activity inside the use case's transaction: its xAPI statement, the notifications that
 * follow from it and the signals to open pages (sent at commit). A rolled-back change records,
 * tells and signals nothing. Returns the statement's id.
 */
export async function recordActivity(tx: Tx, activity: Activity): Promise<string> {
  const statementId = await recordStatement(tx, statementOf(activity));
  const told = activity.notify?.length ? await tell(tx, activity, activity.notify) : [];
  const signals: RealtimeSignal[] = [
    ...told.map((userId) => ({ topic: `user:${userId}` as const, type: 'notification' })),
    ...(activity.signals ?? []),
  ];
  if (signals.length) await publish(tx, signals);
  return statementId;
}

interface Draft {
  userId: string;
  from: string | null;
  kind: NotificationKind;
  about: NotificationAbout;
  data: Record<string, string>;
}

/** The statement's input for an activity: its context defaults to the actor's school and district. */
function statementOf(activity: Activity): StatementInput {
  const { actor } = activity;
  return {
    actor: actor ? { id: actor.userId, name: actor.name } : null,
    verb: activity.verb,
    object: activity.object,
    context: {
      districtId: actor?.districtId ?? null,
      schoolId: actor?.schoolId ?? null,
      ...activity.context,
    },
    ...(activity.result ? { result: activity.result } : {}),
  };
}

/**
 * The notifications an activity asks for, before asking who may receive them: never to who did it,
 * once per person and thing. Each request's people, in order, with its kind.
 */
function draftRequests(activity: Activity, requests: readonly NotificationRequest[]) {
  const actorId = activity.actor?.userId ?? null;
  const seen = new Set<string>();
  return requests.map((request) => {
    const kind = registry.kinds.get(request.kind);
    if (!kind) throw new Error(`No feature declares the notification kind ${request.kind}.`);
    if (!kind.verbs.includes(activity.verb))
      throw new Error(`A ${request.kind} notification does not follow from ${activity.verb}.`);
    const about = request.about ?? {};
    const from = request.from === undefined ? actorId : request.from;
    const target = about.postId ?? about.threadId ?? about.communityId ?? '';
    const recipients = request.to
      .filter((userId): userId is string => !!userId && userId !== from)
      .filter((userId) => {
        const key = `${userId}:${kind.kind}:${target}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    return { kind, about, from, data: request.data ?? {}, recipients };
  });
}

/** The notifications' rows to insert, as the JSON `insertNotifications` reads. */
const draftsJson = (drafts: Draft[]) =>
  JSON.stringify(
    drafts.map((d) => ({
      id: uuidv7(),
      user_id: d.userId,
      kind: d.kind.kind,
      actor_id: d.kind.anonymous ? null : d.from,
      community_id: d.about.communityId ?? null,
      thread_id: d.about.threadId ?? null,
      post_id: d.about.postId ?? null,
      data: d.data,
    })),
  );

/**
 * SQL inserting the drafts (JSON of `draftsJson`) for active accounts, each person's choices deciding
 * how it reaches them (features/notifications/preferences.ts): the community's choice for the kind,
 * then for every kind, then the kind's, then their general email choice. Emailed at once, saved for
 * the digest, shown in the app only, or (off) not written at all; `where` is a condition on the
 * draft `v`. Returns `user_id`.
 */
const insertNotifications = (json: string, where: SQL = sql`true`) => sql`
    insert into notifications (id, user_id, kind, actor_id, community_id, thread_id, post_id, data, email_state)
    select v.id, v.user_id, v.kind, v.actor_id, v.community_id, v.thread_id, v.post_id, v.data,
           case d.delivery when 'email' then 'pending' when 'digest' then 'digest' else 'none' end
      from jsonb_to_recordset(${json}::jsonb) as v(id uuid, user_id uuid, kind text, actor_id uuid, community_id uuid, thread_id uuid, post_id uuid, data jsonb)
      join users u on u.id = v.user_id and u.status = 'active'
      left join person_settings s on s.user_id = v.user_id
      cross join lateral (select coalesce(
        (select np.delivery from notification_preferences np
          where np.user_id = v.user_id and np.community_id = v.community_id and np.kind in (v.kind, '*')
          order by np.kind = '*' limit 1),
        (select np.delivery from notification_preferences np
          where np.user_id = v.user_id and np.community_id is null and np.kind = v.kind),
        case coalesce(s.email_notifications, 'daily') when 'each' then 'email' when 'daily' then 'digest' else 'app' end
      ) as delivery) d
     where d.delivery <> 'off' and ${where}
    returning user_id`;

/**
 * Writes the notifications an activity asks for: never to who did it, once per person and thing,
 * only to people the kind lets receive it, and only to active accounts. Each person's email choice
 * decides whether it is emailed at once, saved for the daily digest or not emailed. Returns who
 * was told.
 */
async function tell(tx: Tx, activity: Activity, requests: readonly NotificationRequest[]): Promise<string[]> {
  const drafts: Draft[] = [];
  for (const { kind, about, from, data, recipients: named } of draftRequests(activity, requests)) {
    let recipients = named;
    if (recipients.length && (kind.receivers || kind.mayReceive)) {
      const allowed = new Set(
        kind.receivers
          ? (await tx.execute<{ id: string }>(kind.receivers(recipients, about))).rows.map((r) => r.id)
          : await kind.mayReceive?.(tx, recipients, about),
      );
      recipients = recipients.filter((userId) => allowed.has(userId));
    }
    for (const userId of recipients) drafts.push({ userId, from, kind, about, data });
  }
  if (drafts.length === 0) return [];
  const { rows } = await tx.execute<{ user_id: string }>(insertNotifications(draftsJson(drafts)));
  return [...new Set(rows.map((r) => r.user_id))];
}

/**
 * One activity recorded inside a statement of the use case's own, with no round trip of its own: its
 * xAPI statement, the feed items it makes and its notifications, as common table expressions to follow
 * the use case's own in a `with`. Nothing is written unless `when` (SQL over the use case's CTEs)
 * holds, so the use case can make its change and the activity depend on the same condition. Every
 * kind of notification asked for must declare `receivers`. The statement selects `told` (the people
 * told, uuid[] or null); once it has committed, the use case sends `signals(told)` with
 * `publishCommitted`, so nothing is signalled of a change that did not happen and the write does not
 * hold the notification queue's lock (realtime.ts).
 */
export function activitySql(
  activity: Activity,
  when: SQL,
): { ctes: SQL; told: SQL; signals: (told: readonly string[] | null) => RealtimeSignal[]; shape: string } {
  const row = statementRow(statementOf(activity));
  const ctes: SQL[] = [
    sql`activity_statement as (
      insert into statements (id, actor_id, verb, object_type, object_id, community_id, school_id, district_id, body, timestamp)
      select ${row.id}::uuid, ${row.actorId}::uuid, ${row.verb}, ${row.objectType}, ${row.objectId}, ${row.communityId}::uuid,
             ${row.schoolId}::uuid, ${row.districtId}::uuid, ${JSON.stringify(row.body)}::jsonb, ${row.timestamp.toISOString()}::timestamptz
       where ${when}
      returning *)`,
    ...feedItemInserts(row, sql`activity_statement`).map(
      (insert, i) => sql`${sql.raw(`activity_feed_${i}`)} as (${insert})`,
    ),
    ...learningEntryInserts(row, sql`activity_statement`).map(
      (insert, i) => sql`${sql.raw(`activity_learning_${i}`)} as (${insert})`,
    ),
  ];
  // Who may receive each notification is asked in the statement: a draft is kept only where its
  // kind's receivers, asked of everyone its request names, include its person.
  const drafts: Draft[] = [];
  const allowed: SQL[] = [];
  const kinds: string[] = [];
  for (const { kind, about, from, data, recipients } of draftRequests(activity, activity.notify ?? [])) {
    if (!recipients.length) continue;
    if (kind.mayReceive && !kind.receivers)
      throw new Error(
        `The notification kind ${kind.kind} declares no receivers SQL to record it in a statement.`,
      );
    for (const userId of recipients) drafts.push({ userId, from, kind, about, data });
    kinds.push(kind.kind);
    allowed.push(
      kind.receivers
        ? sql`select ${kind.kind}::text as kind, r.id from (${kind.receivers(recipients, about)}) r`
        : sql`select ${kind.kind}::text as kind, r.id from unnest(${sql.param(recipients)}::uuid[]) r(id)`,
    );
  }
  if (drafts.length) {
    ctes.push(sql`activity_allowed as (${sql.join(allowed, sql` union all `)})`);
    ctes.push(
      sql`activity_notified as (${insertNotifications(
        draftsJson(drafts),
        sql`exists (select 1 from activity_statement)
          and (v.kind, v.user_id) in (select a.kind, a.id from activity_allowed a)`,
      )})`,
    );
  }
  return {
    ctes: sql.join(ctes, sql`, `),
    told: drafts.length
      ? sql`(select array_agg(distinct n.user_id) from activity_notified n)`
      : sql`null::uuid[]`,
    // Signals to the people told first, then the activity's own, in the order given.
    signals: (told) => [
      ...(told ?? []).map((userId) => ({ topic: `user:${userId}` as const, type: 'notification' })),
      ...(activity.signals ?? []),
    ],
    shape: kinds.join('-') || 'untold',
  };
}

/** One line of a name or title a notification quotes: whitespace folded, as the bell shows it. */
export const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
