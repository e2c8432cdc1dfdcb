import { z } from 'zod';
import { displayName, line, PageQuery, plainText } from './common.ts';
import { CREDIT_STATUSES, CreditStatus, LearningKind } from './learning.ts';

/**
 * Credit for learning: a district's credit types and their rules, submissions of learning entries
 * for credit (claims) and the approver's queue, licences with renewal progress, transcripts that
 * anyone can verify, past PD imported from an old system, and the HR export.
 */

/** Who approves a district's claims: the principal of the teacher's school, or named PD staff. */
export const CREDIT_APPROVERS = ['principal', 'pd_staff'] as const;
export const CreditApprover = z.enum(CREDIT_APPROVERS);
export type CreditApprover = z.infer<typeof CreditApprover>;

export { CREDIT_STATUSES, CreditStatus };
export type ClaimStatus = z.infer<typeof CreditStatus>;

/** How a claim came about: a teacher submitted it, a rule approved it, or it came from the old system. */
export const CLAIM_SOURCES = ['submitted', 'automatic', 'imported'] as const;
export const ClaimSource = z.enum(CLAIM_SOURCES);

export const CLAIM_DECISIONS = ['approve', 'request_changes', 'decline'] as const;
export const ClaimDecision = z.enum(CLAIM_DECISIONS);

/** Hours in quarter hours, as districts count them. */
export const Hours = z
  .number()
  .min(0, 'must not be negative')
  .max(500, 'must be at most 500 hours')
  .refine((h) => Number.isInteger(h * 4), 'must be in quarter hours (e.g. 1.25)');

const kindList = z
  .array(LearningKind)
  .max(40)
  .refine((kinds) => new Set(kinds).size === kinds.length, 'must not name a kind twice');
const hoursByKind = z
  .record(LearningKind, Hours)
  .refine((r) => Object.keys(r).length <= 40, 'must name at most 40 kinds');

export const CreditTypeBody = z
  .strictObject({
    name: displayName(100),
    description: plainText(1000).optional().default(''),
    /** The kinds of learning that count toward it. */
    kinds: kindList.min(1, 'must name at least one kind'),
    /** The most hours of a kind that count in one period (12 months from `periodStartMonth`). */
    maxHoursPerKind: hoursByKind.optional().default({}),
    /** The month (1–12) a period starts: 7 counts school years July to June. */
    periodStartMonth: z.number().int().min(1).max(12).optional().default(7),
    evidenceRequired: z.boolean().optional().default(false),
    reflectionRequired: z.boolean().optional().default(false),
    /** Kinds approved without an approver (attendance at the district's own events). */
    autoApproveKinds: kindList.optional().default([]),
    /** A licence renewed with this type: years in a cycle and hours needed in it. */
    renewalCycleYears: z.number().int().min(1).max(10).nullable().optional().default(null),
    renewalHoursRequired: Hours.nullable().optional().default(null),
    /** Hours a kind counts for when the teacher does not say (Trellis-recorded activities). */
    defaultHours: hoursByKind.optional().default({}),
    /** Whether an entry approved under this type may also be approved under another type. */
    allowDoubleCounting: z.boolean().optional().default(false),
  })
  .superRefine((body, ctx) => {
    for (const kind of body.autoApproveKinds)
      if (!body.kinds.includes(kind))
        ctx.addIssue({
          code: 'custom',
          path: ['autoApproveKinds'],
          message: `names ${kind}, which does not count`,
        });
    for (const kind of Object.keys(body.maxHoursPerKind))
      if (!body.kinds.includes(kind))
        ctx.addIssue({
          code: 'custom',
          path: ['maxHoursPerKind'],
          message: `names ${kind}, which does not count`,
        });
    if ((body.renewalCycleYears === null) !== (body.renewalHoursRequired === null))
      ctx.addIssue({
        code: 'custom',
        path: ['renewalHoursRequired'],
        message: 'must be given together with the renewal cycle length',
      });
  });
export type CreditTypeBody = z.input<typeof CreditTypeBody>;

export const CreditTypeView = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  kinds: z.array(z.string()),
  maxHoursPerKind: z.record(z.string(), z.number()),
  periodStartMonth: z.number(),
  evidenceRequired: z.boolean(),
  reflectionRequired: z.boolean(),
  autoApproveKinds: z.array(z.string()),
  renewalCycleYears: z.number().nullable(),
  renewalHoursRequired: z.number().nullable(),
  defaultHours: z.record(z.string(), z.number()),
  allowDoubleCounting: z.boolean(),
  archived: z.boolean(),
});
export type CreditTypeView = z.infer<typeof CreditTypeView>;

export const CreditTypeResponse = z.object({ data: CreditTypeView });
export const CreditTypeListResponse = z.object({
  data: z.array(CreditTypeView),
  abilities: z.object({ manage: z.boolean() }),
});
export type CreditTypeListResponse = z.infer<typeof CreditTypeListResponse>;

