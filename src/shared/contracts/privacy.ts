import { z } from 'zod';

/**
 * A person's data and a district's: downloads, erasing a person who has left, and how long a
 * district keeps activity, notifications and sign-in records.
 */

/** What a district may set an age limit for, in words for its administrators. */
export const RETENTION_KINDS = ['activity', 'notifications', 'sign_ins', 'messages'] as const;
export const RetentionKind = z.enum(RETENTION_KINDS);
export type RetentionKind = z.infer<typeof RetentionKind>;

export const RETENTION_LABELS: Record<RetentionKind, { label: string; description: string }> = {
  activity: {
    label: 'Activity records',
    description:
      'The activity stream behind feeds, learning logs and insights: who posted, shared, reviewed or earned what.',
  },
  notifications: {
    label: 'Notifications',
    description: 'What each person was told under the bell, read or not.',
  },
  sign_ins: {
    label: 'Sign-in records',
    description: 'Devices people signed in from, with their browser and address.',
  },
  messages: {
    label: 'Direct messages',
    description: 'Messages people of the district sent one another, deleted for every participant.',
  },
};

/** The shortest and longest age limits a district may set. */
export const RETENTION_MIN_DAYS = 30;
export const RETENTION_MAX_DAYS = 3650;

export const RetentionSetting = z.object({
  kind: RetentionKind,
  /** Rows older than this many days are deleted each night; null keeps them. */
  days: z.number().int().nullable(),
});
export type RetentionSetting = z.infer<typeof RetentionSetting>;

export const RetentionResponse = z.object({ data: z.array(RetentionSetting) });
export type RetentionResponse = z.infer<typeof RetentionResponse>;

export const RetentionBody = z.strictObject({
  settings: z
    .array(
      z.strictObject({
        kind: RetentionKind,
        days: z
          .number()
          .int('must be a whole number of days')
          .min(RETENTION_MIN_DAYS, `must be at least ${RETENTION_MIN_DAYS} days`)
          .max(RETENTION_MAX_DAYS, `must be at most ${RETENTION_MAX_DAYS} days`)
          .nullable(),
      }),
    )
    .min(1)
    .max(RETENTION_KINDS.length),
});
export type RetentionBody = z.infer<typeof RetentionBody>;

/** Erasing a person: the administrator types the person's email address to confirm. */
export const ErasureBody = z.strictObject({
  confirm: z.string().trim().max(320),
});
export type ErasureBody = z.infer<typeof ErasureBody>;

export const ErasureResponse = z.object({
  data: z.object({
    /** The account that now stands where the person's contributions stay. */
    formerMemberId: z.uuid(),
    deidentified: z.number().int(),
    deleted: z.number().int(),
  }),
});
export type ErasureResponse = z.infer<typeof ErasureResponse>;

// ─── District and personal exports made in the background ──────────────────────────────────────

/** What an export holds: a district's data, or one person's own. */
export const DATA_EXPORT_KINDS = ['district', 'person'] as const;
export type DataExportKind = (typeof DATA_EXPORT_KINDS)[number];

/** Where an export stands: waiting, being written, ready to download, failed, or past its time. */
export const DATA_EXPORT_STATUSES = ['queued', 'running', 'ready', 'failed', 'expired'] as const;
export type DataExportStatus = (typeof DATA_EXPORT_STATUSES)[number];

/** How long a finished export may be downloaded before its file is deleted. */
export const DATA_EXPORT_KEEP_DAYS = 7;

export const DataExport = z.object({
  id: z.uuid(),
  kind: z.enum(DATA_EXPORT_KINDS),
  status: z.enum(DATA_EXPORT_STATUSES),
  /** Who asked for it, for the district's administrators. */
  requestedBy: z.string().nullable(),
  /** Steps done of all: one per table, then the files. */
  stepsDone: z.number().int(),
  stepsTotal: z.number().int(),
  /** What it is doing now ("Reading posts"), while it runs. */
  step: z.string().nullable(),
  rows: z.number().int(),
  files: z.number().int(),
  /** The archive's size in bytes, once ready. */
  byteSize: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** After this the archive is deleted and its link answers 404. */
  expiresAt: z.string().nullable(),
  /** Where the archive downloads from, while it is ready. */
  downloadUrl: z.string().nullable(),
});
export type DataExport = z.infer<typeof DataExport>;
export const DataExportResponse = z.object({ data: DataExport });
export type DataExportResponse = z.infer<typeof DataExportResponse>;
export const DataExportListResponse = z.object({ data: z.array(DataExport) });
export type DataExportListResponse = z.infer<typeof DataExportListResponse>;

