import { z } from 'zod';
import { displayName, hasControlCharacters, line } from './common.ts';

/** The subjects a person may list; a fixed list so the directory can filter on them. */
export const SUBJECTS = [
  'Mathematics',
  'English Language Arts',
  'Science',
  'Social Studies',
  'Special Education',
  'English Learners',
  'Art',
  'Music',
  'Physical Education',
  'Computer Science',
  'Career and Technical Education',
  'World Languages',
] as const;
export const GRADE_BANDS = ['PK-2', '3-5', '6-8', '9-12'] as const;

export const Subject = z.enum(SUBJECTS);
export const GradeBand = z.enum(GRADE_BANDS);

/** Who may see a field: the person's district, the networks it belongs to, or anyone. */
export const Audience = z.enum(['district', 'network', 'public']);
export type Audience = z.infer<typeof Audience>;

/** The fields whose audience a person chooses. Name, role title, district and school always show inside the network. */
export const AUDIENCE_FIELDS = [
  'pronouns',
  'photo',
  'bio',
  'subjects',
  'gradeBands',
  'yearsInEducation',
  'expertise',
  'mentoring',
  'email',
] as const;
export type AudienceField = (typeof AUDIENCE_FIELDS)[number];

/**
 * Per-field audiences; a missing field means 'network'. `profile: 'public'` opens the profile to
 * people outside the network (signed-out visitors included); otherwise they get a 404.
 */
export const FieldVisibility = z.strictObject({
  profile: z.enum(['network', 'public']).optional(),
  pronouns: Audience.optional(),
  photo: Audience.optional(),
  bio: Audience.optional(),
  subjects: Audience.optional(),
  gradeBands: Audience.optional(),
  yearsInEducation: Audience.optional(),
  expertise: Audience.optional(),
  mentoring: Audience.optional(),
  email: Audience.optional(),
});
export type FieldVisibility = z.infer<typeof FieldVisibility>;

export const BIO_MAX = 2000;
export const EXPERTISE_MAX = 20;
export const EXPERTISE_TAG_MAX = 60;

/** Plain multi-line text: bounded, no control characters other than newlines and tabs. Shown escaped. */
const plainText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !hasControlCharacters(s), 'must not contain control characters');

/**
 * What a person edits on their own profile. Their schools are not among it: a school is an
 * assignment (the roster or a district admin; see school-membership.ts), so `schoolId` is refused
 * like any other unknown field.
 */
export const UpdateProfileBody = z.strictObject({
  name: displayName(120).optional(),
  pronouns: line(40).nullable().optional(),
  roleTitle: line(120).nullable().optional(),
  subjects: z.array(Subject).max(SUBJECTS.length).optional(),
  gradeBands: z.array(GradeBand).max(GRADE_BANDS.length).optional(),
  yearsInEducation: z
    .number()
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .max(60, 'must be at most 60')
    .nullable()
    .optional(),
  bio: plainText(BIO_MAX).nullable().optional(),
  expertise: z
    .array(line(EXPERTISE_TAG_MAX).pipe(z.string().min(1, 'must not be empty')))
    .max(EXPERTISE_MAX, `at most ${EXPERTISE_MAX} tags`)
    .optional(),
  openToMentoring: z.boolean().optional(),
  seekingMentor: z.boolean().optional(),
  fieldVisibility: FieldVisibility.optional(),
});
export type UpdateProfileBody = z.infer<typeof UpdateProfileBody>;

const Named = z.object({ id: z.uuid(), name: z.string() });

/**
 * A profile as one viewer may see it. A field that is absent is hidden from this viewer; null means
 * the person left it empty.
 */
