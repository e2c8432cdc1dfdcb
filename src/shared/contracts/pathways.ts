import { z } from 'zod';
import { displayName, line, plainText } from './common.ts';

/**
 * Career pathways and leadership opportunities (issue 18, decisions 085-087): ladders of roles a
 * district or network defines, each role's requirements checked from what Trellis records, the
 * opportunities principals and district staff post, applications, the roles people hold, and the
 * stipends a district pays for them.
 */

/**
 * What a requirement asks for: a credential held (not expired, not revoked); hours in the learning
 * log, of a kind or competency, within a window; years of experience (from the roster or confirmed by
 * an administrator); roles held; or something an administrator confirms by hand (an interview).
 */
export const REQUIREMENT_KINDS = [
  'credential',
  'learning_hours',
  'experience',
  'role_held',
  'manual',
] as const;
export type RequirementKind = (typeof REQUIREMENT_KINDS)[number];

/**
 * Roles held that a requirement counts: a community facilitated, a lesson study led, a mentorship as
 * mentor, a given role of a ladder, or any leadership role accepted through Trellis.
 */
export const HELD_ROLE_KINDS = [
  'community_facilitator',
  'lesson_study_lead',
  'mentor',
  'pathway_role',
  'leadership_role',
] as const;
export type HeldRoleKind = (typeof HELD_ROLE_KINDS)[number];

export const HELD_ROLE_LABELS: Record<HeldRoleKind, string> = {
  community_facilitator: 'Facilitated a community',
  lesson_study_lead: 'Led a lesson study',
  mentor: 'Mentored a colleague',
  pathway_role: 'Held the role',
  leadership_role: 'Held a leadership role',
};

/** Where a person stands on one requirement. */
export const STANDINGS = ['met', 'in_progress', 'not_started'] as const;
export type Standing = (typeof STANDINGS)[number];

export const OPPORTUNITY_KINDS = [
  'lead_plc',
  'mentor',
  'edcamp_session',
  'curriculum_team',
  'host_observations',
  'other',
] as const;
export type OpportunityKind = (typeof OPPORTUNITY_KINDS)[number];

export const OPPORTUNITY_KIND_LABELS: Record<OpportunityKind, string> = {
  lead_plc: 'Lead a PLC',
  mentor: 'Mentor a new teacher',
  edcamp_session: 'Facilitate an edcamp session',
  curriculum_team: 'Join a curriculum team',
  host_observations: 'Host observations',
  other: 'Other',
};

export const APPLICATION_STATUSES = [
  'submitted',
  'shortlisted',
  'accepted',
  'declined',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const EXPERIENCE_SOURCES = ['roster', 'administrator'] as const;

const Day = z.iso.date();
const Cents = z.number().int().min(0).max(100_000_000);

// ─── Requirements ────────────────────────────────────────────────────────────────────────────────

export const RequirementInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('credential'), credentialId: z.uuid(), label: line(200).optional() }),
  z.strictObject({
    kind: z.literal('learning_hours'),
    hours: z.number().positive().max(10_000),
    learningKind: line(80).min(1).optional(),
    competencyId: z.uuid().optional(),
    /** Only hours of the last so many months count; all of them when absent. */
    windowMonths: z.number().int().min(1).max(240).optional(),
    label: line(200).optional(),
  }),
  z.strictObject({
    kind: z.literal('experience'),
    years: z.number().positive().max(60),
    label: line(200).optional(),
  }),
  z.strictObject({
    kind: z.literal('role_held'),
    roleKind: z.enum(HELD_ROLE_KINDS),
    /** For `pathway_role`: which role of a ladder. */
    heldRoleId: z.uuid().optional(),
    count: z.number().int().min(1).max(100).default(1),
    label: line(200).optional(),
  }),
  z.strictObject({ kind: z.literal('manual'), label: displayName(200) }),
]);
export type RequirementInput = z.input<typeof RequirementInput>;

