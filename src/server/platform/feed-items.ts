import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { FeedItem } from '#shared/contracts/feed.ts';
import type { Actor } from './auth.ts';
import type { Feature } from './feature.ts';
import { VERBS, type Verb } from './statements.ts';

/**
 * A statement as the home feed keeps it: one `feed_items` row per audience it reaches, ordered by
 * the statement's time. A page of someone's feed reads, for each audience they belong to, a short
 * range of one index (decision 020).
 */
export interface FeedCandidate {
  /** The statement's id: the feed item's id. */
  id: string;
  kind: string;
  verb: string;
  /** The statement's stored time, as an ISO string. */
  at: string;
  actorId: string | null;
  communityId: string | null;
  objectType: string;
  objectId: string;
  /** The audience it reached the viewer through: a community, a person they follow or one of their organizations. */
  audienceId: string;
}

/** What a kind shows of an item; the feed adds whether it is unread. */
export type FeedEntry = Omit<FeedItem, 'unread'>;

/**
 * A kind of feed item a feature declares: which statements it is made from, whom each reaches and
 * how the viewer sees it. Trellis writes the rows in the transaction that records the statement.
 */
export interface FeedItemKind {
  /** Stored with each item; unique across Trellis, prefixed with the feature (`discussion.post`). */
  kind: string;
  /** The statements it is made from: their verbs (Trellis's names, or any IRI) and object types. */
  verbs: readonly (Verb | `${'http' | 'https'}://${string}`)[];
  objectTypes: readonly string[];
  /**
   * SQL over a `statements` row `s`, giving a uuid[] of the audiences that reach it (nulls are left
   * out). An audience is one of three things, each read by its own people:
   * - a community: its active members see what happened in it (never their own doing);
   * - a person: those who follow them see it, where they may read its community;
   * - an organization (a school or district): the people of it see it.
   */
  audiences: (s: SQL) => SQL;
  /**
   * How the viewer sees the page's candidates of this kind, as they now stand (a deleted or hidden
   * post, a resource no longer shared with them, drops out): SQL over a candidate row `c` (`id` uuid,
   * `verb`, `actor_id`, `community_id`, `object_type`, `object_id`) giving one json value with what
   * `entry` needs, or null when the viewer may not see it now. The feed evaluates it inside its own
   * statement, only for the candidates a page shows, so a page is one round trip.
   */
  shown: (viewer: Actor) => SQL;
  /** The entry the feed shows, from the json value `shown` gave for the candidate. */
  entry: (shown: never, item: FeedCandidate) => FeedEntry;
}

/** Declares a feed item kind; gives the declaration its type where it is written. */
export function defineFeedItemKind<Shown>(
  kind: Omit<FeedItemKind, 'entry'> & { entry: (shown: Shown, item: FeedCandidate) => FeedEntry },
): FeedItemKind {
  return kind as FeedItemKind;
}

interface Registered {
  kind: FeedItemKind;
  verbIris: string[];
}

let registry: Map<string, Registered> | null = null;

/**
 * Reads the feed item kinds the features declare. The app calls it as it is built, and the demo seed
 * before it writes; a kind declared twice is a mistake and stops it.
 */
export function registerFeedItems(features: readonly Feature[]): void {
  const kinds = new Map<string, Registered>();
  for (const feature of features)
    for (const kind of feature.feedItems ?? []) {
      if (kinds.has(kind.kind)) throw new Error(`Feed item kind ${kind.kind} is declared twice.`);
      const verbs: Record<string, string> = VERBS;
      kinds.set(kind.kind, { kind, verbIris: kind.verbs.map((verb) => verbs[verb] ?? verb) });
    }
  registry = kinds;
}

/** The registered kinds; recording a statement before they are known would leave the feed behind. */
function registered(): Map<string, Registered> {
  if (!registry)
    throw new Error('No feed item kinds are registered: registerFeedItems runs as the app is built.');
  return registry;
}

/** The declaration of a stored item's kind, or undefined for one no feature declares now. */
export const feedItemKind = (kind: string): FeedItemKind | undefined => registered().get(kind)?.kind;

/**
 * SQL over a candidate row `c` with a `kind` column: the json value its kind's `shown` gives, null
 * for a kind no longer declared.
 */
export function shownSql(viewer: Actor): SQL {
  const kinds = [...registered().values()];
  if (!kinds.length) return sql`null::json`;
  return sql`case c.kind ${sql.join(
    kinds.map((r) => sql`when ${r.kind.kind} then (${r.kind.shown(viewer)})`),
    sql` `,
  )} end`;
}

/**
 * SQL: the feed rows of one kind made from the statements `s` that `where` selects, from the table or
 * from a statement's row just inserted (`source`, a name in the same statement).
 */
function rowsOf({ kind, verbIris }: Registered, where: SQL, source = sql`statements`): SQL {
  return sql`select a.audience_id, s.stored, s.id, ${kind.kind}, s.verb, s.actor_id, s.community_id,
                    s.object_type, s.object_id
      from ${source} s
      cross join lateral unnest(${kind.audiences(sql`s`)}) as a(audience_id)
     where s.verb = any(${sql.param(verbIris)}::text[])
       and s.object_type = any(${sql.param([...kind.objectTypes])}::text[])
       and a.audience_id is not null
       and ${where}`;
}

const INSERT = sql`insert into feed_items (audience_id, stored, statement_id, kind, verb, actor_id, community_id,
                                           object_type, object_id)`;

/**
 * Writes the feed items a just-recorded statement makes, in the transaction that recorded it, so
 * the feed never shows what did not happen nor misses what did.
 */
export async function deriveFeedItems(
  tx: Tx,
  statement: { id: string; verb: string; objectType: string },
): Promise<void> {
  for (const entry of registered().values())
    if (entry.verbIris.includes(statement.verb) && entry.kind.objectTypes.includes(statement.objectType))
      await tx.execute(sql`${INSERT} ${rowsOf(entry, sql`s.id = ${statement.id}`)}
        on conflict do nothing`);
}

/**
 * The inserts of the feed items a statement makes, one per kind it fits, reading the statement's row
 * from `source` (a data-modifying CTE's name, `returning *` of the insert into statements): for a use
 * case that records its statement inside a statement of its own (`activitySql`).
 */
export function feedItemInserts(statement: { verb: string; objectType: string }, source: SQL): SQL[] {
  return [...registered().values()]
    .filter(
      (entry) =>
        entry.verbIris.includes(statement.verb) && entry.kind.objectTypes.includes(statement.objectType),
    )
    .map((entry) => sql`${INSERT} ${rowsOf(entry, sql`true`, source)} on conflict do nothing`);
}

/**
 * Writes the feed items of every statement already recorded (a database generated in bulk, a
 * district upgrading): the same rows recording each statement would have written.
 */
export async function backfillFeedItems(tx: Pick<Tx, 'execute'>): Promise<void> {
  for (const entry of registered().values())
    await tx.execute(sql`${INSERT} ${rowsOf(entry, sql`true`)} on conflict do nothing`);
}
