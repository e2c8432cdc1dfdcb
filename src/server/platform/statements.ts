import { sql } from 'drizzle-orm';
import { statements } from '#server/db/schema.ts';
import type { Tx } from '#server/db/client.ts';
import { deriveFeedItems } from './feed-items.ts';

/** The verbs Trellis records, with their xAPI IRIs. */
export const VERBS = {
  registered: 'http://adlnet.gov/expapi/verbs/registered',
  updated: 'http://activitystrea.ms/schema/1.0/update',
  accepted: 'http://activitystrea.ms/schema/1.0/accept',
  invited: 'http://activitystrea.ms/schema/1.0/invite',
  imported: 'https://trellis.dev/xapi/verbs/imported',
  joined: 'http://activitystrea.ms/schema/1.0/join',
  followed: 'http://activitystrea.ms/schema/1.0/follow',
  left: 'http://activitystrea.ms/schema/1.0/leave',
  created: 'http://activitystrea.ms/schema/1.0/create',
  posted: 'http://activitystrea.ms/schema/1.0/post',
  replied: 'http://adlnet.gov/expapi/verbs/commented',
  reacted: 'http://activitystrea.ms/schema/1.0/like',
  marked_insight: 'https://trellis.dev/xapi/verbs/marked-insight',
  unfollowed: 'http://activitystrea.ms/schema/1.0/stop-following',
  shared: 'http://adlnet.gov/expapi/verbs/shared',
  remixed: 'https://trellis.dev/xapi/verbs/remixed',
  reviewed: 'http://id.tincanapi.com/verb/reviewed',
  tried: 'https://trellis.dev/xapi/verbs/tried',
  endorsed: 'https://trellis.dev/xapi/verbs/endorsed',
  brought_home: 'https://trellis.dev/xapi/verbs/brought-home',
  started: 'http://adlnet.gov/expapi/verbs/attempted',
  submitted: 'http://activitystrea.ms/schema/1.0/submit',
  earned: 'http://id.tincanapi.com/verb/earned',
  revoked: 'https://trellis.dev/xapi/verbs/revoked',
} as const;
export type Verb = keyof typeof VERBS;

export interface StatementInput {
  actor: { id: string; name?: string } | null;
  verb: Verb;
  object: { type: string; id: string; name?: string };
  context?: {
    communityId?: string | null;
    schoolId?: string | null;
    districtId?: string | null;
    extensions?: Record<string, unknown>;
  };
  result?: Record<string, unknown>;
}

/**
 * The context of something a person did: the community it happened in (if any), the school named on
 * their profile and their district, so the stream can tell who learns with whom across schools.
 */
export async function statementContext(
  tx: Tx,
  person: { userId: string; districtId: string },
  communityId?: string | null,
  extensions?: Record<string, unknown>,
): Promise<NonNullable<StatementInput['context']>> {
  const { rows } = await tx.execute<{ school_id: string | null }>(
    sql`select school_id from profiles where user_id = ${person.userId}`,
  );
  return {
    ...(communityId ? { communityId } : {}),
    districtId: person.districtId,
    schoolId: rows[0]?.school_id ?? null,
    ...(extensions ? { extensions } : {}),
  };
}

/**
 * Records one action in the activity stream as an xAPI 1.0.3 statement. Call it inside the same
 * transaction as the change it describes, so the stream never claims what did not happen.
 */
export async function recordStatement(
  tx: Tx,
  input: StatementInput,
  publicUrl = 'https://trellis.local',
): Promise<string> {
  const timestamp = new Date();
  const body = {
    actor: input.actor
      ? {
          objectType: 'Agent',
          name: input.actor.name,
          account: { homePage: publicUrl, name: input.actor.id },
        }
      : { objectType: 'Agent', account: { homePage: publicUrl, name: 'trellis' } },
    verb: { id: VERBS[input.verb], display: { 'en-US': input.verb } },
    object: {
      objectType: 'Activity',
      id: `${publicUrl}/xapi/activities/${input.object.type}/${input.object.id}`,
      definition: {
        type: `https://trellis.dev/xapi/activity-types/${input.object.type}`,
        ...(input.object.name ? { name: { 'en-US': input.object.name } } : {}),
      },
    },
    context: {
      platform: 'Trellis',
      extensions: {
        'https://trellis.dev/xapi/extensions/district': input.context?.districtId ?? null,
        'https://trellis.dev/xapi/extensions/school': input.context?.schoolId ?? null,
        'https://trellis.dev/xapi/extensions/community': input.context?.communityId ?? null,
        ...input.context?.extensions,
      },
    },
    ...(input.result ? { result: input.result } : {}),
    timestamp: timestamp.toISOString(),
    version: '1.0.3',
  };
  const [row] = await tx
    .insert(statements)
    .values({
      actorId: input.actor?.id ?? null,
      verb: VERBS[input.verb],
      objectType: input.object.type,
      objectId: input.object.id,
      communityId: input.context?.communityId ?? null,
      schoolId: input.context?.schoolId ?? null,
      districtId: input.context?.districtId ?? null,
      body,
      timestamp,
    })
    .returning({ id: statements.id });
  await deriveFeedItems(tx, { id: row.id, verb: VERBS[input.verb], objectType: input.object.type });
  return row.id;
}
