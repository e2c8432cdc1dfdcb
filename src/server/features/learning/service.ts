/**
 * The learning log's use cases: a person's log and its totals, entries entered by hand (drafts kept),
 * reflection, competencies and evidence on any entry of theirs, and merging a hand entry into the
 * entry a tool or Trellis recorded of the same activity, so it counts once (decision 051).
 */
import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { ConflictError, type FieldError, InvalidError, NotFoundError } from '#server/platform/errors.ts';
import { ATTACHMENT_TYPES, cleanFilename, isPreviewable } from '#server/platform/file-types.ts';
import { learningKind, learningKinds } from '#server/platform/learning-kinds.ts';
import type { Storage } from '#server/platform/storage.ts';
import { storeUpload } from '#server/platform/uploads.ts';
import { readableThread } from '#server/features/discussion/index.ts';
import { findVisibleResource } from '#server/features/resources/index.ts';
import { decodeTimeCursor, keysetPage } from '#server/platform/cursor.ts';
import {
  COMPETENCIES_MAX,
  type EvidenceInput,
  type EvidenceUploadResponse,
  type EvidenceView,
  type LearningEntryInput,
  type LearningEntryView,
  type LearningListQuery,
  type LearningListResponse,
  type LearningOptionsResponse,
  type LearningTotalsResponse,
  type UpdateLearningEntryInput,
  MANUAL_LEARNING_KIND_LABELS,
  MANUAL_LEARNING_KINDS,
  type ManualLearningKind,
} from '#shared/contracts/learning.ts';
import { mayReadEntrySql } from './policy.ts';
import {
  competenciesIn,
  type EntryRow,
  type EvidenceRow,
  findEntryRow,
  frameworkRows,
  listEntryRows,
  ownFiles,
  totalsRows,
} from './queries.ts';

