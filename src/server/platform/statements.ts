import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { statements } from '#server/db/schema.ts';
import type { Tx } from '#server/db/client.ts';
import { deriveFeedItems } from './feed-items.ts';
import { deriveLearningEntries } from './learning-kinds.ts';

/**
 * Trellis's own verbs by the names its code uses, with their xAPI IRIs. The list is open: a
 * statement may carry any verb IRI, such as one another tool reported, and fits the same table.
 */
export const VERBS = {
  registered: 'http://adlnet.gov/expapi/verbs/registered',
  updated: 'http://activitystrea.ms/schema/1.0/update',
  deleted: 'http://activitystrea.ms/schema/1.0/delete',
  accepted: 'http://activitystrea.ms/schema/1.0/accept',
  invited: 'http://activitystrea.ms/schema/1.0/invite',
  imported: 'https://trellis.dev/xapi/verbs/imported',
  joined: 'http://activitystrea.ms/schema/1.0/join',
  requested: 'http://activitystrea.ms/schema/1.0/request',
  approved: 'http://activitystrea.ms/schema/1.0/approve',
  declined: 'http://activitystrea.ms/schema/1.0/reject',
  removed: 'http://activitystrea.ms/schema/1.0/remove',
  withdrew: 'https://trellis.dev/xapi/verbs/withdrew',
  archived: 'https://trellis.dev/xapi/verbs/archived',
  followed: 'http://activitystrea.ms/schema/1.0/follow',
  left: 'http://activitystrea.ms/schema/1.0/leave',
  created: 'http://activitystrea.ms/schema/1.0/create',
  posted: 'http://activitystrea.ms/schema/1.0/post',
  replied: 'http://adlnet.gov/expapi/verbs/commented',
  reacted: 'http://activitystrea.ms/schema/1.0/like',
  unreacted: 'http://activitystrea.ms/schema/1.0/unlike',
  marked_insight: 'https://trellis.dev/xapi/verbs/marked-insight',
  moderated: 'https://trellis.dev/xapi/verbs/moderated',
  moved: 'https://trellis.dev/xapi/verbs/moved',
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
/** A verb IRI from any vocabulary (xAPI verbs are IRIs). */
export type VerbIri = `http://${string}` | `https://${string}`;
/** A verb as a statement names it: one of Trellis's by name, or any IRI. */
export type AnyVerb = Verb | VerbIri;

const isTrellisVerb = (verb: string): verb is Verb => Object.hasOwn(VERBS, verb);

/** The IRI of a verb named either way. */
export const verbIri = (verb: AnyVerb): string => (isTrellisVerb(verb) ? VERBS[verb] : verb);

/** How a verb reads: Trellis's own name, or the last part of another vocabulary's IRI. */
export function verbDisplay(verb: AnyVerb): string {
  if (isTrellisVerb(verb)) return verb;
  return (
    verb
      .replace(/[/#]+$/, '')
      .split(/[/#]/)
      .pop() || verb
  );
}

let baseUrl = 'https://trellis.local';

/**
 * Sets the address statements name (their actors' home page and their activities' ids) once, when
 * the process starts, so no route or service has to carry it.
 */
export function setStatementBaseUrl(url: string): void {
  baseUrl = url.replace(/\/$/, '');
}

/** The address statements name: Trellis's public URL without a trailing slash. */
export const statementBaseUrl = (): string => baseUrl;

/** The xAPI activity id of a Trellis thing, e.g. `https://trellis.example.org/xapi/activities/post/<id>`. */
export const activityIri = (type: string, id: string): string => `${baseUrl}/xapi/activities/${type}/${id}`;

export interface StatementInput {
  actor: { id: string; name?: string } | null;
  verb: AnyVerb;
  object: { type: string; id: string; name?: string };
  context?: {
    communityId?: string | null;
    schoolId?: string | null;
    districtId?: string | null;
    networkId?: string | null;
    extensions?: Record<string, unknown>;
  };
  result?: Record<string, unknown>;
}

/** A statement's row as it is stored: its columns and the full xAPI body. */
export interface StatementRow {
  id: string;
  actorId: string | null;
  verb: string;
  objectType: string;
  objectId: string;
  communityId: string | null;
  schoolId: string | null;
  districtId: string | null;
  body: Record<string, unknown>;
  timestamp: Date;
}

/** The row one xAPI 1.0.3 statement is stored as, with a new id. */
export function statementRow(input: StatementInput): StatementRow {
  const timestamp = new Date();
  const body = {
    actor: input.actor
      ? {
          objectType: 'Agent',
          name: input.actor.name,
          account: { homePage: baseUrl, name: input.actor.id },
        }
      : { objectType: 'Agent', account: { homePage: baseUrl, name: 'trellis' } },
    verb: { id: verbIri(input.verb), display: { 'en-US': verbDisplay(input.verb) } },
    object: {
      objectType: 'Activity',
      id: activityIri(input.object.type, input.object.id),
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
        ...(input.context?.networkId
          ? { 'https://trellis.dev/xapi/extensions/network': input.context.networkId }
          : {}),
        ...input.context?.extensions,
      },
    },
    ...(input.result ? { result: input.result } : {}),
    timestamp: timestamp.toISOString(),
    version: '1.0.3',
  };
  return {
    id: uuidv7(),
    actorId: input.actor?.id ?? null,
    verb: verbIri(input.verb),
    objectType: input.object.type,
    objectId: input.object.id,
    communityId: input.context?.communityId ?? null,
    schoolId: input.context?.schoolId ?? null,
    districtId: input.context?.districtId ?? null,
    body,
    timestamp,
  };
}

/**
 * Writes one xAPI 1.0.3 statement. Use cases call `recordActivity` (platform/activity.ts), which
 * writes it and what follows from it in their transaction; this is the row alone.
 */
export async function recordStatement(tx: Tx, input: StatementInput, _publicUrl?: string): Promise<string> {
  const values = statementRow(input);
  const [row] = await tx.insert(statements).values(values).returning({ id: statements.id });
  await deriveFeedItems(tx, { id: row.id, verb: values.verb, objectType: values.objectType });
  await deriveLearningEntries(tx, { id: row.id, verb: values.verb, objectType: values.objectType });
  return row.id;
}

/** @deprecated recordActivity takes the context from the actor; kept while call sites move to it. */
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
