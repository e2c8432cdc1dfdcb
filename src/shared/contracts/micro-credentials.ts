import { z } from 'zod';
import { RubricId, RubricSchema } from '../rubric.ts';
import { displayName, line, plainText } from './common.ts';

export const CREDENTIAL_TITLE_MAX = 160;
export const CREDENTIAL_SUMMARY_MAX = 300;
export const CREDENTIAL_DESCRIPTION_MAX = 5000;
export const CREDENTIAL_CRITERIA_MAX = 5000;
export const EVIDENCE_PROMPT_MAX = 1000;
export const EVIDENCE_PROMPTS_MAX = 12;
export const CREDENTIAL_COMPETENCIES_MAX = 20;
export const CREDENTIAL_ASSESSORS_MAX = 30;
export const STACK_MEMBERS_MAX = 12;
export const TEAM_SIZE_MAX = 8;
export const VALID_FOR_DAYS_MAX = 3650;
/** A badge image is small: a PNG or JPEG of at most 1 MB. */
export const BADGE_IMAGE_MAX_BYTES = 1024 * 1024;

export const CREDENTIAL_KINDS = ['micro', 'stack'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];
export const CREDENTIAL_STATUSES = ['draft', 'published', 'retired'] as const;
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number];

/** How an evidence prompt is answered. */
export const EVIDENCE_KINDS = ['reflection', 'file', 'link', 'video', 'resource', 'activity'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  reflection: 'A written reflection',
  file: 'A file',
  link: 'A link',
  video: 'A classroom video',
  resource: 'A resource shared in Trellis',
  activity: 'A completed activity in Trellis',
};

const title = displayName(CREDENTIAL_TITLE_MAX);

export const EvidencePromptInput = z.strictObject({
  /** Kept across edits so drafted answers stay with their prompt; given one when left out. */
  id: RubricId.optional(),
  kind: z.enum(EVIDENCE_KINDS),
  prompt: plainText(EVIDENCE_PROMPT_MAX).pipe(z.string().min(1, 'must not be empty')),
  required: z.boolean().default(true),
});
export type EvidencePromptInput = z.input<typeof EvidencePromptInput>;

export const EvidencePrompt = z.object({
  id: z.string(),
  kind: z.enum(EVIDENCE_KINDS),
  prompt: z.string(),
  required: z.boolean(),
});
export type EvidencePrompt = z.infer<typeof EvidencePrompt>;

export const AssessorInput = z.strictObject({ userId: z.uuid(), lead: z.boolean().default(false) });

/** The fields a definition has; create takes them whole, edit any of them. */
const definitionFields = {
  title,
  summary: line(CREDENTIAL_SUMMARY_MAX),
  description: plainText(CREDENTIAL_DESCRIPTION_MAX),
  /** How it is earned, in words (the Open Badges achievement's criteria). */
  criteria: plainText(CREDENTIAL_CRITERIA_MAX),
  competencyIds: z
    .array(z.uuid())
    .max(CREDENTIAL_COMPETENCIES_MAX, `must have at most ${CREDENTIAL_COMPETENCIES_MAX} competencies`),
  evidencePrompts: z
    .array(EvidencePromptInput)
    .max(EVIDENCE_PROMPTS_MAX, `must have at most ${EVIDENCE_PROMPTS_MAX} prompts`),
  /** Required for a micro-credential; a stack has none. */
  rubric: RubricSchema,
  maxTeamSize: z.number().int().min(1).max(TEAM_SIZE_MAX),
  secondAssessor: z.boolean(),
  /** Awards expire this many days after issue; null: never. */
  validForDays: z.number().int().min(1).max(VALID_FOR_DAYS_MAX).nullable(),
  assessors: z
    .array(AssessorInput)
    .max(CREDENTIAL_ASSESSORS_MAX, `must have at most ${CREDENTIAL_ASSESSORS_MAX} assessors`),
  /** A stack's micro-credentials, in order. */
  memberIds: z.array(z.uuid()).max(STACK_MEMBERS_MAX, `must have at most ${STACK_MEMBERS_MAX} members`),
};

export const CreateMicroCredentialBody = z.strictObject({
  issuerOrgId: z.uuid(),
  kind: z.enum(CREDENTIAL_KINDS).default('micro'),
  title: definitionFields.title,
  summary: definitionFields.summary.default(''),
  description: definitionFields.description.default(''),
  criteria: definitionFields.criteria.default(''),
  competencyIds: definitionFields.competencyIds.default([]),
  evidencePrompts: definitionFields.evidencePrompts.default([]),
  rubric: definitionFields.rubric.optional(),
  maxTeamSize: definitionFields.maxTeamSize.default(1),
  secondAssessor: definitionFields.secondAssessor.default(false),
  validForDays: definitionFields.validForDays.default(null),
  assessors: definitionFields.assessors.default([]),
  memberIds: definitionFields.memberIds.default([]),
});
export type CreateMicroCredentialBody = z.infer<typeof CreateMicroCredentialBody>;

