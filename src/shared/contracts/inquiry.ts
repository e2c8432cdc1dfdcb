import { z } from 'zod';
import { displayName, line, plainText } from './common.ts';
import { Subject } from './profiles.ts';

/** Inquiry cycles: lesson study and PDSA, each moving through its phases (issue 15, decision 060). */
export const CYCLE_KINDS = ['lesson_study', 'pdsa'] as const;
export const CycleKind = z.enum(CYCLE_KINDS);
export type CycleKind = z.infer<typeof CycleKind>;

export const CYCLE_KIND_LABELS: Record<CycleKind, string> = {
  lesson_study: 'Lesson study',
  pdsa: 'PDSA cycle',
};

export const CYCLE_STATUSES = ['active', 'completed'] as const;
export const CycleStatus = z.enum(CYCLE_STATUSES);
export type CycleStatus = z.infer<typeof CycleStatus>;

/** A person's part in a cycle: the facilitator (one per cycle) or a member of the team. */
export const CYCLE_ROLES = ['facilitator', 'member'] as const;
export const CycleRole = z.enum(CYCLE_ROLES);
export type CycleRole = z.infer<typeof CycleRole>;

/** The phases of each kind, in order. A network's template may rename them and change their length. */
export const LESSON_STUDY_PHASES = ['study', 'plan', 'teach', 'reflect', 'revise'] as const;
export const PDSA_PHASES = ['plan', 'do', 'study', 'act'] as const;
export const PHASE_KEYS = ['study', 'plan', 'teach', 'reflect', 'revise', 'do', 'act'] as const;
export const PhaseKey = z.enum(PHASE_KEYS);
export type PhaseKey = z.infer<typeof PhaseKey>;

export const PHASES_OF_KIND: Record<CycleKind, readonly PhaseKey[]> = {
  lesson_study: LESSON_STUDY_PHASES,
  pdsa: PDSA_PHASES,
};

/** The built-in templates a cycle starts from; a network adapts one as a template of its own. */
export const TEMPLATE_BASES = ['classic_lesson_study', 'pdsa_90_day'] as const;
export const TemplateBase = z.enum(TEMPLATE_BASES);
export type TemplateBase = z.infer<typeof TemplateBase>;

/** A phase as a template describes it: its title, what the team does, and how many days it takes. */
export interface TemplatePhase {
  key: PhaseKey;
  title: string;
  guidance: string;
  days: number;
}

/** The outcome of a PDSA cycle's Act phase. */
export const CYCLE_DECISIONS = ['adopt', 'adapt', 'abandon'] as const;
export const CycleDecision = z.enum(CYCLE_DECISIONS);
export type CycleDecision = z.infer<typeof CycleDecision>;

/** The structured post-lesson discussion: the teacher first, then observers by evidence, then the commentator. */
export const REFLECTION_ROLES = ['teacher', 'observer', 'commentator'] as const;
export const ReflectionRole = z.enum(REFLECTION_ROLES);
export type ReflectionRole = z.infer<typeof ReflectionRole>;

export const REFLECTION_ROLE_LABELS: Record<ReflectionRole, string> = {
  teacher: 'Teacher of the research lesson',
  observer: 'Observer',
  commentator: 'Outside commentator',
};

export const TITLE_MAX = 160;
export const TEXT_MAX = 4000;
export const REMARK_MAX = 4000;
export const MEMBERS_MAX = 40;

const isoDate = z.iso.date();

export const PhaseDates = z.strictObject({
  key: PhaseKey,
  startsOn: isoDate,
  dueOn: isoDate,
});

export const StartCycleBody = z.strictObject({
  communityId: z.uuid(),
  kind: CycleKind,
  title: displayName(TITLE_MAX),
  /** A built-in template's name, or the id of a template a network adapted. */
  template: z.union([TemplateBase, z.uuid()]),
  /** The cycle's first day; the template lays the phases out from it. */
  startsOn: isoDate,
  /** The facilitator; the person starting the cycle when absent. */
  facilitatorId: z.uuid().optional(),
  memberIds: z.array(z.uuid()).max(MEMBERS_MAX).default([]),
  subjects: z.array(Subject).max(10).optional(),
});
export type StartCycleBody = z.infer<typeof StartCycleBody>;

