import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import { recordAudit } from '#server/platform/audit.ts';
import type { Actor } from '#server/platform/auth.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import type { Storage } from '#server/platform/storage.ts';
import type {
  ObservationAbilities,
  ObservationNote,
  ObservationNoteBody,
  ObservationNotesResponse,
  ObservationPhoto,
  ObservationPhotoQuery,
  ObservationSetupResponse,
  ObserverAssignment,
  ObserverAssignmentsBody,
  ResearchLesson,
  ResearchLessonBody,
} from '#shared/contracts/inquiry-observation.ts';
import { planPointsToNotice } from '../plan/feature-parts.ts';
import { type CycleAccess, canContribute, canFacilitateCycle, cycleAccess } from '../policy.ts';
import { OBSERVED, RESEARCH_LESSON } from './learning.ts';
import { processObservationPhoto } from './photo.ts';
import * as q from './queries.ts';

/**
 * Teach and observe: the research lesson's time and place, who observes whom, and the observation
 * sheet's notes and photos. Notes and photos are the team's alone (the cycle's members and its
 * facilitator): a facilitator of the community who is not on the team arranges the lesson but does
 * not read them, and every reading of them is audited. They arrive under ids the observer's device
 * made, so the sheet's queue may send one again after a dropped connection and it is kept once.
 */

/** At most this many notes and photos are read for one lesson (a lesson has dozens). */
const NOTES_MAX = 1000;

const NOT_FOUND = 'There is no such lesson study.';

/** The viewer's part in a lesson study, or 404 (not theirs to see, or a PDSA cycle, which has no research lesson). */
async function lessonStudyAccess(tx: Tx, actor: Actor, cycleId: string): Promise<CycleAccess> {
  const access = await cycleAccess(tx, actor, cycleId);
  if (access?.kind !== 'lesson_study') throw new NotFoundError(NOT_FOUND);
  return access;
}

const onTeam = (access: CycleAccess) => access.role !== 'community_facilitator';

function abilitiesOf(access: CycleAccess): ObservationAbilities {
  return {
    arrange: canFacilitateCycle(access) && canContribute(access),
    observe: onTeam(access) && canContribute(access),
    readNotes: onTeam(access),
  };
}

function requireTeam(access: CycleAccess) {
  if (!onTeam(access))
    throw new ForbiddenError('Observation notes and photos are private to the team of the lesson study.');
}

function requireObserving(access: CycleAccess) {
  requireTeam(access);
  if (!canContribute(access))
    throw new ForbiddenError('This lesson study is completed; its notes are closed.');
}

function requireArranging(access: CycleAccess) {
  if (!canFacilitateCycle(access))
    throw new ForbiddenError('Only the facilitator sets the lesson’s time and place and assigns observers.');
  if (!canContribute(access)) throw new ForbiddenError('This lesson study is completed.');
}

const iso = (at: Date) => new Date(at).toISOString();

function presentLesson(row: q.LessonRow): ResearchLesson {
  return {
    startsAt: iso(row.starts_at),
    endsAt: row.ends_at ? iso(row.ends_at) : null,
    mode: row.mode,
    place: row.place,
    updatedAt: iso(row.updated_at),
  };
}

const presentAssignment = (row: q.AssignmentRow): ObserverAssignment => ({
  observer: { id: row.observer_id, name: row.observer_name },
  focusKind: row.focus_kind,
  focus: row.focus,
});

function presentPhoto(row: q.PhotoRow, actor: Actor): ObservationPhoto {
  return {
    id: row.id,
    noteId: row.note_id,
    author: { id: row.author_id, name: row.author_name },
    takenAt: iso(row.taken_at),
    width: row.width,
    height: row.height,
    byteSize: row.byte_size,
    mine: row.author_id === actor.userId,
  };
}