/** The label of a kind: a hand kind's, a declared kind's, else its words. */
export function kindLabel(kind: string): string {
  if ((MANUAL_LEARNING_KINDS as readonly string[]).includes(kind))
    return MANUAL_LEARNING_KIND_LABELS[kind as ManualLearningKind];
  return learningKind(kind)?.label ?? kind.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** The storage key of an evidence file: its id under the learning folder. */
export const evidenceFileKey = (fileId: string) => `learning/${fileId}`;
const fileIdOf = (key: string | null) =>
  key?.startsWith('learning/') ? key.slice('learning/'.length) : null;

/** Where a Trellis thing an entry is about opens in the web app. */
function aboutHref(type: string | null, id: string | null): string | null {
  if (!type || !id) return null;
  if (type === 'resource') return `/resources/${id}`;
  if (type === 'micro_credential') return `/micro-credentials/${id}`;
  if (type === 'community') return `/communities/${id}`;
  if (type === 'xapi_activity' && /^https?:\/\//.test(id)) return id;
  return null;
}

function presentEvidence(entryId: string, row: EvidenceRow): EvidenceView {
  const fileId = fileIdOf(row.file_key);
  const href =
    row.type === 'file'
      ? `/api/learning/entries/${entryId}/evidence/${row.id}/file`
      : row.type === 'link'
        ? row.url
        : row.type === 'resource'
          ? `/resources/${row.resource_id}`
          : row.community_id
            ? `/communities/${row.community_id}/threads/${row.thread_id}`
            : null;
  return {
    id: row.id,
    type: row.type,
    title: row.type === 'file' ? (row.filename ?? 'File') : row.title || row.url || '',
    href,
    fileId,
    contentType: row.content_type,
    byteSize: row.byte_size,
    url: row.url,
    resourceId: row.resource_id,
    threadId: row.thread_id,
  };
}

const iso = (value: string | Date) => new Date(value).toISOString();

/** What the viewer may do with an entry: only its owner changes it, and never while credit locks it. */
function abilities(row: EntryRow, viewer: Pick<Actor, 'userId'>) {
  const mine = row.user_id === viewer.userId;
  const open = mine && !row.credit_locked && !row.merged_into_id && !row.voided_at;
  return {
    edit: open,
    editAll: open && row.source === 'self',
    delete: open && row.source === 'self',
    merge: open && row.source === 'self' && row.status === 'logged',
  };
}

export function presentEntry(row: EntryRow, viewer: Pick<Actor, 'userId'>): LearningEntryView {
  return {
    id: row.id,
    source: row.source,
    kind: row.kind,
    kindLabel: kindLabel(row.kind),
    title: row.title,
    occurredAt: iso(row.occurred_at),
    durationMinutes: row.duration_minutes,
    provider: row.provider,
    link: row.link,
    willTry: row.will_try,
    practiceChange: row.practice_change,
    competencies: row.competencies,
    evidence: row.evidence.map((e) => presentEvidence(row.id, e)),
    status: row.status,
    creditStatus: row.credit_status,
    about:
      row.source === 'trellis' && row.object_type && row.object_id
        ? { type: row.object_type, id: row.object_id, href: aboutHref(row.object_type, row.object_id) }
        : row.source === 'xapi' && row.object_id
          ? { type: 'activity', id: row.object_id, href: aboutHref('xapi_activity', row.object_id) }
          : null,
    result: row.result,
    merged: row.merged,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    abilities: abilities(row, viewer),
  };
}

const timeKey = (row: EntryRow & { cursor_at: string }) => [row.cursor_at, row.id];

/** A page of the actor's own log, newest first, filtered as asked. */
export async function listMyEntries(
  db: Db,
  actor: Actor,
  query: LearningListQuery,
): Promise<LearningListResponse> {
  if (query.from && query.to && query.from > query.to)
    throw new InvalidError('must not be after the end of the period', [
      { path: '/querystring/to', message: 'must not be before the start of the period' },
    ]);
  const rows = await listEntryRows(db, actor.userId, query, {
    after: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
    limit: query.limit,
  });
  const { shown, nextCursor } = keysetPage(rows, query.limit, timeKey);
  return { data: shown.map((row) => presentEntry(row, actor)), nextCursor };
}

/** Minutes of the actor's logged learning in a period, by kind and by competency. */
export async function myTotals(
  db: Db,
  actor: Actor,
  period: { from?: string; to?: string },
): Promise<LearningTotalsResponse> {
  if (period.from && period.to && period.from > period.to)
    throw new InvalidError('must not be before the start of the period', [
      { path: '/querystring/to', message: 'must not be before the start of the period' },
    ]);
  const rows = await totalsRows(db, actor.userId, period);
  const byKind = rows
    .filter((r) => r.by === 'kind')
    .map((r) => ({ kind: r.key, label: kindLabel(r.key), minutes: r.minutes, entries: r.entries }))
    .sort((a, b) => b.minutes - a.minutes || a.label.localeCompare(b.label));
  const byCompetency = rows
    .filter((r) => r.by === 'competency')
    .map((r) => ({
      id: r.key,
      code: r.code ?? '',
      statement: r.statement ?? '',
      minutes: r.minutes,
      entries: r.entries,
    }))
    .sort((a, b) => b.minutes - a.minutes || a.code.localeCompare(b.code));
  return {
    from: period.from ?? null,
    to: period.to ?? null,
    totalMinutes: byKind.reduce((sum, k) => sum + k.minutes, 0),
    entries: byKind.reduce((sum, k) => sum + k.entries, 0),
    byKind,
    byCompetency,
  };
}

/** The organizations whose frameworks a person's entries may name: their district and its networks. */
const frameworkOrgs = (actor: Actor) => [actor.districtId, ...actor.networkIds];

/** The kinds the log knows (hand kinds first) and the competencies of the actor's frameworks. */
export async function learningOptions(db: Db, actor: Actor): Promise<LearningOptionsResponse> {
  return {
    kinds: [
      ...MANUAL_LEARNING_KINDS.map((kind) => ({
        kind,
        label: MANUAL_LEARNING_KIND_LABELS[kind],
        manual: true,
      })),
      ...learningKinds().map((k) => ({ kind: k.kind, label: k.label, manual: false })),
    ],
    frameworks: await frameworkRows(db, frameworkOrgs(actor)),
  };
}

/**
 * An entry the actor may read (theirs, or of someone whose credit they approve), else 404: an
 * entry of someone else's is not told apart from one that does not exist.
 */
export async function readableEntry(tx: Tx, actor: Actor, id: string, lock = false): Promise<EntryRow> {
  const { rows } = await tx.execute<{ ok: boolean }>(sql`
    select ${mayReadEntrySql(actor, sql`e`)} as ok from learning_entries e where e.id = ${id}`);
  if (!rows[0]?.ok) throw new NotFoundError('No such learning entry.');
  const row = await findEntryRow(tx, id, lock);
  if (!row) throw new NotFoundError('No such learning entry.');
  return row;
}

/** One entry, as the actor sees it. */
export async function getEntry(db: Db, actor: Actor, id: string): Promise<LearningEntryView> {
  return presentEntry(await readableEntry(db, actor, id), actor);
}

/** An entry of the actor's own that they may change now, locked for the change; else 404 or 409. */
async function ownOpenEntry(tx: Tx, actor: Actor, id: string): Promise<EntryRow> {
  const row = await findEntryRow(tx, id, true);
  if (!row || row.user_id !== actor.userId || row.merged_into_id || row.voided_at)
    throw new NotFoundError('No such learning entry.');
  if (row.credit_locked)
    throw new ConflictError(
      row.credit_status === 'approved'
        ? 'This entry is approved for credit; it can no longer change.'
        : 'This entry is waiting for approval; it can change once the approver has answered.',
    );
  return row;
}

/**
 * Records a change to an entry in the activity stream, as the person's. Its object type
 * `learning_entry` is private to the person (decision 051): no feed, search or LRS reader shows it.
 */
const recordEntryActivity = (
  tx: Tx,
  actor: Actor,
  verb: 'created' | 'updated' | 'deleted',
  entry: { id: string; title: string },
) => recordActivity(tx, { actor, verb, object: { type: 'learning_entry', id: entry.id, name: entry.title } });

/** When a date alone is given, noon UTC of that day: the same day wherever the person reads it. */
const occurredAtOf = (value: string) => (value.length === 10 ? `${value}T12:00:00Z` : value);

interface CheckedEvidence {
  type: EvidenceInput['type'];
  fileKey: string | null;
  filename: string | null;
  url: string | null;
  title: string;
  resourceId: string | null;
  threadId: string | null;
}

/**
 * The evidence checked: files the person uploaded, links, resources and threads they may see.
 * Evidence already on the entry is kept as it is. Any problem is a 400 naming
 * `/body/evidence/<index>/<field>`.
 */
async function checkEvidence(
  tx: Tx,
  actor: Actor,
  inputs: readonly EvidenceInput[],
  existing: readonly EvidenceRow[],
): Promise<CheckedEvidence[]> {
  const errors: FieldError[] = [];
  const keys = inputs.flatMap((e) => (e.type === 'file' ? [evidenceFileKey(e.fileId)] : []));
  const files = await ownFiles(tx, actor.userId, keys);
  const kept = new Map(existing.filter((e) => e.file_key).map((e) => [e.file_key, e]));
  const checked: CheckedEvidence[] = [];
  for (const [index, input] of inputs.entries()) {
    const path = `/body/evidence/${index}`;
    const base = { fileKey: null, filename: null, url: null, title: '', resourceId: null, threadId: null };
    if (input.type === 'file') {
      const key = evidenceFileKey(input.fileId);
      const before = kept.get(key);
      if (!files.has(key) && !before) {
        errors.push({ path: `${path}/fileId`, message: 'is not a file you uploaded' });
        continue;
      }
      checked.push({
        ...base,
        type: 'file',
        fileKey: key,
        filename: input.filename ? cleanFilename(input.filename) : (before?.filename ?? 'evidence'),
      });
    } else if (input.type === 'link') {
      checked.push({ ...base, type: 'link', url: input.url, title: input.title });
    } else if (input.type === 'resource') {
      const resource = await findVisibleResource(tx, actor, input.resourceId);
      if (!resource) errors.push({ path: `${path}/resourceId`, message: 'is not a resource you can see' });
      else checked.push({ ...base, type: 'resource', resourceId: resource.id, title: resource.title });
    } else {
      const thread = await readableThread(tx, actor, input.threadId).catch((error: unknown) => {
        if (error instanceof NotFoundError) return null;
        throw error;
      });
      if (!thread) errors.push({ path: `${path}/threadId`, message: 'is not a thread you can read' });
      else
        checked.push({
          ...base,
          type: 'thread',
          threadId: thread.thread.id,
          title: thread.thread.title,
        });
    }
  }
  if (errors.length) throw new InvalidError(errors[0].message, errors);
  return checked;
}

/** The competencies checked against the person's frameworks; a 400 naming the first that is not one. */
async function checkCompetencies(tx: Tx, actor: Actor, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  const known = await competenciesIn(tx, unique, frameworkOrgs(actor));
  const errors = unique.flatMap((id) =>
    known.has(id)
      ? []
      : [
          {
            path: `/body/competencyIds/${ids.indexOf(id)}`,
            message: "is not a competency of your district's frameworks",
          },
        ],
  );
  if (errors.length) throw new InvalidError(errors[0].message, errors);
  return unique;
}

/** A logged entry cannot be dated in the future (a draft may be: learning planned). */
function checkDate(status: string, occurredAt: string) {
  if (status !== 'logged') return;
  const tomorrow = Date.now() + 24 * 60 * 60 * 1000;
  if (new Date(occurredAt).getTime() > tomorrow)
    throw new InvalidError('must not be in the future', [
      { path: '/body/occurredAt', message: 'must not be in the future; save it as a draft to log it later' },
    ]);
}

/** Replaces an entry's evidence; returns the file keys no evidence names any more. */
async function writeEvidence(tx: Tx, entryId: string, evidence: CheckedEvidence[]): Promise<string[]> {
  const { rows: removed } = await tx.execute<{ file_key: string | null }>(
    sql`delete from learning_evidence where entry_id = ${entryId} returning file_key`,
  );
  for (const [position, e] of evidence.entries())
    await tx.execute(sql`
      insert into learning_evidence (id, entry_id, position, type, file_key, filename, url, title, resource_id, thread_id)
      values (${uuidv7()}, ${entryId}, ${position}, ${e.type}, ${e.fileKey}, ${e.filename}, ${e.url}, ${e.title},
              ${e.resourceId}, ${e.threadId})`);
  return dropUnusedFiles(
    tx,
    removed.flatMap((r) => (r.file_key ? [r.file_key] : [])),
  );
}

/** Deletes the files rows of evidence files no evidence names now; returns their keys, to remove after commit. */
async function dropUnusedFiles(tx: Tx, keys: string[]): Promise<string[]> {
  if (!keys.length) return [];
  const { rows } = await tx.execute<{ key: string }>(sql`
    delete from files f where f.key = any(${sql.param([...new Set(keys)])}::text[])
       and not exists (select 1 from learning_evidence v where v.file_key = f.key)
    returning f.key`);
  return rows.map((r) => r.key);
}

const removeFiles = async (storage: Storage, keys: string[]) => {
  for (const key of keys) await storage.delete(key).catch(() => {});
};

/** Logs learning by hand (or keeps a draft of it), with its competencies and evidence, in one transaction. */
export async function createEntry(
  db: Db,
  actor: Actor,
  body: LearningEntryInput,
): Promise<LearningEntryView> {
  const occurredAt = occurredAtOf(body.occurredAt);
  checkDate(body.status, occurredAt);
  const id = uuidv7();
  await db.transaction(async (tx) => {
    const competencyIds = await checkCompetencies(tx, actor, body.competencyIds);
    const evidence = await checkEvidence(tx, actor, body.evidence, []);
    await tx.execute(sql`
      insert into learning_entries (id, user_id, district_id, source, kind, title, occurred_at, duration_minutes,
                                    provider, link, will_try, practice_change, competency_ids, status)
      values (${id}, ${actor.userId}, ${actor.districtId}, 'self', ${body.kind}, ${body.title},
              ${occurredAt}::timestamptz, ${body.durationMinutes}, ${body.provider}, ${body.link},
              ${body.willTry}, ${body.practiceChange}, ${sql.param(competencyIds)}::uuid[], ${body.status})`);
    await writeEvidence(tx, id, evidence);
    await recordEntryActivity(tx, actor, 'created', { id, title: body.title });
  });
  return getEntry(db, actor, id);
}

/**
 * Changes an entry of the actor's: every field of a hand entry; the reflection, competencies and
 * evidence of one Trellis recorded or a tool reported (what happened stays as its source said). A
 * draft becomes logged by saving it with `status: logged`; a logged entry does not go back to draft.
 */
export async function updateEntry(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  id: string;
  body: UpdateLearningEntryInput;
}): Promise<LearningEntryView> {
  const { db, actor, body } = args;
  const removed = await db.transaction(async (tx) => {
    const row = await ownOpenEntry(tx, actor, args.id);
    const own = row.source === 'self';
    if (!own) {
      const fixed = (
        ['kind', 'title', 'occurredAt', 'durationMinutes', 'provider', 'link', 'status'] as const
      ).filter((field) => body[field] !== undefined);
      if (fixed.length)
        throw new InvalidError('cannot change on an entry its source recorded', [
          { path: `/body/${fixed[0]}`, message: 'cannot change on an entry its source recorded' },
        ]);
    }
    if (own && body.status === 'draft' && row.status === 'logged')
      throw new InvalidError('a logged entry cannot go back to draft', [
        { path: '/body/status', message: 'a logged entry cannot go back to draft' },
      ]);
    const status = body.status ?? row.status;
    const occurredAt = body.occurredAt ? occurredAtOf(body.occurredAt) : iso(row.occurred_at);
    if (own && (body.status || body.occurredAt)) checkDate(status, occurredAt);
    const competencyIds = body.competencyIds
      ? await checkCompetencies(tx, actor, body.competencyIds)
      : row.competency_ids;
    const evidence = body.evidence ? await checkEvidence(tx, actor, body.evidence, row.evidence) : null;
    await tx.execute(sql`
      update learning_entries set
        kind = ${body.kind ?? row.kind}, title = ${body.title ?? row.title},
        occurred_at = ${occurredAt}::timestamptz,
        duration_minutes = ${body.durationMinutes === undefined ? row.duration_minutes : body.durationMinutes},
        provider = ${body.provider ?? row.provider},
        link = ${body.link === undefined ? row.link : body.link},
        will_try = ${body.willTry ?? row.will_try}, practice_change = ${body.practiceChange ?? row.practice_change},
        competency_ids = ${sql.param(competencyIds)}::uuid[], status = ${status}, updated_at = now()
       where id = ${row.id}`);
    await recordEntryActivity(tx, actor, 'updated', { id: row.id, title: body.title ?? row.title });
    return evidence ? writeEvidence(tx, row.id, evidence) : [];
  });
  await removeFiles(args.storage, removed);
  return getEntry(db, actor, args.id);
}

/** Deletes a hand entry of the actor's with its evidence (its files too, once no evidence names them). */
export async function deleteEntry(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  id: string;
}): Promise<void> {
  const removed = await args.db.transaction(async (tx) => {
    const row = await ownOpenEntry(tx, args.actor, args.id);
    if (row.source !== 'self')
      throw new ConflictError(
        'Only entries you logged yourself can be deleted; this one its source recorded.',
      );
    // Entries merged into this one come back as they were.
    await tx.execute(sql`update learning_entries set merged_into_id = null where merged_into_id = ${row.id}`);
    const { rows } = await tx.execute<{ file_key: string | null }>(
      sql`delete from learning_evidence where entry_id = ${row.id} returning file_key`,
    );
    await tx.execute(sql`delete from learning_entries where id = ${row.id}`);
    await recordEntryActivity(tx, args.actor, 'deleted', row);
    return dropUnusedFiles(
      tx,
      rows.flatMap((r) => (r.file_key ? [r.file_key] : [])),
    );
  });
  await removeFiles(args.storage, removed);
}