export const UpdateCycleBody = z.strictObject({
  title: displayName(TITLE_MAX).optional(),
  status: CycleStatus.optional(),
  currentPhase: PhaseKey.optional(),
  subjects: z.array(Subject).max(10).optional(),
});

export const SetPhasesBody = z.strictObject({
  phases: z.array(PhaseDates).min(1).max(PHASE_KEYS.length),
});

export const AddMembersBody = z.strictObject({
  userIds: z.array(z.uuid()).min(1).max(MEMBERS_MAX),
});

export const CycleListQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  kind: CycleKind.optional(),
  status: CycleStatus.optional(),
  subject: Subject.optional(),
  aimId: z.uuid().optional(),
  changeIdeaId: z.uuid().optional(),
  q: line(200).optional(),
});

export const TemplatePhaseBody = z.strictObject({
  key: PhaseKey,
  title: displayName(80),
  guidance: plainText(1000).default(''),
  days: z.number().int().min(1).max(365),
});

export const AdaptTemplateBody = z.strictObject({
  base: TemplateBase,
  name: displayName(TITLE_MAX),
  description: plainText(1000).default(''),
  phases: z.array(TemplatePhaseBody).min(1).max(PHASE_KEYS.length),
});

export const StudyBody = z.strictObject({
  theme: plainText(TEXT_MAX).optional(),
  longTermGoal: plainText(TEXT_MAX).optional(),
  progression: plainText(TEXT_MAX).optional(),
});

