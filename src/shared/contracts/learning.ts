import { z } from 'zod';
import { displayName, line, plainText } from './common.ts';

/**
 * Where a learning entry came from: recorded by Trellis from its own activity, entered by the
 * person, reported by another tool over xAPI, or imported from the district's old PD system (by the
 * credit feature's history import).
 */
export const LEARNING_SOURCES = ['trellis', 'self', 'xapi', 'imported'] as const;
export const LearningSource = z.enum(LEARNING_SOURCES);
export type LearningSource = z.infer<typeof LearningSource>;

export const LEARNING_SOURCE_LABELS: Record<LearningSource, string> = {
  trellis: 'Recorded by Trellis',
  self: 'Entered by me',
  xapi: 'Reported by a tool',
  imported: "Imported from the district's old system",
};

/** The kinds a person logs by hand; xAPI-reported learning is mapped onto them too. */
export const MANUAL_LEARNING_KINDS = [
  'workshop',
  'course',
  'conference',
  'plc_meeting',
  'observation_given',
  'observation_received',
  'coaching',
  'mentoring',
  'reading',
  'podcast_video',
  'online_social',
  'edcamp',
  'other',
] as const;
export const ManualLearningKind = z.enum(MANUAL_LEARNING_KINDS);
export type ManualLearningKind = z.infer<typeof ManualLearningKind>;

export const MANUAL_LEARNING_KIND_LABELS: Record<ManualLearningKind, string> = {
  workshop: 'Workshop',
  course: 'Course',
  conference: 'Conference',
  plc_meeting: 'PLC meeting',
  observation_given: 'Observation given',
  observation_received: 'Observation received',
  coaching: 'Coaching',
  mentoring: 'Mentoring',
  reading: 'Reading',
  podcast_video: 'Podcast or video',
  online_social: 'Online or social-media learning (e.g. a Twitter/X chat)',
  edcamp: 'Edcamp',
  other: 'Other',
};

/**
 * A kind as stored: a hand kind, or one a feature declares for its own activity (`credential_earned`),
 * lower-case words joined by underscores.
 */
export const LearningKind = z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'must be one of the learning kinds');

/** A draft is kept for later and counts nowhere; a logged entry counts in totals and may go for credit. */
export const LEARNING_ENTRY_STATUSES = ['draft', 'logged'] as const;
export const LearningEntryStatus = z.enum(LEARNING_ENTRY_STATUSES);
export type LearningEntryStatus = z.infer<typeof LearningEntryStatus>;

/**
 * Where an entry stands for credit, as the credit feature keeps it on the entry (null: never
 * submitted). The log filters by it; the credit feature alone writes it.
 */
export const CREDIT_STATUSES = ['pending', 'changes_requested', 'approved', 'declined'] as const;
export const CreditStatus = z.enum(CREDIT_STATUSES);
export type CreditStatus = z.infer<typeof CreditStatus>;
/** The credit-status filter: one of the statuses, or `none` for entries never submitted. */
export const CreditStatusFilter = z.enum(['none', ...CREDIT_STATUSES]);
export type CreditStatusFilter = z.infer<typeof CreditStatusFilter>;

export const CREDIT_STATUS_LABELS: Record<CreditStatusFilter, string> = {
  none: 'Not submitted',
  pending: 'Waiting for approval',
  changes_requested: 'Changes asked for',
  approved: 'Approved',
  declined: 'Declined',
};

/** The longest a single entry may last: a week-long institute, in minutes. */
export const DURATION_MAX_MINUTES = 7 * 24 * 60;
export const REFLECTION_MAX = 5000;
export const EVIDENCE_MAX = 10;
export const COMPETENCIES_MAX = 20;

/** The kinds of evidence an entry may carry. */
export const EVIDENCE_TYPES = ['file', 'link', 'resource', 'thread'] as const;
export const EvidenceType = z.enum(EVIDENCE_TYPES);
export type EvidenceType = z.infer<typeof EvidenceType>;

