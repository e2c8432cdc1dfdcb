/**
 * Learning another tool reports over xAPI: a statement the LRS stored whose actor matched a person
 * becomes an entry of their learning log, in the LRS's own transaction (decision 051). Voiding the
 * statement voids the entry.
 */
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '#server/db/client.ts';
import type { ManualLearningKind } from '#shared/contracts/learning.ts';
import { DURATION_MAX_MINUTES } from '#shared/contracts/learning.ts';

/** The parts of an xAPI 1.0.3 statement the log reads; everything else is left as it is. */
export interface ReportedStatement {
  id?: string;
  verb?: { id?: string; display?: Record<string, string> };
  object?: {
    objectType?: string;
    id?: string;
    definition?: { name?: Record<string, string>; type?: string; moreInfo?: string };
  };
  result?: { duration?: string; completion?: boolean; success?: boolean; [key: string]: unknown };
  context?: { platform?: string; [key: string]: unknown };
  timestamp?: string;
  stored?: string;
  [key: string]: unknown;
}

export interface ReportedLearning {
  /** The statement's id (xAPI `id`), as the LRS stored it. */
  statementId: string;
  /** The person whose account the statement's actor matched, and their district. */
  userId: string;
  districtId: string;
  /** The statement as stored. */
  statement: ReportedStatement;
  /** The sending tool (the API client's name): the entry's provider. */
  provider: string;
}

const ADL = 'http://adlnet.gov/expapi/verbs/';
const AS = 'http://activitystrea.ms/schema/1.0/';

/**
 * Verbs that say learning took place (rather than a step inside it: launched, answered, progressed,
 * experienced). Any other verb is learning too when its result says the activity was completed or
 * how long it took.
 */
const LEARNING_VERBS = new Set([
  `${ADL}attended`,
  `${ADL}completed`,
  `${ADL}passed`,
  `${ADL}mastered`,
  `${AS}attend`,
  `${AS}complete`,
  `${AS}read`,
  `${AS}watch`,
  `${AS}listen`,
  'http://id.tincanapi.com/verb/earned',
  'http://id.tincanapi.com/verb/viewed',
  'https://w3id.org/xapi/adl/verbs/satisfied',
  'https://w3id.org/xapi/video/verbs/completed',
]);

/** Activity types (exact, else by their last word) and the log's kinds they are. */
const TYPE_KINDS: Record<string, ManualLearningKind> = {
  course: 'course',
  module: 'course',
  lesson: 'course',
  assessment: 'course',
  simulation: 'course',
  performance: 'course',
  objective: 'course',
  'cmi.interaction': 'course',
  interaction: 'course',
  meeting: 'workshop',
  webinar: 'workshop',
  workshop: 'workshop',
  event: 'workshop',
  session: 'workshop',
  conference: 'conference',
  'conference-session': 'conference',
  book: 'reading',
  'book-chapter': 'reading',
  article: 'reading',
  document: 'reading',
  file: 'reading',
  link: 'reading',
  blog: 'reading',
  video: 'podcast_video',
  media: 'podcast_video',
  podcast: 'podcast_video',
  'chat-channel': 'online_social',
  'chat-message': 'online_social',
  tweet: 'online_social',
  'social-network': 'online_social',
  'discussion-forum': 'online_social',
  'tutor-session': 'coaching',
  coaching: 'coaching',
  mentoring: 'mentoring',
  observation: 'observation_received',
  edcamp: 'edcamp',
};

/** Verbs whose activity is of a kind whatever its type says. */
const VERB_KINDS: Record<string, ManualLearningKind> = {
  [`${AS}read`]: 'reading',
  [`${AS}watch`]: 'podcast_video',
  [`${AS}listen`]: 'podcast_video',
  'https://w3id.org/xapi/video/verbs/completed': 'podcast_video',
  [`${ADL}attended`]: 'workshop',
  [`${AS}attend`]: 'workshop',
};