export const ReadingBody = z.strictObject({
  resourceId: z.uuid().optional(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  title: displayName(TITLE_MAX).optional(),
  note: plainText(1000).default(''),
});

export const ReflectionRolesBody = z.strictObject({
  roles: z.array(z.strictObject({ userId: z.uuid(), role: ReflectionRole })).max(MEMBERS_MAX),
});

export const RemarkBody = z.strictObject({
  body: plainText(REMARK_MAX).pipe(z.string().min(1, 'must not be empty')),
  /** Observation notes the remark draws on, by id, shown beside it. */
  evidence: z.array(z.uuid()).max(20).default([]),
});

// ─── Responses ──────────────────────────────────────────────────────────────────────────────────

const Timestamp = z.iso.datetime({ offset: true });

export const TemplateView = z.object({
  id: z.string(),
  base: TemplateBase,
  kind: CycleKind,
  name: z.string(),
  description: z.string(),
  networkId: z.uuid().nullable(),
  phases: z.array(z.object({ key: PhaseKey, title: z.string(), guidance: z.string(), days: z.number() })),
});
export type TemplateView = z.infer<typeof TemplateView>;
export const TemplateListResponse = z.object({ data: z.array(TemplateView) });
export const TemplateResponse = z.object({ data: TemplateView });

export const PhaseView = z.object({
  key: PhaseKey,
  position: z.number(),
  title: z.string(),
  guidance: z.string(),
  startsOn: z.string(),
  dueOn: z.string(),
  completedAt: Timestamp.nullable(),
});
export type PhaseView = z.infer<typeof PhaseView>;

export const CycleMemberView = z.object({
  userId: z.uuid(),
  name: z.string(),
  districtName: z.string(),
  role: CycleRole,
});
export type CycleMemberView = z.infer<typeof CycleMemberView>;

export const CycleAbilities = z.object({
  facilitate: z.boolean(),
  contribute: z.boolean(),
  role: z.enum(['facilitator', 'member', 'community_facilitator']),
});
export type CycleAbilities = z.infer<typeof CycleAbilities>;

/** A cycle as a list shows it. */
export const CycleSummary = z.object({
  id: z.uuid(),
  kind: CycleKind,
  title: z.string(),
  status: CycleStatus,
  communityId: z.uuid(),
  communityName: z.string(),
  subjects: z.array(z.string()),
  currentPhase: PhaseKey,
  currentPhaseTitle: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  memberCount: z.number(),
  aimId: z.uuid().nullable(),
  aimLabel: z.string().nullable(),
  changeIdeaId: z.uuid().nullable(),
  changeIdeaLabel: z.string().nullable(),
  decision: CycleDecision.nullable(),
  findingsResourceId: z.uuid().nullable(),
  publishedAt: Timestamp.nullable(),
  /** Whether the viewer may open the cycle's page (a member or the community's facilitator). */
  readable: z.boolean(),
});
export type CycleSummary = z.infer<typeof CycleSummary>;

export const CycleDetail = CycleSummary.extend({
  /** The network that owns the cycle's community, or null. */
  networkId: z.uuid().nullable(),
  facilitatorId: z.uuid(),
  templateBase: TemplateBase,
  templateId: z.uuid().nullable(),
  previousCycleId: z.uuid().nullable(),
  phases: z.array(PhaseView),
  members: z.array(CycleMemberView),
  createdAt: Timestamp,
});
export type CycleDetail = z.infer<typeof CycleDetail>;

export const CycleResponse = z.object({ data: CycleDetail, abilities: CycleAbilities });
export type CycleResponse = z.infer<typeof CycleResponse>;
export const CycleListResponse = z.object({ data: z.array(CycleSummary), nextCursor: z.string().nullable() });
export type CycleListResponse = z.infer<typeof CycleListResponse>;

/** What is due for a member: the phase their cycle is in and when it is due. */
export const DueItem = z.object({
  cycleId: z.uuid(),
  cycleTitle: z.string(),
  kind: CycleKind,
  communityName: z.string(),
  phase: PhaseKey,
  phaseTitle: z.string(),
  dueOn: z.string(),
  overdue: z.boolean(),
});
export type DueItem = z.infer<typeof DueItem>;
export const DueResponse = z.object({ data: z.array(DueItem) });

export const ReadingView = z.object({
  id: z.uuid(),
  resourceId: z.uuid().nullable(),
  url: z.string().nullable(),
  title: z.string(),
  note: z.string(),
  addedByName: z.string().nullable(),
  createdAt: Timestamp,
});
export type ReadingView = z.infer<typeof ReadingView>;

export const StudyView = z.object({
  theme: z.string(),
  longTermGoal: z.string(),
  progression: z.string(),
  updatedAt: Timestamp.nullable(),
  updatedByName: z.string().nullable(),
  readings: z.array(ReadingView),
});
export type StudyView = z.infer<typeof StudyView>;
export const StudyResponse = z.object({ data: StudyView, abilities: CycleAbilities });
export type StudyResponse = z.infer<typeof StudyResponse>;

export const RemarkView = z.object({
  id: z.uuid(),
  authorId: z.uuid(),
  authorName: z.string(),
  role: ReflectionRole,
  body: z.string(),
  evidence: z.array(z.uuid()),
  createdAt: Timestamp,
});
export type RemarkView = z.infer<typeof RemarkView>;

export const ReflectionView = z.object({
  roles: z.array(z.object({ userId: z.uuid(), name: z.string(), role: ReflectionRole })),
  remarks: z.array(RemarkView),
  /** Whose turn it is: the first role in order whose people have not all spoken; null when all have. */
  turn: ReflectionRole.nullable(),
  /** The viewer's role in the discussion, if the facilitator gave them one. */
  myRole: ReflectionRole.nullable(),
});
export type ReflectionView = z.infer<typeof ReflectionView>;
export const ReflectionResponse = z.object({ data: ReflectionView, abilities: CycleAbilities });
export type ReflectionResponse = z.infer<typeof ReflectionResponse>;