export const ProfileView = z.object({
  id: z.uuid(),
  name: z.string(),
  roleTitle: z.string().nullable(),
  district: Named.nullable(),
  /** The main school. */
  school: Named.nullable(),
  /** Every school the person belongs to, main school first (inside the network, like `school`). */
  schools: z.array(Named).optional(),
  pronouns: z.string().nullable().optional(),
  /** Where to load the photo from, or null when there is none. */
  photoUrl: z.string().nullable().optional(),
  bio: z.string().nullable().optional(),
  subjects: z.array(z.string()).optional(),
  gradeBands: z.array(z.string()).optional(),
  yearsInEducation: z.number().nullable().optional(),
  expertise: z.array(z.string()).optional(),
  openToMentoring: z.boolean().optional(),
  seekingMentor: z.boolean().optional(),
  email: z.string().optional(),
});
export type ProfileView = z.infer<typeof ProfileView>;

export const ProfileResponse = z.object({
  data: ProfileView,
  abilities: z.object({ edit: z.boolean() }),
});

/** One's own profile: every field, and the audiences chosen for them (defaults filled in). */
export const OwnProfile = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  roleTitle: z.string().nullable(),
  district: Named,
  school: Named.nullable(),
  pronouns: z.string().nullable(),
  photoUrl: z.string().nullable(),
  bio: z.string().nullable(),
  subjects: z.array(z.string()),
  gradeBands: z.array(z.string()),
  yearsInEducation: z.number().nullable(),
  expertise: z.array(z.string()),
  openToMentoring: z.boolean(),
  seekingMentor: z.boolean(),
  fieldVisibility: z.object({
    profile: z.enum(['network', 'public']),
    pronouns: Audience,
    photo: Audience,
    bio: Audience,
    subjects: Audience,
    gradeBands: Audience,
    yearsInEducation: Audience,
    expertise: Audience,
    mentoring: Audience,
    email: Audience,
  }),
});
export type OwnProfile = z.infer<typeof OwnProfile>;

export const OwnProfileResponse = z.object({ data: OwnProfile });

export const DirectoryQuery = z.strictObject({
  q: line(200).optional(),
  subject: Subject.optional(),
  gradeBand: GradeBand.optional(),
  expertise: line(EXPERTISE_TAG_MAX).optional(),
  schoolId: z.uuid().optional(),
  districtId: z.uuid().optional(),
  mentoring: z.enum(['open', 'seeking']).optional(),
  /** People holding an active award of this micro-credential who agreed to be listed on it. */
  credentialId: z.uuid().optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type DirectoryQuery = z.infer<typeof DirectoryQuery>;

export const DirectoryResponse = z.object({
  data: z.array(ProfileView),
  nextCursor: z.string().nullable(),
});
export type DirectoryResponse = z.infer<typeof DirectoryResponse>;

export const DirectoryOptionsResponse = z.object({
  data: z.object({
    subjects: z.array(z.string()),
    gradeBands: z.array(z.string()),
    districts: z.array(Named.extend({ schools: z.array(Named) })),
  }),
});
export type DirectoryOptions = z.infer<typeof DirectoryOptionsResponse>['data'];

/** Fields a complete profile has; the home page asks for the missing ones. */
export const RECOMMENDED_FIELDS = [
  'photo',
  'roleTitle',
  'school',
  'subjects',
  'gradeBands',
  'yearsInEducation',
  'bio',
  'expertise',
] as const;
export type RecommendedField = (typeof RECOMMENDED_FIELDS)[number];

export const HomeResponse = z.object({
  data: z.object({
    person: z.object({ id: z.uuid(), name: z.string() }),
    district: Named,
    school: Named.nullable(),
    networks: z.array(Named),
    completeness: z.object({
      missing: z.array(z.enum(RECOMMENDED_FIELDS)),
      percent: z.number().int(),
    }),
    peopleLikeYou: z.array(ProfileView),
    counts: z.object({
      /** Active colleagues in one's own district, oneself excluded. */
      district: z.number().int(),
      /** Active colleagues in the other districts of one's networks. */
      network: z.number().int(),
    }),
  }),
});
export type Home = z.infer<typeof HomeResponse>['data'];