/** The log's kind for a reported statement: by its verb, else its activity type, else `other`. */
export function reportedKind(statement: ReportedStatement): ManualLearningKind {
  const verb = statement.verb?.id ?? '';
  if (VERB_KINDS[verb]) return VERB_KINDS[verb];
  const type = statement.object?.definition?.type ?? '';
  const word = type
    .replace(/[/#]+$/, '')
    .split(/[/#]/)
    .pop()
    ?.toLowerCase();
  return (word && TYPE_KINDS[word]) || 'other';
}

/**
 * Minutes in an ISO 8601 duration as xAPI sends it (`PT1H30M`, `P1DT2H`, `PT45M30.5S`, `P2W`),
 * rounded; null when it has none, cannot be read, or counts years or months (of no fixed length).
 */
export function durationMinutes(duration: string | undefined): number | null {
  if (!duration) return null;
  const match =
    /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      duration,
    );
  if (!match || duration === 'P' || duration.endsWith('T')) return null;
  const [, w, d, h, m, s] = match.map((part) => (part === undefined ? 0 : Number(part)));
  const minutes = Math.round(w * 7 * 24 * 60 + d * 24 * 60 + h * 60 + m + s / 60);
  return Math.min(minutes, DURATION_MAX_MINUTES);
}

/** One string of a language map: US English, any English, else the first. */
export function fromLanguageMap(map: Record<string, string> | undefined): string {
  if (!map) return '';
  return (
    map['en-US'] ??
    map.en ??
    Object.entries(map).find(([tag]) => tag.startsWith('en'))?.[1] ??
    Object.values(map)[0] ??
    ''
  );
}

/** Whether a statement reports learning that took place, rather than a step inside it. */
export function isReportedLearning(statement: ReportedStatement): boolean {
  const object = statement.object;
  if (!object?.id || (object.objectType && object.objectType !== 'Activity')) return false;
  if (LEARNING_VERBS.has(statement.verb?.id ?? '')) return true;
  return statement.result?.completion === true || durationMinutes(statement.result?.duration) !== null;
}

const oneLine = (s: string, max: number) => s.replace(/\s+/g, ' ').trim().slice(0, max);

/**
 * Logs the learning an xAPI statement reports, in the caller's transaction: kind from its verb or
 * activity type, title from the activity's name, duration from `result.duration`, the sending tool
 * as provider, the time it says it happened (`timestamp`, else `stored`). A statement that reports
 * no completed learning (launched, answered, progressed) is not logged. Logging the same statement
 * again changes nothing, except that an entry voided when its identity was unmapped comes back when
 * it is mapped to the same person again. Returns the entry's id, or null when nothing was logged.
 */
export async function logReportedLearning(tx: Tx, input: ReportedLearning): Promise<string | null> {
  const { statement } = input;
  if (!isReportedLearning(statement)) return null;
  const object = statement.object ?? {};
  const title =
    oneLine(fromLanguageMap(object.definition?.name), 200) || oneLine(object.id ?? 'Reported learning', 200);
  const occurredAt = statement.timestamp ?? statement.stored ?? new Date().toISOString();
  const moreInfo = object.definition?.moreInfo;
  const link = moreInfo && /^https?:\/\//i.test(moreInfo) ? moreInfo.slice(0, 2000) : null;
  const { duration: _duration, ...result } = statement.result ?? {};
  const { rows } = await tx.execute<{ id: string }>(sql`
    insert into learning_entries (id, user_id, district_id, source, kind, title, occurred_at, duration_minutes,
                                  provider, link, status, statement_id, source_ref, object_type, object_id, result)
    values (${uuidv7()}, ${input.userId}, ${input.districtId}, 'xapi', ${reportedKind(statement)}, ${title},
            ${occurredAt}::timestamptz, ${durationMinutes(statement.result?.duration)},
            ${oneLine(input.provider || statement.context?.platform || '', 200)}, ${link}, 'logged',
            ${input.statementId}::uuid, ${`statement:${input.statementId}`}, 'xapi_activity', ${object.id ?? null},
            ${Object.keys(result).length ? JSON.stringify(result) : null}::jsonb)
    on conflict (user_id, source_ref) where source_ref is not null
    do update set voided_at = null, updated_at = now() where learning_entries.voided_at is not null
    returning id`);
  return rows[0]?.id ?? null;
}

/**
 * Voids the entry a voided statement reported, in the caller's transaction: it no longer shows nor
 * counts, and hand entries merged into it come back as they were. Returns whether there was one.
 */
export async function voidReportedLearning(
  tx: Tx,
  input: { statementId: string; districtId?: string },
): Promise<boolean> {
  // Statement ids are unique per district: another district's entry is never touched.
  const inDistrict = input.districtId ? sql`and district_id = ${input.districtId}` : sql``;
  const { rows } = await tx.execute<{ id: string }>(sql`
    with voided as (
      update learning_entries set voided_at = now(), updated_at = now()
       where statement_id = ${input.statementId}::uuid and source = 'xapi' and voided_at is null ${inDistrict}
      returning id),
    restored as (
      update learning_entries set merged_into_id = null, updated_at = now()
       where merged_into_id in (select id from voided))
    select id from voided`);
  return rows.length > 0;
}
