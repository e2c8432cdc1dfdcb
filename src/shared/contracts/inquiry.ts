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
