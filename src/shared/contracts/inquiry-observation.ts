import { z } from 'zod';
import { displayName, line, plainText } from './common.ts';

/**
 * Teach and observe, the lesson-study phase where the research lesson is taught and the team watches
 * the students: the lesson's time and place, who observes whom, and the observation sheet's notes and
 * photos of student work (private to the cycle's team).
 */

export const LESSON_MODES = ['in_person', 'online'] as const;
export type LessonMode = (typeof LESSON_MODES)[number];

/** What an observer watches: one case student (by pseudonym) or a group of students. */
export const OBSERVATION_FOCUS_KINDS = ['case_student', 'group'] as const;
export type ObservationFocusKind = (typeof OBSERVATION_FOCUS_KINDS)[number];

const Timestamp = z.iso.datetime({ offset: true });

/** A photo of student work is at most 15 MB as sent; it is re-encoded smaller. */
export const OBSERVATION_PHOTO_MAX_BYTES = 15 * 1024 * 1024;
/** The types the sheet's picker accepts: listing no HEIC makes an iPhone hand over a JPEG. */
export const OBSERVATION_PHOTO_ACCEPT = 'image/jpeg,image/png,image/webp';

export const CycleParams = z.strictObject({ id: z.uuid() });
export const NoteParams = z.strictObject({ id: z.uuid(), noteId: z.uuid() });
export const PhotoParams = z.strictObject({ id: z.uuid(), photoId: z.uuid() });

/** The research lesson's time and place, set by the facilitator. */
export const ResearchLessonBody = z.strictObject({
  startsAt: Timestamp,
  endsAt: Timestamp.nullable().optional(),
  mode: z.enum(LESSON_MODES),
  /** The school and room, or for an online lesson the meeting link. */
  place: displayName(300),
});
export type ResearchLessonBody = z.infer<typeof ResearchLessonBody>;

export const ResearchLesson = z.object({
  startsAt: Timestamp,
  endsAt: Timestamp.nullable(),
  mode: z.enum(LESSON_MODES),
  place: z.string(),
  updatedAt: Timestamp,
});
export type ResearchLesson = z.infer<typeof ResearchLesson>;

const Person = z.object({ id: z.string(), name: z.string() });

export const ObserverAssignmentInput = z.strictObject({
  observerId: z.uuid(),
  focusKind: z.enum(OBSERVATION_FOCUS_KINDS),
  /** The case student's pseudonym or the group's name: never a real student's name. */
  focus: displayName(80),
});

/** Who observes whom, replaced whole by the facilitator. */
export const ObserverAssignmentsBody = z.strictObject({
  assignments: z.array(ObserverAssignmentInput).max(60),
});
export type ObserverAssignmentsBody = z.infer<typeof ObserverAssignmentsBody>;

export const ObserverAssignment = z.object({
  observer: Person,
  focusKind: z.enum(OBSERVATION_FOCUS_KINDS),
  focus: z.string(),
});
export type ObserverAssignment = z.infer<typeof ObserverAssignment>;

export const ObservationAbilities = z.object({
  /** Set the lesson's time and place and assign observers (the cycle's facilitator). */
  arrange: z.boolean(),
  /** Write notes and take photos (the cycle's team). */
  observe: z.boolean(),
  /** Read the team's notes and photos (the cycle's team). */
  readNotes: z.boolean(),
});
export type ObservationAbilities = z.infer<typeof ObservationAbilities>;

export const ObservationSetup = z.object({
  cycleId: z.string(),
  lesson: ResearchLesson.nullable(),
  assignments: z.array(ObserverAssignment),
  /** The cycle's team, whom the facilitator may assign as observers. */
  team: z.array(Person),
  /** The plan's points to notice, which notes are tagged with. */
  pointsToNotice: z.array(z.string()),
  /** The plan's case students, by pseudonym, with what to watch for in each. */
  caseStudents: z.array(z.object({ pseudonym: z.string(), watchFor: z.string() })),
  /** What the signed-in person observes. */
  myFocus: z.array(ObserverAssignment),
});
export type ObservationSetup = z.infer<typeof ObservationSetup>;

export const ObservationSetupResponse = z.object({ data: ObservationSetup, abilities: ObservationAbilities });
export type ObservationSetupResponse = z.infer<typeof ObservationSetupResponse>;

/**
 * One note as the sheet sends it, under an id the device made: sending it again (a retry after the
 * connection dropped) changes nothing, and sending it with new words edits it.
 */
export const ObservationNoteBody = z.strictObject({
  /** When the observer saw it, by the device's clock. */
  observedAt: Timestamp,
  body: plainText(4000).pipe(z.string().min(1, 'must not be empty')),
  /** The case student or group it is about (a pseudonym or a group's name), if any. */
  focus: line(80).nullable().optional(),
  /** The plan's points to notice it bears on. */
  pointsToNotice: z
    .array(line(300).pipe(z.string().min(1, 'must not be empty')))
    .max(20)
    .default([]),
});
export type ObservationNoteBody = z.input<typeof ObservationNoteBody>;

export const ObservationPhoto = z.object({
  id: z.string(),
  noteId: z.string().nullable(),
  author: Person,
  takenAt: Timestamp,
  width: z.number(),
  height: z.number(),
  byteSize: z.number(),
  mine: z.boolean(),
});
export type ObservationPhoto = z.infer<typeof ObservationPhoto>;

export const ObservationNote = z.object({
  id: z.string(),
  author: Person,
  observedAt: Timestamp,
  body: z.string(),
  focus: z.string().nullable(),
  pointsToNotice: z.array(z.string()),
  photos: z.array(ObservationPhoto),
  mine: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ObservationNote = z.infer<typeof ObservationNote>;

export const ObservationNoteResponse = z.object({ data: ObservationNote });

/** Photos query: where and when the photo was taken (the file itself is the multipart field "photo"). */
export const ObservationPhotoQuery = z.strictObject({
  noteId: z.uuid().optional(),
  takenAt: Timestamp,
});
export type ObservationPhotoQuery = z.infer<typeof ObservationPhotoQuery>;

export const ObservationPhotoResponse = z.object({ data: ObservationPhoto });

/** The team's notes in the order they were observed, with the photos of each and those of none. */
export const ObservationNotesResponse = z.object({
  data: z.object({ notes: z.array(ObservationNote), loosePhotos: z.array(ObservationPhoto) }),
});
export type ObservationNotesResponse = z.infer<typeof ObservationNotesResponse>;