/** A requirement with where the person stands on it, and what would meet it. */
export const RequirementStatus = z.object({
  id: z.string(),
  kind: z.enum(REQUIREMENT_KINDS),
  /** What it asks, as people read it: `Holds “Culturally responsive teaching”`, `20 hours of coaching in 12 months`. */
  label: z.string(),
  standing: z.enum(STANDINGS),
  /** What is missing, as people read it (`8 more hours`), or empty when met. */
  missing: z.string(),
  /** How far along, 0 to 1. */
  progress: z.number(),
  /** Where the next step is (the credential, the learning log, opportunities), or null when nothing in Trellis meets it. */
  link: z.string().nullable(),
});
export type RequirementStatus = z.infer<typeof RequirementStatus>;

// ─── Ladders ─────────────────────────────────────────────────────────────────────────────────────

export const RoleInput = z.strictObject({
  title: displayName(200),
  description: plainText(4000).default(''),
  stipendCents: Cents.nullable().default(null),
  releaseTime: line(200).default(''),
  termMonths: z.number().int().min(1).max(120).nullable().default(null),
  payCode: line(40).default(''),
  /** A credential its issuer may award when someone completes the role. */
  credentialId: z.uuid().nullable().default(null),
  requirements: z.array(RequirementInput).max(20).default([]),
});

export const LadderBody = z.strictObject({
  /** The district or network the ladder belongs to. */
  ownerOrgId: z.uuid(),
  title: displayName(200),
  description: plainText(4000).default(''),
  roles: z.array(RoleInput).min(1).max(12),
});
export type LadderBody = z.input<typeof LadderBody>;

export const RoleView = z.object({
  id: z.string(),
  position: z.number(),
  title: z.string(),
  description: z.string(),
  stipendCents: z.number().nullable(),
  releaseTime: z.string(),
  termMonths: z.number().nullable(),
  payCode: z.string(),
  credentialId: z.string().nullable(),
  /** Whether the person meets every requirement; true for a role that asks nothing. */
  met: z.boolean(),
  /** Whether the person holds the role now. */
  held: z.boolean(),
  requirements: z.array(RequirementStatus),
});
export type RoleView = z.infer<typeof RoleView>;

export const NextStep = z.object({
  roleId: z.string(),
  roleTitle: z.string(),
  requirementId: z.string().nullable(),
  /** The step as people read it: `Earn “Coaching foundations”`. */
  text: z.string(),
  link: z.string().nullable(),
});

export const LadderView = z.object({
  id: z.string(),
  ownerOrgId: z.string(),
  ownerName: z.string(),
  title: z.string(),
  description: z.string(),
  roles: z.array(RoleView),
  nextStep: NextStep.nullable(),
});
export type LadderView = z.infer<typeof LadderView>;

export const HoldingView = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  schoolName: z.string().nullable(),
  districtName: z.string(),
  title: z.string(),
  roleId: z.string().nullable(),
  opportunityId: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  completedAt: z.string().nullable(),
  stipendCents: z.number().nullable(),
});
export type HoldingView = z.infer<typeof HoldingView>;

export const PathwaysResponse = z.object({
  data: z.object({ ladders: z.array(LadderView), holdings: z.array(HoldingView) }),
  abilities: z.object({ defineLadders: z.boolean(), postOpportunities: z.boolean() }),
});
export type PathwaysResponse = z.infer<typeof PathwaysResponse>;

export const LadderResponse = z.object({ data: LadderView });

// ─── Confirmations by an administrator ───────────────────────────────────────────────────────────

export const ExperienceBody = z.strictObject({
  years: z.number().min(0).max(60),
  asOf: Day,
  source: z.enum(EXPERIENCE_SOURCES).default('administrator'),
});
export const ConfirmBody = z.strictObject({ note: plainText(1000).default('') });

// ─── Opportunities ───────────────────────────────────────────────────────────────────────────────

