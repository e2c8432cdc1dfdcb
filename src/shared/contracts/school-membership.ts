import { z } from 'zod';
import { plainText } from './common.ts';

/**
 * The schools a person belongs to. A school is an assignment, never a profile choice: the roster
 * sets it for rostered staff (each import overrides changes made by hand), a district admin for
 * everyone else, and a person may ask for a change that a district admin approves or declines.
 * Itinerant staff belong to several schools; the first is their main school (shown on their
 * profile, and the school their activity is recorded under).
 */

export const SCHOOLS_PER_PERSON_MAX = 20;
export const SCHOOL_REQUEST_NOTE_MAX = 500;

const Named = z.object({ id: z.uuid(), name: z.string() });
const Timestamp = z.iso.datetime({ offset: true });

const SchoolIds = z
  .array(z.uuid())
  .max(SCHOOLS_PER_PERSON_MAX, `at most ${SCHOOLS_PER_PERSON_MAX} schools`)
  .refine((ids) => new Set(ids).size === ids.length, 'names a school twice');

/** A district admin assigns a person's schools; the first is the main school, none means district-wide. */
export const AssignSchoolsBody = z.strictObject({ schoolIds: SchoolIds });
export type AssignSchoolsBody = z.infer<typeof AssignSchoolsBody>;

export const PersonSchools = z.object({
  userId: z.uuid(),
  schools: z.array(Named),
  /** The roster sets this person's schools: the next import replaces changes made by hand. */
  rostered: z.boolean(),
});
export type PersonSchools = z.infer<typeof PersonSchools>;
export const PersonSchoolsResponse = z.object({ data: PersonSchools });

/** A person asks to belong to these schools (the first their main one; none: district-wide). */
export const SchoolChangeRequestBody = z.strictObject({
  schoolIds: SchoolIds,
  note: plainText(SCHOOL_REQUEST_NOTE_MAX).optional(),
});
export type SchoolChangeRequestBody = z.infer<typeof SchoolChangeRequestBody>;

export const SCHOOL_REQUEST_STATUSES = ['pending', 'approved', 'declined', 'withdrawn'] as const;

export const SchoolChangeRequest = z.object({
  id: z.uuid(),
  person: Named,
  /** The schools asked for. */
  schools: z.array(Named),
  /** The schools the person belongs to now. */
  currentSchools: z.array(Named),
  note: z.string().nullable(),
  status: z.enum(SCHOOL_REQUEST_STATUSES),
  createdAt: Timestamp,
  decidedAt: Timestamp.nullable(),
});
export type SchoolChangeRequest = z.infer<typeof SchoolChangeRequest>;
export const SchoolChangeRequestResponse = z.object({ data: SchoolChangeRequest });
export const SchoolChangeRequestListResponse = z.object({ data: z.array(SchoolChangeRequest) });

/** One's own schools, whether the roster sets them, and one's latest request for a change. */
export const OwnSchools = z.object({
  schools: z.array(Named),
  rostered: z.boolean(),
  request: SchoolChangeRequest.nullable(),
});
export type OwnSchools = z.infer<typeof OwnSchools>;
export const OwnSchoolsResponse = z.object({ data: OwnSchools });