function presentNote(row: q.NoteRow, photos: ObservationPhoto[], actor: Actor): ObservationNote {
  return {
    id: row.id,
    author: { id: row.author_id, name: row.author_name },
    observedAt: iso(row.observed_at),
    body: row.body,
    focus: row.focus,
    pointsToNotice: row.points_to_notice,
    photos,
    mine: row.author_id === actor.userId,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/**
 * The plan's points to notice, which the sheet offers as tags: each line of the newest plan's
 * "points to notice" cells (without list marks), then any the team tagged notes with that the plan
 * no longer names.
 */
async function pointsToNotice(tx: Tx, cycleId: string): Promise<string[]> {
  const fromPlan = (await planPointsToNotice(tx, cycleId)).flatMap((point) =>
    point.text
      .split('\n')
      .map((text) =>
        text
          .replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '')
          .trim()
          .slice(0, 300),
      )
      .filter(Boolean),
  );
  const { rows } = await tx.execute<{ point: string }>(sql`
    select distinct unnest(points_to_notice) as point from inquiry_observation_notes where cycle_id = ${cycleId}
     order by point limit 50`);
  return [...new Set([...fromPlan, ...rows.map((row) => row.point)])];
}

/** The lesson's time and place, the observers' assignments and what the viewer observes. */
export async function getObservationSetup(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
}): Promise<ObservationSetupResponse> {
  const { db, actor, cycleId } = args;
  const access = await lessonStudyAccess(db, actor, cycleId);
  const [lesson, assignments, team, points, caseStudents] = await Promise.all([
    q.findLesson(db, cycleId),
    q.listAssignments(db, cycleId),
    q.teamOf(db, cycleId),
    pointsToNotice(db, cycleId),
    q.caseStudentsOf(db, cycleId),
  ]);
  const presented = assignments.map(presentAssignment);
  return {
    data: {
      cycleId,
      lesson: lesson ? presentLesson(lesson) : null,
      assignments: presented,
      team,
      pointsToNotice: points,
      caseStudents,
      myFocus: presented.filter((a) => a.observer.id === actor.userId),
    },
    abilities: abilitiesOf(access),
  };
}

const ONLINE_LINK = /^https:\/\/[^\s]+$/i;

/** Sets when and where the research lesson is taught (the facilitator). */
export async function setResearchLesson(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  body: ResearchLessonBody;
}): Promise<ResearchLesson> {
  const { db, actor, cycleId, body } = args;
  const startsAt = new Date(body.startsAt);
  const endsAt = body.endsAt ? new Date(body.endsAt) : null;
  if (endsAt && endsAt <= startsAt) throw invalidField('/body/endsAt', 'must be after the lesson starts');
  if (endsAt && endsAt.getTime() - startsAt.getTime() > 12 * 3600_000)
    throw invalidField('/body/endsAt', 'must be within 12 hours of the start');
  if (body.mode === 'online' && !ONLINE_LINK.test(body.place))
    throw invalidField('/body/place', 'must be the meeting’s link (https://…) for an online lesson');
  return db.transaction(async (tx) => {
    const access = await lessonStudyAccess(tx, actor, cycleId);
    requireArranging(access);
    const row = await q.upsertLesson(tx, {
      cycleId,
      startsAt,
      endsAt,
      mode: body.mode,
      place: body.place,
      by: actor.userId,
    });
    await recordActivity(tx, {
      actor,
      verb: 'updated',
      object: { type: RESEARCH_LESSON, id: cycleId },
      context: { communityId: access.communityId },
    });
    return presentLesson(row);
  });
}

/** Replaces who observes whom (the facilitator); every observer must be on the team. */
export async function setObserverAssignments(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  body: ObserverAssignmentsBody;
}): Promise<ObserverAssignment[]> {
  const { db, actor, cycleId, body } = args;
  return db.transaction(async (tx) => {
    const access = await lessonStudyAccess(tx, actor, cycleId);
    requireArranging(access);
    const team = new Set((await q.teamOf(tx, cycleId)).map((person) => person.id));
    body.assignments.forEach((assignment, i) => {
      if (!team.has(assignment.observerId))
        throw invalidField(`/body/assignments/${i}/observerId`, 'must be a member of the lesson study');
    });
    await q.replaceAssignments(tx, cycleId, body.assignments);
    await recordActivity(tx, {
      actor,
      verb: 'updated',
      object: { type: RESEARCH_LESSON, id: cycleId },
      context: { communityId: access.communityId },
    });
    return (await q.listAssignments(tx, cycleId)).map(presentAssignment);
  });
}

