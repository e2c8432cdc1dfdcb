/**
 * All SQL of Teach and observe. Every function takes a cycle id its caller has already checked with
 * `cycleAccess`: the notes and photos it reads are that cycle's, and only the team's calls reach them.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { LessonMode, ObservationFocusKind } from '#shared/contracts/inquiry-observation.ts';

export type LessonRow = {
  starts_at: Date;
  ends_at: Date | null;
  mode: LessonMode;
  place: string;
  updated_at: Date;
};

export async function findLesson(tx: Tx, cycleId: string): Promise<LessonRow | null> {
  const { rows } = await tx.execute<LessonRow>(sql`
    select starts_at, ends_at, mode, place, updated_at from inquiry_research_lessons where cycle_id = ${cycleId}`);
  return rows[0] ?? null;
}

export async function upsertLesson(
  tx: Tx,
  args: { cycleId: string; startsAt: Date; endsAt: Date | null; mode: LessonMode; place: string; by: string },
): Promise<LessonRow> {
  const { rows } = await tx.execute<LessonRow>(sql`
    insert into inquiry_research_lessons (cycle_id, starts_at, ends_at, mode, place, updated_by, updated_at)
    values (${args.cycleId}, ${args.startsAt}, ${args.endsAt}, ${args.mode}, ${args.place}, ${args.by}, now())
    on conflict (cycle_id) do update set starts_at = excluded.starts_at, ends_at = excluded.ends_at,
      mode = excluded.mode, place = excluded.place, updated_by = excluded.updated_by, updated_at = now()
    returning starts_at, ends_at, mode, place, updated_at`);
  return rows[0];
}

export type PersonRow = {
  id: string;
  name: string;
};

/** The cycle's team (its members, the facilitator among them), by name. */
export async function teamOf(tx: Tx, cycleId: string): Promise<PersonRow[]> {
  const { rows } = await tx.execute<PersonRow>(sql`
    select u.id, u.name from inquiry_cycle_members m join users u on u.id = m.user_id
     where m.cycle_id = ${cycleId}
    union
    select u.id, u.name from inquiry_cycles c join users u on u.id = c.facilitator_id where c.id = ${cycleId}
     order by name, id`);
  return rows;
}

/** The plan's case students, by pseudonym, in the order the team added them. */
export async function caseStudentsOf(
  tx: Tx,
  cycleId: string,
): Promise<{ pseudonym: string; watchFor: string }[]> {
  const { rows } = await tx.execute<{ pseudonym: string; watch_for: string }>(sql`
    select pseudonym, watch_for from inquiry_case_students where cycle_id = ${cycleId} order by created_at, id`);
  return rows.map((row) => ({ pseudonym: row.pseudonym, watchFor: row.watch_for }));
}

export type AssignmentRow = {
  observer_id: string;
  observer_name: string;
  focus_kind: ObservationFocusKind;
  focus: string;
};

export async function listAssignments(tx: Tx, cycleId: string): Promise<AssignmentRow[]> {
  const { rows } = await tx.execute<AssignmentRow>(sql`
    select a.observer_id, u.name as observer_name, a.focus_kind, a.focus
      from inquiry_observer_assignments a join users u on u.id = a.observer_id
     where a.cycle_id = ${cycleId}
     order by a.focus_kind, a.focus, u.name, a.id`);
  return rows;
}

export async function replaceAssignments(
  tx: Tx,
  cycleId: string,
  assignments: { observerId: string; focusKind: ObservationFocusKind; focus: string }[],
): Promise<void> {
  await tx.execute(sql`delete from inquiry_observer_assignments where cycle_id = ${cycleId}`);
  if (assignments.length === 0) return;
  await tx.execute(sql`
    insert into inquiry_observer_assignments (id, cycle_id, observer_id, focus_kind, focus)
    select gen_random_uuid(), ${cycleId}, a.observer_id, a.focus_kind, a.focus
      from unnest(${sql.param(assignments.map((a) => a.observerId))}::uuid[],
                  ${sql.param(assignments.map((a) => a.focusKind))}::text[],
                  ${sql.param(assignments.map((a) => a.focus))}::text[]) as a(observer_id, focus_kind, focus)
    on conflict do nothing`);
}

export type NoteRow = {
  id: string;
  cycle_id: string;
  author_id: string;
  author_name: string;
  observed_at: Date;
  body: string;
  focus: string | null;
  points_to_notice: string[];
  created_at: Date;
  updated_at: Date;
};

const noteColumns = sql`n.id, n.cycle_id, n.author_id, u.name as author_name, n.observed_at, n.body, n.focus,
  n.points_to_notice, n.created_at, n.updated_at`;

/** A note by its id, in whatever cycle it is (the caller compares), locked for the change it is about to make. */
export async function findNoteForUpdate(tx: Tx, noteId: string): Promise<NoteRow | null> {
  const { rows } = await tx.execute<NoteRow>(sql`
    select ${noteColumns} from inquiry_observation_notes n join users u on u.id = n.author_id
     where n.id = ${noteId} for update of n`);
  return rows[0] ?? null;
}