export const CreditSettingsBody = z.strictObject({
  approver: CreditApprover,
  /** District PD staff who approve (with `pd_staff`), and who approve for schools without a principal. */
  pdStaffIds: z
    .array(z.uuid())
    .max(50)
    .refine((ids) => new Set(ids).size === ids.length, 'must not name a person twice'),
});
export type CreditSettingsBody = z.infer<typeof CreditSettingsBody>;

export const CreditSettingsView = z.object({
  approver: CreditApprover,
  pdStaff: z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string() })),
});
export const CreditSettingsResponse = z.object({ data: CreditSettingsView });

// ─── Claims ──────────────────────────────────────────────────────────────────────────────────────

export const SubmitClaimsBody = z.strictObject({
  creditTypeId: z.uuid(),
  entries: z
    .array(
      z.strictObject({
        entryId: z.uuid(),
        /** Hours asked for; when absent, the type's default for the kind or the entry's duration. */
        hours: Hours.optional(),
        /** Why the hours differ from the default; required when they do. */
        adjustmentReason: plainText(500).optional().default(''),
      }),
    )
    .min(1, 'must name at least one entry')
    .max(50, 'must name at most 50 entries')
    .refine((e) => new Set(e.map((x) => x.entryId)).size === e.length, 'must not name an entry twice'),
});
export type SubmitClaimsBody = z.input<typeof SubmitClaimsBody>;

export const ResubmitClaimBody = z.strictObject({
  hours: Hours.optional(),
  adjustmentReason: plainText(500).optional(),
});

export const DecideClaimBody = z
  .strictObject({
    decision: ClaimDecision,
    comment: plainText(1000).optional().default(''),
  })
  .superRefine((body, ctx) => {
    if (body.decision !== 'approve' && !body.comment)
      ctx.addIssue({ code: 'custom', path: ['comment'], message: 'must say what to change or why' });
  });
export type DecideClaimBody = z.input<typeof DecideClaimBody>;

export const ClaimView = z.object({
  id: z.uuid(),
  status: CreditStatus,
  source: ClaimSource,
  hours: z.number(),
  defaultHours: z.number(),
  adjustmentReason: z.string(),
  creditType: z.object({ id: z.uuid(), name: z.string() }),
  entry: z.object({
    id: z.uuid(),
    kind: z.string(),
    title: z.string(),
    occurredOn: z.string(),
    durationMinutes: z.number().nullable(),
    provider: z.string(),
    willTry: z.string(),
    practiceChange: z.string(),
    evidence: z.array(z.object({ title: z.string(), href: z.string().nullable() })),
  }),
  teacher: z.object({ id: z.uuid(), name: z.string(), schoolName: z.string().nullable() }),
  approver: z.object({ id: z.uuid().nullable(), name: z.string() }).nullable(),
  comment: z.string(),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  abilities: z.object({ decide: z.boolean(), resubmit: z.boolean(), withdraw: z.boolean() }),
});
export type ClaimView = z.infer<typeof ClaimView>;

export const ClaimResponse = z.object({ data: ClaimView });
export const SubmitClaimsResponse = z.object({ data: z.array(ClaimView) });
export const ClaimListResponse = z.object({ data: z.array(ClaimView), nextCursor: z.string().nullable() });
export type ClaimListResponse = z.infer<typeof ClaimListResponse>;

export const MyClaimsQuery = PageQuery.extend({
  status: CreditStatus.optional(),
  creditTypeId: z.uuid().optional(),
});
export type MyClaimsQuery = z.infer<typeof MyClaimsQuery>;

export const ClaimQueueQuery = PageQuery.extend({
  status: CreditStatus.default('pending'),
  creditTypeId: z.uuid().optional(),
  kind: LearningKind.optional(),
  /** Words of the teacher's name or the entry's title. */
  q: line(100).optional(),
});
export type ClaimQueueQuery = z.infer<typeof ClaimQueueQuery>;

/** What a teacher's entry would count for under a type, before submitting (hours defaulted per kind). */
export const ClaimPreviewQuery = z.strictObject({
  creditTypeId: z.uuid(),
  entryIds: z
    .string()
    .max(50 * 37)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.uuid()).min(1).max(50)),
});
export const ClaimPreviewResponse = z.object({
  data: z.array(
    z.object({
      entryId: z.uuid(),
      title: z.string(),
      kind: z.string(),
      defaultHours: z.number(),
      /** Why it cannot be submitted for this type, if it cannot. */
      problem: z.string().nullable(),
    }),
  ),
});

// ─── Licences and renewal progress ─────────────────────────────────────────────────────────────

const day = z.iso.date();

export const LicenceBody = z.strictObject({
  name: displayName(200),
  number: line(100).optional().default(''),
  issuer: line(200).optional().default(''),
  /** The credit type whose approved hours renew it. */
  creditTypeId: z.uuid(),
  /** The first day of its first renewal cycle (usually the day it was issued). */
  cycleStartOn: day,
  /** Years in a cycle and hours needed; the credit type's when absent. */
  cycleYears: z.number().int().min(1).max(10).nullable().optional().default(null),
  hoursRequired: Hours.nullable().optional().default(null),
});
export type LicenceBody = z.input<typeof LicenceBody>;