/**
 * One activity, counted once: folds a hand entry (`entryId`) into the entry of the same activity a
 * tool reported or Trellis recorded (`id`). The recorded entry keeps counting, with what happened as
 * its source said (its duration, unless it had none: then the hand entry's, marked as such for credit);
 * it gains the hand entry's reflection where it had none, its competencies and its evidence. The hand
 * entry no longer shows nor counts.
 */
export async function mergeEntries(
  db: Db,
  actor: Actor,
  id: string,
  entryId: string,
): Promise<LearningEntryView> {
  if (id === entryId)
    throw new InvalidError('must be another entry', [
      { path: '/body/entryId', message: 'must be another entry' },
    ]);
  await db.transaction(async (tx) => {
    // Locked in id order, so two merges of the same pair cannot wait on each other.
    const [first, second] = [id, entryId].sort();
    const a = await ownOpenEntry(tx, actor, first);
    const b = await ownOpenEntry(tx, actor, second);
    const target = a.id === id ? a : b;
    const hand = a.id === id ? b : a;
    if (target.source === 'self')
      throw new InvalidError('can only be merged into an entry a tool reported or Trellis recorded', [
        { path: '/params/id', message: 'must be an entry a tool reported or Trellis recorded' },
      ]);
    if (hand.source !== 'self' || hand.status !== 'logged')
      throw new InvalidError('must be a logged entry you entered yourself', [
        { path: '/body/entryId', message: 'must be a logged entry you entered yourself' },
      ]);
    const competencyIds = [...new Set([...target.competency_ids, ...hand.competency_ids])].slice(
      0,
      COMPETENCIES_MAX,
    );
    await tx.execute(sql`
      update learning_entries set
        will_try = case when will_try = '' then ${hand.will_try} else will_try end,
        practice_change = case when practice_change = '' then ${hand.practice_change} else practice_change end,
        duration_minutes = coalesce(duration_minutes, ${hand.duration_minutes}::int),
        -- A duration the recorded entry takes from the hand entry stays the teacher's word (decision 059).
        duration_merged_from = case when duration_minutes is null and ${hand.duration_minutes}::int is not null
                                    then ${hand.id}::uuid else duration_merged_from end,
        link = coalesce(link, ${hand.link}),
        competency_ids = ${sql.param(competencyIds)}::uuid[], updated_at = now()
       where id = ${target.id}`);
    await tx.execute(sql`
      insert into learning_evidence (id, entry_id, position, type, file_key, filename, url, title, resource_id, thread_id)
      select gen_random_uuid(), ${target.id}, ${target.evidence.length} + v.position, v.type, v.file_key, v.filename,
             v.url, v.title, v.resource_id, v.thread_id
        from learning_evidence v where v.entry_id = ${hand.id}`);
    await tx.execute(
      sql`update learning_entries set merged_into_id = ${target.id}, updated_at = now() where id = ${hand.id}`,
    );
    await recordEntryActivity(tx, actor, 'updated', target);
  });
  return getEntry(db, actor, id);
}