/** Any of the definition's fields; the issuer and kind stay as created. */
export const UpdateMicroCredentialBody = z.strictObject({
  title: definitionFields.title.optional(),
  summary: definitionFields.summary.optional(),
  description: definitionFields.description.optional(),
  criteria: definitionFields.criteria.optional(),
  competencyIds: definitionFields.competencyIds.optional(),
  evidencePrompts: definitionFields.evidencePrompts.optional(),
  rubric: definitionFields.rubric.optional(),
  maxTeamSize: definitionFields.maxTeamSize.optional(),
  secondAssessor: definitionFields.secondAssessor.optional(),
  validForDays: definitionFields.validForDays.optional(),
  assessors: definitionFields.assessors.optional(),
  memberIds: definitionFields.memberIds.optional(),
});
export type UpdateMicroCredentialBody = z.infer<typeof UpdateMicroCredentialBody>;

export const MicroCredentialListQuery = z.strictObject({
  /** Words in the title or summary (full-text, English stemming). */
  q: line(200).optional(),
  issuerOrgId: z.uuid().optional(),
  competencyId: z.uuid().optional(),
  kind: z.enum(CREDENTIAL_KINDS).optional(),
  status: z.enum(CREDENTIAL_STATUSES).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type MicroCredentialListQuery = z.infer<typeof MicroCredentialListQuery>;

export const VersionParams = z.strictObject({ id: z.uuid(), version: z.coerce.number().int().min(1) });

const Named = z.object({ id: z.uuid(), name: z.string() });
export const IssuerView = Named.extend({ kind: z.enum(['district', 'network']) });
export type IssuerView = z.infer<typeof IssuerView>;

export const CompetencyRef = z.object({ id: z.uuid(), code: z.string(), statement: z.string() });
export type CompetencyRef = z.infer<typeof CompetencyRef>;
export const AlignedCompetency = CompetencyRef.extend({
  framework: z.object({ id: z.uuid(), title: z.string() }),
});
export type AlignedCompetency = z.infer<typeof AlignedCompetency>;

/** A micro-credential or stack in a list. */
export const MicroCredentialSummary = z.object({
  id: z.uuid(),
  kind: z.enum(CREDENTIAL_KINDS),
  status: z.enum(CREDENTIAL_STATUSES),
  title: z.string(),
  summary: z.string(),
  issuer: IssuerView,
  currentVersion: z.number().int(),
  /** Where to load the current version's badge image from, or null when it has none. */
  imageUrl: z.string().nullable(),
  competencies: z.array(CompetencyRef),
  /** Awards standing (not revoked). */
  earnedCount: z.number().int(),
  assessorCount: z.number().int(),
  updatedAt: z.string(),
});
export type MicroCredentialSummary = z.infer<typeof MicroCredentialSummary>;

/** One version of a definition, whole: what a submission started on is judged against. */
export const MicroCredentialVersion = z.object({
  credentialId: z.uuid(),
  kind: z.enum(CREDENTIAL_KINDS),
  version: z.number().int(),
  title: z.string(),
  description: z.string(),
  criteria: z.string(),
  imageUrl: z.string().nullable(),
  competencies: z.array(AlignedCompetency),
  evidencePrompts: z.array(EvidencePrompt),
  rubric: RubricSchema.nullable(),
  maxTeamSize: z.number().int(),
  secondAssessor: z.boolean(),
  validForDays: z.number().int().nullable(),
  createdAt: z.string(),
});
export type MicroCredentialVersion = z.infer<typeof MicroCredentialVersion>;

export const MicroCredentialDetail = MicroCredentialSummary.extend({
  /** The current version, whole. */
  current: MicroCredentialVersion,
  versions: z.array(z.object({ version: z.number().int(), title: z.string(), createdAt: z.string() })),
  assessors: z.array(Named.extend({ lead: z.boolean() })),
  /** A stack's micro-credentials, in order (those the viewer may see). */
  members: z.array(z.object({ id: z.uuid(), title: z.string(), status: z.enum(CREDENTIAL_STATUSES) })),
  /** The stacks this micro-credential is part of (those the viewer may see). */
  stacks: z.array(z.object({ id: z.uuid(), title: z.string() })),
  createdAt: z.string(),
  viewer: z.object({
    /** Edit, publish, retire, appoint assessors, award: the issuer's admins. */
    canManage: z.boolean(),
    isAssessor: z.boolean(),
  }),
});
export type MicroCredentialDetail = z.infer<typeof MicroCredentialDetail>;

export const MicroCredentialListResponse = z.object({
  data: z.array(MicroCredentialSummary),
  nextCursor: z.string().nullable(),
});
export type MicroCredentialListResponse = z.infer<typeof MicroCredentialListResponse>;

export const MicroCredentialResponse = z.object({ data: MicroCredentialDetail });
export type MicroCredentialResponse = z.infer<typeof MicroCredentialResponse>;

export const MicroCredentialVersionResponse = z.object({ data: MicroCredentialVersion });
export type MicroCredentialVersionResponse = z.infer<typeof MicroCredentialVersionResponse>;

/** What the list's filters and the definition form offer the viewer. */
export const MicroCredentialOptions = z.object({
  /** Issuers whose credentials the viewer may see (their district and its networks). */
  issuers: z.array(IssuerView),
  /** Issuers the viewer administers: where they may create credentials. */
  administers: z.array(IssuerView),
  /** Competencies that credentials the viewer may see are aligned to. */
  competencies: z.array(CompetencyRef),
});
export type MicroCredentialOptions = z.infer<typeof MicroCredentialOptions>;
export const MicroCredentialOptionsResponse = z.object({ data: MicroCredentialOptions });
export type MicroCredentialOptionsResponse = z.infer<typeof MicroCredentialOptionsResponse>;