export const OpportunityBody = z
  .strictObject({
    /** A school of the district, for a principal's post; the district's otherwise. */
    schoolId: z.uuid().nullable().default(null),
    /** The ladder role it fills: holding it counts toward that ladder. */
    roleId: z.uuid().nullable().default(null),
    kind: z.enum(OPPORTUNITY_KINDS),
    title: displayName(200),
    description: plainText(4000).default(''),
    timeCommitment: line(200).default(''),
    stipendCents: Cents.nullable().default(null),
    payCode: line(40).default(''),
    startsOn: Day,
    endsOn: Day,
    closesOn: Day,
    requirements: z.array(RequirementInput).max(20).default([]),
  })
  .superRefine((b, ctx) => {
    if (b.endsOn < b.startsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'must not be before the start' });
  });
export type OpportunityBody = z.input<typeof OpportunityBody>;

export const OpportunityView = z.object({
  id: z.string(),
  districtId: z.string(),
  schoolId: z.string().nullable(),
  schoolName: z.string().nullable(),
  roleId: z.string().nullable(),
  kind: z.enum(OPPORTUNITY_KINDS),
  title: z.string(),
  description: z.string(),
  timeCommitment: z.string(),
  stipendCents: z.number().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  closesOn: z.string(),
  /** Closed early by whoever posted it or a district administrator, or open (until its closing date). */
  status: z.enum(['open', 'closed']),
  /** Taking applications: open and its closing date not passed. */
  open: z.boolean(),
  postedByName: z.string().nullable(),
  /** Where the viewer stands on each requirement. */
  requirements: z.array(RequirementStatus),
  eligible: z.boolean(),
  /** The viewer's own application, if any. */
  myApplication: z.object({ id: z.string(), status: z.enum(APPLICATION_STATUSES) }).nullable(),
  /** close: may close it early or reopen it before its closing date. */
  abilities: z.object({ apply: z.boolean(), review: z.boolean(), close: z.boolean() }),
});
export type OpportunityView = z.infer<typeof OpportunityView>;

/** Closing an opportunity early, or reopening it before its closing date. */
export const OpportunityStatusBody = z.strictObject({ status: z.enum(['open', 'closed']) });

export const OpportunityResponse = z.object({ data: OpportunityView });
export const OpportunityListResponse = z.object({
  data: z.array(OpportunityView),
  abilities: z.object({ post: z.boolean() }),
});
export type OpportunityListResponse = z.infer<typeof OpportunityListResponse>;

export const ApplyBody = z.strictObject({
  statement: plainText(4000).pipe(z.string().min(1, 'must not be empty')),
  /** Whether reviewers see where the applicant stands on the requirements. */
  shareStanding: z.boolean().default(false),
});

export const ApplicationView = z.object({
  id: z.string(),
  opportunityId: z.string(),
  applicantId: z.string(),
  applicantName: z.string(),
  statement: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  createdAt: z.string(),
  /** Only when the applicant chose to share it. */
  standing: z.array(RequirementStatus).nullable(),
});
export type ApplicationView = z.infer<typeof ApplicationView>;
export const ApplicationResponse = z.object({ data: ApplicationView });
export const ApplicationListResponse = z.object({ data: z.array(ApplicationView) });

export const DecisionBody = z.strictObject({ status: z.enum(['shortlisted', 'accepted', 'declined']) });

export const CompleteHoldingBody = z.strictObject({
  /** Award the role's credential, by its issuer under its rules. */
  recognise: z.boolean().default(false),
});
export const HoldingResponse = z.object({ data: HoldingView.extend({ awardJobId: z.string().nullable() }) });

export const LeadersQuery = z.strictObject({ schoolId: z.uuid().optional() });
export const LeadersResponse = z.object({ data: z.array(HoldingView) });

// ─── Stipends ────────────────────────────────────────────────────────────────────────────────────

export const PaySettingsBody = z.strictObject({
  rolePayCode: line(40),
  mentoringPayCode: line(40),
  mentoringHourlyCents: Cents,
});
export const PaySettingsResponse = z.object({
  data: z.object({ rolePayCode: z.string(), mentoringPayCode: z.string(), mentoringHourlyCents: z.number() }),
});
export const StipendQuery = z
  .strictObject({ from: Day, to: Day })
  .refine((q) => q.to >= q.from, { path: ['to'], message: 'must not be before from' });