/** Gives back a hand entry merged into a recorded one: it shows and counts again on its own. */
export async function unmergeEntry(
  db: Db,
  actor: Actor,
  id: string,
  entryId: string,
): Promise<LearningEntryView> {
  await db.transaction(async (tx) => {
    const row = await ownOpenEntry(tx, actor, id);
    const { rowCount } = await tx.execute(sql`
      update learning_entries set merged_into_id = null, updated_at = now()
       where id = ${entryId} and merged_into_id = ${id} and user_id = ${actor.userId}`);
    if (!rowCount) throw new NotFoundError('That entry is not merged into this one.');
    // The duration it lent goes back with it: the hand entry counts its own minutes again.
    await tx.execute(sql`
      update learning_entries set duration_minutes = null, duration_merged_from = null
       where id = ${id} and duration_merged_from = ${entryId}`);
    await recordEntryActivity(tx, actor, 'updated', row);
  });
  return getEntry(db, actor, id);
}

/**
 * Keeps a file of evidence the actor uploads, typed by its content (a PDF, an office document, an
 * image or plain text): anything else, too large or empty, is removed and refused. It becomes
 * evidence when an entry names it.
 */
export async function uploadEvidenceFile(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  stream: Readable & { truncated?: boolean };
  filename: string | undefined;
  declaredType: string;
  max: number;
}): Promise<EvidenceUploadResponse> {
  const fileId = uuidv7();
  const key = evidenceFileKey(fileId);
  return storeUpload({
    storage: args.storage,
    key,
    stream: args.stream,
    declaredType: args.declaredType,
    max: args.max,
    allowed: ATTACHMENT_TYPES,
    acceptsText: true,
    typeMessage:
      'must be a PDF, a Word, Excel or PowerPoint file, an image (PNG, JPEG, WebP, GIF) or plain text',
    record: async ({ contentType, byteSize }) => {
      await args.db.execute(sql`
        insert into files (key, owner_id, content_type, byte_size)
        values (${key}, ${args.actor.userId}, ${contentType}, ${byteSize})`);
      return { fileId, filename: cleanFilename(args.filename), contentType, byteSize };
    },
  });
}

/** A file of an entry's evidence, for its owner or their approver; inline only where it can be shown safely. */
export async function readEvidenceFile(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  entryId: string;
  evidenceId: string;
  inline: boolean;
}) {
  const entry = await readableEntry(args.db, args.actor, args.entryId);
  const evidence = entry.evidence.find((e) => e.id === args.evidenceId && e.type === 'file' && e.file_key);
  const missing = () => new NotFoundError('No such file.');
  if (!evidence?.file_key || !evidence.content_type) throw missing();
  const file = await args.storage.get(evidence.file_key);
  if (!file) throw missing();
  return {
    ...file,
    contentType: evidence.content_type,
    filename: evidence.filename ?? 'evidence',
    disposition:
      args.inline && isPreviewable(evidence.content_type) ? ('inline' as const) : ('attachment' as const),
  };
}