export async function findNote(tx: Tx, cycleId: string, noteId: string): Promise<NoteRow | null> {
  const { rows } = await tx.execute<NoteRow>(sql`
    select ${noteColumns} from inquiry_observation_notes n join users u on u.id = n.author_id
     where n.id = ${noteId} and n.cycle_id = ${cycleId}`);
  return rows[0] ?? null;
}

export type NoteValues = {
  observedAt: Date;
  body: string;
  focus: string | null;
  pointsToNotice: string[];
};

/** Inserts the note unless its id is already taken (a retry racing the first send); true when inserted. */
export async function insertNote(
  tx: Tx,
  args: NoteValues & { id: string; cycleId: string; authorId: string },
): Promise<boolean> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    insert into inquiry_observation_notes (id, cycle_id, author_id, observed_at, body, focus, points_to_notice)
    values (${args.id}, ${args.cycleId}, ${args.authorId}, ${args.observedAt}, ${args.body}, ${args.focus},
            ${sql.param(args.pointsToNotice)}::text[])
    on conflict (id) do nothing
    returning id`);
  return rows.length > 0;
}

export async function updateNote(tx: Tx, noteId: string, values: NoteValues): Promise<void> {
  await tx.execute(sql`
    update inquiry_observation_notes
       set observed_at = ${values.observedAt}, body = ${values.body}, focus = ${values.focus},
           points_to_notice = ${sql.param(values.pointsToNotice)}::text[], updated_at = now()
     where id = ${noteId}`);
}

export async function deleteNote(tx: Tx, noteId: string): Promise<void> {
  await tx.execute(sql`delete from inquiry_observation_notes where id = ${noteId}`);
}

/** Whether the person has observed in the cycle before (a note of theirs there). */
export async function hasObserved(tx: Tx, cycleId: string, authorId: string): Promise<boolean> {
  const { rows } = await tx.execute<{ found: boolean }>(sql`
    select exists (select 1 from inquiry_observation_notes where cycle_id = ${cycleId} and author_id = ${authorId})
      or exists (select 1 from inquiry_observation_photos where cycle_id = ${cycleId} and author_id = ${authorId})
      as found`);
  return rows[0]?.found ?? false;
}

export async function listNotes(tx: Tx, cycleId: string, limit: number): Promise<NoteRow[]> {
  const { rows } = await tx.execute<NoteRow>(sql`
    select ${noteColumns} from inquiry_observation_notes n join users u on u.id = n.author_id
     where n.cycle_id = ${cycleId}
     order by n.observed_at, n.id
     limit ${limit}`);
  return rows;
}

export type PhotoRow = {
  id: string;
  cycle_id: string;
  author_id: string;
  author_name: string;
  note_id: string | null;
  storage_key: string;
  width: number;
  height: number;
  byte_size: number;
  taken_at: Date;
};

const photoColumns = sql`p.id, p.cycle_id, p.author_id, u.name as author_name, p.note_id, p.storage_key, p.width,
  p.height, p.byte_size, p.taken_at`;

/** A photo by its id, in whatever cycle it is. */
export async function findPhoto(tx: Tx, photoId: string): Promise<PhotoRow | null> {
  const { rows } = await tx.execute<PhotoRow>(sql`
    select ${photoColumns} from inquiry_observation_photos p join users u on u.id = p.author_id
     where p.id = ${photoId}`);
  return rows[0] ?? null;
}

export async function insertPhoto(
  tx: Tx,
  args: {
    id: string;
    cycleId: string;
    authorId: string;
    noteId: string | null;
    storageKey: string;
    width: number;
    height: number;
    byteSize: number;
    takenAt: Date;
  },
): Promise<boolean> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    insert into inquiry_observation_photos (id, cycle_id, author_id, note_id, storage_key, width, height, byte_size, taken_at)
    values (${args.id}, ${args.cycleId}, ${args.authorId}, ${args.noteId}, ${args.storageKey}, ${args.width},
            ${args.height}, ${args.byteSize}, ${args.takenAt})
    on conflict (id) do nothing
    returning id`);
  return rows.length > 0;
}

export async function listPhotos(tx: Tx, cycleId: string, limit: number): Promise<PhotoRow[]> {
  const { rows } = await tx.execute<PhotoRow>(sql`
    select ${photoColumns} from inquiry_observation_photos p join users u on u.id = p.author_id
     where p.cycle_id = ${cycleId}
     order by p.taken_at, p.id
     limit ${limit}`);
  return rows;
}

/** Deletes the photos (of a note, or one by id) and returns their storage keys, to remove after commit. */
export async function deletePhotos(
  tx: Tx,
  where: { noteId: string } | { photoId: string },
): Promise<string[]> {
  const condition = 'noteId' in where ? sql`note_id = ${where.noteId}` : sql`id = ${where.photoId}`;
  const { rows } = await tx.execute<{ storage_key: string }>(sql`
    delete from inquiry_observation_photos where ${condition} returning storage_key`);
  return rows.map((row) => row.storage_key);
}