/** Records that the person observed the research lesson, the first time they note or photograph anything in it. */
async function recordObserving(tx: Tx, actor: Actor, access: CycleAccess) {
  if (await q.hasObserved(tx, access.cycleId, actor.userId)) return;
  const { rows } = await tx.execute<{ title: string }>(
    sql`select title from inquiry_cycles where id = ${access.cycleId}`,
  );
  await recordActivity(tx, {
    actor,
    verb: OBSERVED,
    object: { type: RESEARCH_LESSON, id: access.cycleId, name: rows[0]?.title },
    context: { communityId: access.communityId },
  });
}

const sameNote = (row: q.NoteRow, values: q.NoteValues) =>
  row.body === values.body &&
  (row.focus ?? null) === values.focus &&
  new Date(row.observed_at).getTime() === values.observedAt.getTime() &&
  row.points_to_notice.join('\u0000') === values.pointsToNotice.join('\u0000');

/**
 * Keeps a note under the id the observer's device made: the first send creates it (201), the same
 * words sent again change nothing, new words edit it. Another person's note, or one of another
 * cycle, under that id is a conflict.
 */
export async function saveObservationNote(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  noteId: string;
  body: ObservationNoteBody;
}): Promise<{ created: boolean; note: ObservationNote }> {
  const { db, actor, cycleId, noteId, body } = args;
  const values: q.NoteValues = {
    observedAt: new Date(body.observedAt),
    body: body.body,
    focus: body.focus?.trim() || null,
    pointsToNotice: [...new Set(body.pointsToNotice ?? [])],
  };
  return db.transaction(async (tx) => {
    const access = await lessonStudyAccess(tx, actor, cycleId);
    requireObserving(access);
    let created = false;
    const existing = await q.findNoteForUpdate(tx, noteId);
    if (existing) {
      if (existing.cycle_id !== cycleId || existing.author_id !== actor.userId)
        throw new ConflictError('Another note has this id; make a new id for this note.', [
          { path: '/params/noteId', message: 'is the id of another note' },
        ]);
      if (!sameNote(existing, values)) await q.updateNote(tx, noteId, values);
    } else {
      await recordObserving(tx, actor, access);
      created = await q.insertNote(tx, { ...values, id: noteId, cycleId, authorId: actor.userId });
    }
    const row = await q.findNote(tx, cycleId, noteId);
    if (!row || row.author_id !== actor.userId)
      throw new ConflictError('Another note has this id; make a new id for this note.', [
        { path: '/params/noteId', message: 'is the id of another note' },
      ]);
    const photos = (await q.listPhotos(tx, cycleId, NOTES_MAX))
      .filter((photo) => photo.note_id === noteId)
      .map((photo) => presentPhoto(photo, actor));
    return { created, note: presentNote(row, photos, actor) };
  });
}

/** Removes one's own note with its photos. */
export async function deleteObservationNote(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  cycleId: string;
  noteId: string;
}): Promise<void> {
  const { db, storage, actor, cycleId, noteId } = args;
  const keys = await db.transaction(async (tx) => {
    const access = await lessonStudyAccess(tx, actor, cycleId);
    requireObserving(access);
    const note = await q.findNote(tx, cycleId, noteId);
    if (!note) throw new NotFoundError('There is no such note.');
    if (note.author_id !== actor.userId) throw new ForbiddenError('Only its author may remove a note.');
    const removed = await q.deletePhotos(tx, { noteId });
    await q.deleteNote(tx, noteId);
    return removed;
  });
  await Promise.all(keys.map((key) => storage.delete(key).catch(() => {})));
}

/**
 * Keeps a photo of student work under the id the device made, re-encoded without its metadata. A
 * photo sent again under the same id is answered with the one kept (not stored twice).
 */