const webUrl = line(2000).pipe(
  z
    .url({ protocol: /^https?$/, message: 'must be an http or https address' })
    .or(z.literal('').transform(() => null)),
);

/** Evidence as a form sends it: an uploaded file (by the id the upload answered), a link, a resource or thread. */
export const EvidenceInput = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('file'), fileId: z.uuid(), filename: line(255).optional() }),
  z.strictObject({
    type: z.literal('link'),
    url: line(2000).pipe(z.url({ protocol: /^https?$/, message: 'must be an http or https address' })),
    title: line(200).optional().default(''),
  }),
  z.strictObject({ type: z.literal('resource'), resourceId: z.uuid() }),
  z.strictObject({ type: z.literal('thread'), threadId: z.uuid() }),
]);
export type EvidenceInput = z.infer<typeof EvidenceInput>;

/** The fields of an entry a person writes, each as it is checked. */
const entryFields = {
  status: LearningEntryStatus,
  kind: ManualLearningKind,
  title: displayName(200),
  /** When it happened: a date (`2026-11-04`) or a date and time. */
  occurredAt: z.iso.datetime({ offset: true }).or(z.iso.date()),
  durationMinutes: z.number().int().min(0).max(DURATION_MAX_MINUTES).nullable(),
  provider: line(200),
  link: webUrl.nullable(),
  willTry: plainText(REFLECTION_MAX),
  practiceChange: plainText(REFLECTION_MAX),
  competencyIds: z.array(z.uuid()).max(COMPETENCIES_MAX),
  evidence: z.array(EvidenceInput).max(EVIDENCE_MAX),
};

/** A hand entry, as "Log learning" sends it: kind, title and date; the rest as the person has it. */
export const LearningEntryBody = z.strictObject({
  status: entryFields.status.default('logged'),
  kind: entryFields.kind,
  title: entryFields.title,
  occurredAt: entryFields.occurredAt,
  durationMinutes: entryFields.durationMinutes.optional().default(null),
  provider: entryFields.provider.optional().default(''),
  link: entryFields.link.optional().default(null),
  willTry: entryFields.willTry.optional().default(''),
  practiceChange: entryFields.practiceChange.optional().default(''),
  competencyIds: entryFields.competencyIds.optional().default([]),
  evidence: entryFields.evidence.optional().default([]),
});
export type LearningEntryBody = z.input<typeof LearningEntryBody>;
export type LearningEntryInput = z.output<typeof LearningEntryBody>;

/**
 * A change to an entry: only the fields sent change. On an entry Trellis recorded or a tool reported
 * only the person's reflection, competencies and evidence may change; what happened stays as its
 * source said.
 */
export const UpdateLearningEntryBody = z.strictObject({
  status: entryFields.status.optional(),
  kind: entryFields.kind.optional(),
  title: entryFields.title.optional(),
  occurredAt: entryFields.occurredAt.optional(),
  durationMinutes: entryFields.durationMinutes.optional(),
  provider: entryFields.provider.optional(),
  link: entryFields.link.optional(),
  willTry: entryFields.willTry.optional(),
  practiceChange: entryFields.practiceChange.optional(),
  competencyIds: entryFields.competencyIds.optional(),
  evidence: entryFields.evidence.optional(),
});
export type UpdateLearningEntryBody = z.input<typeof UpdateLearningEntryBody>;
export type UpdateLearningEntryInput = z.output<typeof UpdateLearningEntryBody>;

/** The log's filters, read from the address. */
export const LearningListQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  kind: LearningKind.optional(),
  source: LearningSource.optional(),
  competency: z.uuid().optional(),
  credit: CreditStatusFilter.optional(),
  status: LearningEntryStatus.optional(),
});
export type LearningListQuery = z.infer<typeof LearningListQuery>;