export const LicenceView = z.object({
  id: z.uuid(),
  name: z.string(),
  number: z.string(),
  issuer: z.string(),
  creditType: z.object({ id: z.uuid(), name: z.string() }),
  cycleStartOn: z.string(),
  cycleYears: z.number(),
  hoursRequired: z.number(),
  /** Renewal progress in the cycle that holds today. */
  progress: z.object({
    cycleStart: z.string(),
    cycleEnd: z.string(),
    approvedHours: z.number(),
    pendingHours: z.number(),
    requiredHours: z.number(),
    remainingHours: z.number(),
  }),
});
export type LicenceView = z.infer<typeof LicenceView>;
export const LicenceResponse = z.object({ data: LicenceView });
export const LicenceListResponse = z.object({ data: z.array(LicenceView) });
export type LicenceListResponse = z.infer<typeof LicenceListResponse>;

// ─── Transcripts ─────────────────────────────────────────────────────────────────────────────────

export const TranscriptBody = z
  .strictObject({
    creditTypeId: z.uuid().optional(),
    from: day.optional(),
    to: day.optional(),
  })
  .refine((b) => !b.from || !b.to || b.from <= b.to, { path: ['to'], message: 'must not be before from' });
export type TranscriptBody = z.input<typeof TranscriptBody>;

/** What a transcript states, exactly as its PDF and CSV print it and its signature covers. */
export const TranscriptRecord = z.object({
  transcriptId: z.uuid(),
  issuedAt: z.string(),
  district: z.object({ id: z.uuid(), name: z.string() }),
  teacher: z.object({ id: z.uuid(), name: z.string(), staffId: z.string().nullable() }),
  period: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  creditType: z.string().nullable(),
  entries: z.array(
    z.object({
      date: z.string(),
      title: z.string(),
      kind: z.string(),
      provider: z.string(),
      creditType: z.string(),
      hours: z.number(),
      approvedBy: z.string(),
      approvedOn: z.string(),
    }),
  ),
  totals: z.array(z.object({ creditType: z.string(), hours: z.number() })),
});
export type TranscriptRecord = z.infer<typeof TranscriptRecord>;

export const TranscriptView = z.object({
  id: z.uuid(),
  issuedAt: z.string(),
  verifyUrl: z.string(),
  pdfUrl: z.string(),
  csvUrl: z.string(),
  entries: z.number(),
  totalHours: z.number(),
});
export const TranscriptResponse = z.object({ data: TranscriptView });
export const TranscriptListResponse = z.object({ data: z.array(TranscriptView) });

/** The public check of a transcript: the record stored when it was issued, and whether its signature holds. */
export const TranscriptVerificationResponse = z.object({
  data: z.object({
    genuine: z.boolean(),
    record: TranscriptRecord,
    recordSha256: z.string(),
    signature: z.string(),
    publicKey: z.string(),
    /** Whether the PDF checked against it is byte for byte the one issued (only for a file check). */
    pdfMatches: z.boolean().nullable(),
  }),
});
export type TranscriptVerificationResponse = z.infer<typeof TranscriptVerificationResponse>;

// ─── Import and export ───────────────────────────────────────────────────────────────────────────

export const CREDIT_IMPORT_MAX_BYTES = 2 * 1024 * 1024;

export const CreditImportBody = z.strictObject({
  /** The old system's CSV as text: staff_id or email, title, kind, date, hours, credit_type, … */
  csv: z.string().min(1, 'must not be empty').max(CREDIT_IMPORT_MAX_BYTES, 'must be at most 2 MB'),
  dryRun: z.boolean(),
});

export const CreditImportRow = z.object({
  line: z.number(),
  person: z.string(),
  personName: z.string().nullable(),
  title: z.string(),
  kind: z.string(),
  date: z.string(),
  hours: z.number().nullable(),
  creditType: z.string(),
  action: z.enum(['import', 'skip_duplicate', 'error']),
  problems: z.array(z.string()),
});
export const CreditImportResponse = z.object({
  data: z.object({
    dryRun: z.boolean(),
    applied: z.boolean(),
    counts: z.object({ import: z.number(), skipDuplicate: z.number(), error: z.number() }),
    rows: z.array(CreditImportRow),
  }),
});
export type CreditImportResponse = z.infer<typeof CreditImportResponse>;

export const CreditExportQuery = z
  .strictObject({
    from: day.optional(),
    to: day.optional(),
    creditTypeId: z.uuid().optional(),
  })
  .refine((b) => !b.from || !b.to || b.from <= b.to, { path: ['to'], message: 'must not be before from' });

export const CLAIM_STATUS_LABELS: Record<ClaimStatus, string> = {
  pending: 'Waiting for approval',
  changes_requested: 'Changes asked for',
  approved: 'Approved',
  declined: 'Declined',
};