export async function saveObservationPhoto(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  cycleId: string;
  photoId: string;
  query: ObservationPhotoQuery;
  upload: Buffer;
}): Promise<{ created: boolean; photo: ObservationPhoto }> {
  const { db, storage, actor, cycleId, photoId, query } = args;
  const conflict = () =>
    new ConflictError('Another photo has this id; make a new id for this photo.', [
      { path: '/params/photoId', message: 'is the id of another photo' },
    ]);
  const access = await lessonStudyAccess(db, actor, cycleId);
  requireObserving(access);
  const earlier = await q.findPhoto(db, photoId);
  if (earlier) {
    if (earlier.cycle_id !== cycleId || earlier.author_id !== actor.userId) throw conflict();
    return { created: false, photo: presentPhoto(earlier, actor) };
  }
  const photo = await processObservationPhoto(args.upload);
  const key = `observations/${cycleId}/${photoId}.jpg`;
  await storage.put(key, photo.data);
  let keep = false;
  try {
    const created = await db.transaction(async (tx) => {
      requireObserving(await lessonStudyAccess(tx, actor, cycleId));
      if (query.noteId) {
        const note = await q.findNote(tx, cycleId, query.noteId);
        if (!note || note.author_id !== actor.userId)
          throw invalidField('/query/noteId', 'must be one of your notes in this lesson study');
      }
      await recordObserving(tx, actor, access);
      return q.insertPhoto(tx, {
        id: photoId,
        cycleId,
        authorId: actor.userId,
        noteId: query.noteId ?? null,
        storageKey: key,
        width: photo.width,
        height: photo.height,
        byteSize: photo.data.length,
        takenAt: new Date(query.takenAt),
      });
    });
    const row = await q.findPhoto(db, photoId);
    if (!row || row.cycle_id !== cycleId || row.author_id !== actor.userId) throw conflict();
    // Two sends of the same photo at once: the first one's row names the same key, so the file stays.
    keep = row.storage_key === key;
    return { created, photo: presentPhoto(row, actor) };
  } finally {
    if (!keep) await storage.delete(key).catch(() => {});
  }
}

/** Removes one's own photo. */
export async function deleteObservationPhoto(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  cycleId: string;
  photoId: string;
}): Promise<void> {
  const { db, storage, actor, cycleId, photoId } = args;
  const keys = await db.transaction(async (tx) => {
    const access = await lessonStudyAccess(tx, actor, cycleId);
    requireObserving(access);
    const photo = await q.findPhoto(tx, photoId);
    if (!photo || photo.cycle_id !== cycleId) throw new NotFoundError('There is no such photo.');
    if (photo.author_id !== actor.userId) throw new ForbiddenError('Only its author may remove a photo.');
    return q.deletePhotos(tx, { photoId });
  });
  await Promise.all(keys.map((key) => storage.delete(key).catch(() => {})));
}

/**
 * The team's notes in the order they were observed, each with its photos, and the photos of no
 * note: for the sheet and for the Reflect phase beside the plan. The reading is audited.
 */
export async function listObservationNotes(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
}): Promise<ObservationNotesResponse['data']> {
  const { db, actor, cycleId } = args;
  return db.transaction(async (tx) => {
    const access = await lessonStudyAccess(tx, actor, cycleId);
    requireTeam(access);
    const [notes, photos] = await Promise.all([
      q.listNotes(tx, cycleId, NOTES_MAX),
      q.listPhotos(tx, cycleId, NOTES_MAX),
    ]);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'observation_notes.read',
      target: { type: 'inquiry_cycle', id: cycleId },
      districtId: actor.districtId,
      details: { communityId: access.communityId, notes: notes.length, photos: photos.length },
    });
    const byNote = new Map<string, ObservationPhoto[]>();
    const loose: ObservationPhoto[] = [];
    for (const row of photos) {
      const photo = presentPhoto(row, actor);
      if (row.note_id) byNote.set(row.note_id, [...(byNote.get(row.note_id) ?? []), photo]);
      else loose.push(photo);
    }
    return {
      notes: notes.map((row) => presentNote(row, byNote.get(row.id) ?? [], actor)),
      loosePhotos: loose,
    };
  });
}

/** A photo's file for the team, its reading audited. */
export async function readObservationPhoto(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  cycleId: string;
  photoId: string;
}): Promise<{ stream: Readable; size: number; contentType: string }> {
  const { db, storage, actor, cycleId, photoId } = args;
  const photo = await db.transaction(async (tx) => {
    const access = await lessonStudyAccess(tx, actor, cycleId);
    requireTeam(access);
    const row = await q.findPhoto(tx, photoId);
    if (!row || row.cycle_id !== cycleId) throw new NotFoundError('There is no such photo.');
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'observation_photo.read',
      target: { type: 'observation_photo', id: photoId },
      districtId: actor.districtId,
      details: { communityId: access.communityId, cycleId },
    });
    return row;
  });
  const file = await storage.get(photo.storage_key);
  if (!file) throw new NotFoundError('The photo’s file is missing.');
  return { ...file, contentType: 'image/jpeg' };
}