/** The period totals are read for. */
export const LearningTotalsQuery = z.strictObject({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

export const EvidenceView = z.object({
  id: z.uuid(),
  type: EvidenceType,
  title: z.string(),
  /** Where it opens: the file's download address, the link, the resource's or thread's page. */
  href: z.string().nullable(),
  fileId: z.uuid().nullable(),
  contentType: z.string().nullable(),
  byteSize: z.number().nullable(),
  url: z.string().nullable(),
  resourceId: z.uuid().nullable(),
  threadId: z.uuid().nullable(),
});
export type EvidenceView = z.infer<typeof EvidenceView>;

export const LearningEntryView = z.object({
  id: z.uuid(),
  source: LearningSource,
  kind: z.string(),
  kindLabel: z.string(),
  title: z.string(),
  occurredAt: z.string(),
  durationMinutes: z.number().nullable(),
  provider: z.string(),
  link: z.string().nullable(),
  willTry: z.string(),
  practiceChange: z.string(),
  competencies: z.array(z.object({ id: z.uuid(), code: z.string(), statement: z.string() })),
  evidence: z.array(EvidenceView),
  status: LearningEntryStatus,
  creditStatus: CreditStatus.nullable(),
  /** The Trellis page it is about (a resource, a credential), when Trellis recorded it. */
  about: z.object({ type: z.string(), id: z.string(), href: z.string().nullable() }).nullable(),
  /** The xAPI result a tool reported (score, success, completion), when there is one. */
  result: z.record(z.string(), z.unknown()).nullable(),
  /** Hand entries merged into this one: one activity, counted once. */
  merged: z.array(z.object({ id: z.uuid(), title: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities: z.object({ edit: z.boolean(), editAll: z.boolean(), delete: z.boolean(), merge: z.boolean() }),
});
export type LearningEntryView = z.infer<typeof LearningEntryView>;

export const LearningListResponse = z.object({
  data: z.array(LearningEntryView),
  nextCursor: z.string().nullable(),
});
export type LearningListResponse = z.infer<typeof LearningListResponse>;

export const LearningTotalsResponse = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  totalMinutes: z.number(),
  entries: z.number(),
  byKind: z.array(
    z.object({ kind: z.string(), label: z.string(), minutes: z.number(), entries: z.number() }),
  ),
  byCompetency: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      statement: z.string(),
      minutes: z.number(),
      entries: z.number(),
    }),
  ),
});
export type LearningTotalsResponse = z.infer<typeof LearningTotalsResponse>;

/** What the log's forms and filters offer: every kind with its label, and the district's competencies. */
export const LearningOptionsResponse = z.object({
  kinds: z.array(z.object({ kind: z.string(), label: z.string(), manual: z.boolean() })),
  frameworks: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      competencies: z.array(z.object({ id: z.uuid(), code: z.string(), statement: z.string() })),
    }),
  ),
});
export type LearningOptionsResponse = z.infer<typeof LearningOptionsResponse>;

/** Merging: the entry named here is folded into the one in the path, which keeps counting. */
export const MergeBody = z.strictObject({ entryId: z.uuid() });

export const EvidenceUploadResponse = z.object({
  fileId: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  byteSize: z.number(),
});
export type EvidenceUploadResponse = z.infer<typeof EvidenceUploadResponse>;

export const LearningEntryResponse = z.object({ data: LearningEntryView });
export const LearningTotalsEnvelope = z.object({ data: LearningTotalsResponse });
export const LearningOptionsEnvelope = z.object({ data: LearningOptionsResponse });
export const EvidenceUploadEnvelope = z.object({ data: EvidenceUploadResponse });

/** An entry and one of its evidence items. */
export const EvidenceParams = z.strictObject({ id: z.uuid(), evidenceId: z.uuid() });
/** An entry and a hand entry merged into it. */
export const MergedParams = z.strictObject({ id: z.uuid(), entryId: z.uuid() });
export const EvidenceDownloadQuery = z.strictObject({ inline: z.enum(['0', '1']).optional() });