// ─── Erasure requests ───────────────────────────────────────────────────────────────────────────

/** Where a person's request to be erased stands. */
export const ERASURE_REQUEST_STATUSES = ['pending', 'declined', 'withdrawn', 'completed'] as const;
export type ErasureRequestStatus = (typeof ERASURE_REQUEST_STATUSES)[number];

/** A person asks to be erased, typing their email address to confirm; a note for the administrators is optional. */
export const ErasureRequestBody = z.strictObject({
  confirm: z.string().trim().max(320),
  note: z.string().trim().max(2000).optional(),
});
export type ErasureRequestBody = z.infer<typeof ErasureRequestBody>;

export const ErasureRequest = z.object({
  id: z.uuid(),
  status: z.enum(ERASURE_REQUEST_STATUSES),
  /** The person, as the district's administrators see them (absent once erased). */
  person: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable(),
  note: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type ErasureRequest = z.infer<typeof ErasureRequest>;

/** The signed-in person's latest request (null: none), and whether their district must approve one. */
export const MyErasureResponse = z.object({
  data: z.object({ request: ErasureRequest.nullable(), needsApproval: z.boolean() }),
});
export type MyErasureResponse = z.infer<typeof MyErasureResponse>;

/** What became of a new request: waiting for approval, or done (the person is signed out). */
export const ErasureRequestResponse = z.object({ data: ErasureRequest });
export type ErasureRequestResponse = z.infer<typeof ErasureRequestResponse>;
export const ErasureRequestListResponse = z.object({ data: z.array(ErasureRequest) });
export type ErasureRequestListResponse = z.infer<typeof ErasureRequestListResponse>;

export const ErasureDecisionBody = z.strictObject({
  decision: z.enum(['approve', 'decline']),
  /** Why it was declined, told to the person. */
  note: z.string().trim().max(2000).optional(),
});
export type ErasureDecisionBody = z.infer<typeof ErasureDecisionBody>;

/** A district's records rule: whether a person's erasure waits for an administrator's approval. */
export const PrivacySettings = z.object({ erasureNeedsApproval: z.boolean() });
export type PrivacySettings = z.infer<typeof PrivacySettings>;
export const PrivacySettingsBody = z.strictObject({ erasureNeedsApproval: z.boolean() });
export const PrivacySettingsResponse = z.object({ data: PrivacySettings });
export type PrivacySettingsResponse = z.infer<typeof PrivacySettingsResponse>;

// ─── The data-protection page ───────────────────────────────────────────────────────────────────

/** What the operator writes (Markdown, shown sanitized). */
export const DataProtectionBody = z.strictObject({
  hosting: z.string().trim().min(1, 'say where the data lives').max(5000),
  subprocessors: z.string().trim().min(1, 'name the subprocessors, or say there are none').max(5000),
  contact: z.string().trim().min(1, 'say whom to ask').max(2000),
  notes: z.string().trim().max(10000),
});
export type DataProtectionBody = z.infer<typeof DataProtectionBody>;

/** One data class as the page states it: what Trellis keeps of it, and how long. */
export const DataProtectionClass = z.object({
  class: z.string(),
  label: z.string(),
  description: z.string(),
  /** The kinds of records of this class, in words. */
  records: z.array(z.string()),
  /** How long each kind of record is kept, in words. */
  retention: z.array(z.string()),
  /** In the district's export or not, in words. */
  exported: z.string(),
});

export const DataProtectionPage = z.object({
  /** The operator's text as written, for editing, and as sanitized HTML to show. */
  source: DataProtectionBody,
  html: z.object({ hosting: z.string(), subprocessors: z.string(), contact: z.string(), notes: z.string() }),
  classes: z.array(DataProtectionClass),
  /** Secret values Trellis keeps, in words (never exported). */
  secrets: z.array(z.string()),
  updatedAt: z.string().nullable(),
  abilities: z.object({ edit: z.boolean() }),
});
export type DataProtectionPage = z.infer<typeof DataProtectionPage>;
export const DataProtectionResponse = z.object({ data: DataProtectionPage });
export type DataProtectionResponse = z.infer<typeof DataProtectionResponse>;
