import { z } from 'zod';
import { PLAN_COLUMNS } from '../lesson-plan.ts';
import { displayName, plainText } from './common.ts';
import { GradeBand, LicenceId, Subject, TextPart } from './resources.ts';

/**
 * A lesson study's research-lesson plan, its case students, its revisions and its findings report
 * (issue 15; decisions 062 and 063).
 */

const Person = z.object({ id: z.uuid(), name: z.string() });

/** Params of routes under a cycle and one of its plan versions. */
export const PlanVersionParams = z.strictObject({
  id: z.uuid(),
  version: z.coerce.number().int().min(1).max(1000),
});
export const CaseStudentParams = z.strictObject({ id: z.uuid(), studentId: z.uuid() });

/** Bytes of one update a page may send (base64), and of a whole plan version. */
export const PLAN_UPDATE_MAX = 256 * 1024;
export const PLAN_BYTES_MAX = 4 * 1024 * 1024;

const base64 = z
  .string()
  .max(Math.ceil((PLAN_UPDATE_MAX * 4) / 3) + 4, 'must be at most 256 KB')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

export const PlanVersionSummary = z.object({
  id: z.uuid(),
  version: z.number().int(),
  /** Only the newest version may be edited. */
  editable: z.boolean(),
  createdBy: Person,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlanVersionSummary = z.infer<typeof PlanVersionSummary>;

/** What a case student is: a pseudonym and what observers watch for. */
export const CaseStudent = z.object({
  id: z.uuid(),
  pseudonym: z.string(),
  watchFor: z.string(),
  updatedAt: z.string(),
});
export type CaseStudent = z.infer<typeof CaseStudent>;

export const PlanAbilities = z.object({
  /** Edit the newest plan and the case students. */
  edit: z.boolean(),
  /** Start the plan, or a revision of it. */
  revise: z.boolean(),
});

export const PlanOverviewResponse = z.object({
  data: z.object({
    versions: z.array(PlanVersionSummary),
    caseStudents: z.array(CaseStudent),
  }),
  abilities: PlanAbilities,
});
export type PlanOverviewResponse = z.infer<typeof PlanOverviewResponse>;

const PlanCells = z.object(
  Object.fromEntries(PLAN_COLUMNS.map((c) => [c, z.string()])) as Record<
    (typeof PLAN_COLUMNS)[number],
    z.ZodString
  >,
);

export const PlanContent = z.object({
  title: z.string(),
  goals: z.string(),
  rows: z.array(z.object({ id: z.string(), removed: z.boolean(), cells: PlanCells })),
});

export const PlanVersionResponse = z.object({
  data: PlanVersionSummary.extend({
    /** The number of the last update the state holds: ask for updates after it. */
    seq: z.number().int(),
    /** The whole document as one Yjs update, base64. */
    state: z.string(),
    /** The plan as plain text, for the printable version. */
    content: PlanContent,
  }),
  abilities: PlanAbilities,
});
export type PlanVersionResponse = z.infer<typeof PlanVersionResponse>;

export const PlanUpdatesQuery = z.strictObject({ after: z.coerce.number().int().min(0) });

export const PlanUpdatesResponse = z.object({
  data: z.object({
    updates: z.array(z.object({ seq: z.number().int(), update: z.string() })),
    seq: z.number().int(),
  }),
});
export type PlanUpdatesResponse = z.infer<typeof PlanUpdatesResponse>;

export const PlanUpdateBody = z.strictObject({ update: base64.min(1, 'must not be empty') });
export const PlanUpdateResponse = z.object({ data: z.object({ seq: z.number().int() }) });

/** Where the person is typing: `<row id>:<column>`, `title`, `goals`, or empty. */
export const PresenceBody = z.strictObject({
  focus: z
    .string()
    .max(80)
    .regex(/^[A-Za-z0-9:_-]*$/, 'must be a field of the plan'),
});
export const PresenceResponse = z.object({
  data: z.array(Person.extend({ focus: z.string(), me: z.boolean() })),
});
export type PresenceResponse = z.infer<typeof PresenceResponse>;

export const PlanChangesQuery = z.strictObject({ from: z.coerce.number().int().min(1).default(1) });

const Parts = z.array(TextPart).nullable();
export const PlanChangesResponse = z.object({
  data: z.object({
    from: z.number().int(),
    to: z.number().int(),
    title: Parts,
    goals: Parts,
    rows: z.array(
      z.object({
        id: z.string(),
        change: z.enum(['same', 'added', 'removed', 'changed']),
        cells: z.object(
          Object.fromEntries(PLAN_COLUMNS.map((c) => [c, Parts])) as Record<
            (typeof PLAN_COLUMNS)[number],
            typeof Parts
          >,
        ),
        text: PlanCells,
      }),
    ),
  }),
});
export type PlanChangesResponse = z.infer<typeof PlanChangesResponse>;

export const PSEUDONYM_MAX = 40;
export const CaseStudentBody = z.strictObject({
  pseudonym: displayName(PSEUDONYM_MAX),
  watchFor: plainText(1000).default(''),
});
export const CaseStudentPatch = z.strictObject({
  pseudonym: displayName(PSEUDONYM_MAX).optional(),
  watchFor: plainText(1000).optional(),
});
export const CaseStudentResponse = z.object({ data: CaseStudent });

export const FINDINGS_MAX = 20_000;

export const FindingsView = z.object({
  studentThinking: z.string(),
  teaching: z.string(),
  updatedAt: z.string().nullable(),
  updatedBy: Person.nullable(),
  published: z
    .object({ resourceId: z.uuid(), title: z.string(), at: z.string(), by: Person.nullable() })
    .nullable(),
});
export type FindingsView = z.infer<typeof FindingsView>;

export const FindingsResponse = z.object({
  data: FindingsView,
  abilities: z.object({ edit: z.boolean(), publish: z.boolean() }),
});
export type FindingsResponse = z.infer<typeof FindingsResponse>;

export const FindingsBody = z.strictObject({
  studentThinking: plainText(FINDINGS_MAX),
  teaching: plainText(FINDINGS_MAX),
  /** When the draft the person edited was saved (null for none): a newer save is a conflict, not overwritten. */
  baseUpdatedAt: z.string().max(40).nullable(),
});

export const FINDINGS_AUDIENCES = ['community', 'network'] as const;
export const PublishFindingsBody = z.strictObject({
  title: displayName(200),
  summary: plainText(1000).default(''),
  audience: z.enum(FINDINGS_AUDIENCES),
  /** The network, when published to a network. */
  networkId: z.uuid().nullable().optional(),
  licence: LicenceId,
  subjects: z.array(Subject).max(20).default([]),
  gradeBands: z.array(GradeBand).max(10).default([]),
});
export type PublishFindingsBody = z.infer<typeof PublishFindingsBody>;

export const PublishFindingsResponse = z.object({ data: z.object({ resourceId: z.uuid() }) });
