import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ts, tsvector } from '#server/db/columns.ts';
import { organizations, users } from '#server/features/accounts/schema.ts';
import { AWARD_JOB_STATUSES } from '#shared/contracts/awards.ts';
import { CREDENTIAL_KINDS, CREDENTIAL_STATUSES } from '#shared/contracts/micro-credentials.ts';
import { REVIEW_DECISIONS, REVIEW_ROLES, SUBMISSION_STATUSES } from '#shared/contracts/submissions.ts';

/**
 * A competency framework owned by a district or network: written in Trellis or imported from a CASE
 * 1.0 package (then `caseIdentifier` is the CFDocument's identifier, so re-importing updates it).
 */
export const competencyFrameworks = pgTable(
  'competency_frameworks',
  {
    id: id(),
    ownerOrgId: uuid('owner_org_id')
      .notNull()
      .references(() => organizations.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    creator: text('creator').notNull().default(''),
    version: text('version').notNull().default(''),
    caseIdentifier: text('case_identifier'),
    caseUri: text('case_uri'),
    /** The CASE source's lastChangeDateTime when imported; null for frameworks written in Trellis. */
    caseLastChangeAt: ts('case_last_change_at'),
    /** Served on the public CASE addresses; private (its owner's scope only) until its admins publish it. */
    published: boolean('published').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    index('competency_frameworks_owner_idx').on(t.ownerOrgId, t.title),
    uniqueIndex('competency_frameworks_case_idx').on(t.ownerOrgId, t.caseIdentifier),
  ],
);

/** One competency in a framework, nested under its parent (CASE CFItem; hierarchy from isChildOf). */
export const competencies = pgTable(
  'competencies',
  {
    id: id(),
    frameworkId: uuid('framework_id')
      .notNull()
      .references(() => competencyFrameworks.id),
    parentId: uuid('parent_id'),
    /** Human coding scheme, e.g. "TL.2.1". */
    code: text('code').notNull().default(''),
    statement: text('statement').notNull(),
    description: text('description').notNull().default(''),
    itemType: text('item_type').notNull().default(''),
    caseIdentifier: text('case_identifier'),
    caseUri: text('case_uri'),
    /** The CASE source's lastChangeDateTime when imported; null for competencies written in Trellis. */
    caseLastChangeAt: ts('case_last_change_at'),
    /** Order among siblings, from 0. */
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    index('competencies_tree_idx').on(t.frameworkId, t.parentId, t.position),
    uniqueIndex('competencies_case_idx').on(t.frameworkId, t.caseIdentifier),
  ],
);

/** What evidence a micro-credential asks for: one prompt, answered in the kind it names. */
export interface EvidencePrompt {
  id: string;
  kind: 'reflection' | 'file' | 'link' | 'video' | 'resource' | 'activity';
  prompt: string;
  required: boolean;
}
/** A rubric: criteria scored on ordered levels (0 = lowest), and the rule for passing. */
export interface Rubric {
  levels: Array<{ id: string; name: string }>;
  criteria: Array<{ id: string; name: string; descriptors: string[] }>;
  /** Every criterion must reach `minLevel` (an index into levels). */
  passing: { minLevel: number };
}

/**
 * A micro-credential (kind micro) or a stack credential (kind stack: earned by earning every member
 * of the stack). The row holds the current version's title for lists and search; each version is
 * kept whole in micro_credential_versions, and a submission is judged against the one it started on.
 */
export const microCredentials = pgTable(
  'micro_credentials',
  {
    id: id(),
    kind: text('kind', { enum: CREDENTIAL_KINDS }).notNull().default('micro'),
    /** The district or network that issues it and signs what it awards. */
    issuerOrgId: uuid('issuer_org_id')
      .notNull()
      .references(() => organizations.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: CREDENTIAL_STATUSES }).notNull().default('draft'),
    currentVersion: integer('current_version').notNull().default(1),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`to_tsvector('english', title || ' ' || summary)`,
    ),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    index('micro_credentials_issuer_idx').on(t.issuerOrgId, t.status, t.updatedAt),
    index('micro_credentials_search_idx').using('gin', t.searchVector),
  ],
);

export const microCredentialVersions = pgTable(
  'micro_credential_versions',
  {
    credentialId: uuid('credential_id')
      .notNull()
      .references(() => microCredentials.id),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    /** How it is earned, in words: the OB 3.0 achievement's criteria narrative. */
    criteria: text('criteria').notNull().default(''),
    /** Storage key of the badge image (PNG or SVG), if any. */
    imageKey: text('image_key'),
    imageType: text('image_type'),
    competencyIds: uuid('competency_ids').array().notNull().default(sql`'{}'`),
    evidencePrompts: jsonb('evidence_prompts').$type<EvidencePrompt[]>().notNull().default([]),
    rubric: jsonb('rubric').$type<Rubric | null>(),
    /** Teams of up to this many may submit together; 1 means individuals only. */
    maxTeamSize: integer('max_team_size').notNull().default(1),
    /** Whether an award needs two assessors to agree (disagreement goes to a lead assessor). */
    secondAssessor: boolean('second_assessor').notNull().default(false),
    /** An award expires this many days after it is issued; null: never. */
    validForDays: integer('valid_for_days'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.credentialId, t.version] })],
);

/** Who may review submissions for a credential; a lead settles disagreements. */
export const microCredentialAssessors = pgTable(
  'micro_credential_assessors',
  {
    credentialId: uuid('credential_id')
      .notNull()
      .references(() => microCredentials.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    lead: boolean('lead').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.credentialId, t.userId] }),
    index('micro_credential_assessors_user_idx').on(t.userId),
  ],
);

/** The micro-credentials a stack credential is made of, in order. */
export const stackMembers = pgTable(
  'stack_members',
  {
    stackId: uuid('stack_id')
      .notNull()
      .references(() => microCredentials.id),
    credentialId: uuid('credential_id')
      .notNull()
      .references(() => microCredentials.id),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.stackId, t.credentialId] }),
    index('stack_members_credential_idx').on(t.credentialId),
  ],
);

/** An answer to one evidence prompt. Private evidence never leaves Trellis in a public credential. */
export interface EvidenceAnswer {
  promptId: string;
  text?: string;
  url?: string;
  fileId?: string;
  filename?: string;
  contentType?: string;
  resourceId?: string;
  statementId?: string;
  /**
   * A clip of the earner's lesson video (the video feature's), offered with their consent at
   * `consentedAt`; assessors play it through a grant. The video may be deleted later: the answer
   * stays, shown as removed by its owner.
   */
  videoClip?: { videoId: string; start: number; end: number; withComments: boolean; consentedAt: string };
  /** Private evidence (classroom video is private unless the earner says otherwise). */
  private: boolean;
}

/**
 * One attempt at a micro-credential by a teacher or a team, judged against the version it started
 * on. Evidence is drafted (autosaved) until submitted; each submitted round is kept in
 * submission_rounds, so a revised resubmission keeps its history.
 */
export const submissions = pgTable(
  'submissions',
  {
    id: id(),
    credentialId: uuid('credential_id')
      .notNull()
      .references(() => microCredentials.id),
    version: integer('version').notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: SUBMISSION_STATUSES }).notNull().default('draft'),
    /** The round under way: 1 for the first submission, +1 on each resubmission after revise. */
    round: integer('round').notNull().default(1),
    evidence: jsonb('evidence').$type<EvidenceAnswer[]>().notNull().default([]),
    startedAt: createdAt('started_at'),
    submittedAt: ts('submitted_at'),
    decidedAt: ts('decided_at'),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    index('submissions_owner_idx').on(t.ownerId, t.updatedAt),
    index('submissions_queue_idx').on(t.credentialId, t.status, t.submittedAt),
    // The review queue walks each assessed credential's waiting submissions oldest first and stops
    // at a page, from the index alone (status, round and version are what it filters on).
    index('submissions_waiting_idx')
      .on(t.credentialId, t.submittedAt, t.id, t.status, t.round, t.version)
      .where(sql`${t.status} in ('submitted', 'escalated')`),
  ],
);

/** Everyone a submission is for: the owner and, for a team, its other members. */
export const submissionMembers = pgTable(
  'submission_members',
  {
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [
    primaryKey({ columns: [t.submissionId, t.userId] }),
    index('submission_members_user_idx').on(t.userId),
  ],
);

/** The evidence as it stood when each round was submitted. */
export const submissionRounds = pgTable(
  'submission_rounds',
  {
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id),
    round: integer('round').notNull(),
    evidence: jsonb('evidence').$type<EvidenceAnswer[]>().notNull(),
    submittedAt: createdAt('submitted_at'),
  },
  (t) => [primaryKey({ columns: [t.submissionId, t.round] })],
);

/** An assessor's judgement of one round: a level and feedback per criterion, and a decision. */
export const submissionReviews = pgTable(
  'submission_reviews',
  {
    id: id(),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id),
    round: integer('round').notNull(),
    assessorId: uuid('assessor_id')
      .notNull()
      .references(() => users.id),
    /** first, second, or lead (settling a disagreement). */
    role: text('role', { enum: REVIEW_ROLES }).notNull(),
    scores: jsonb('scores')
      .$type<Array<{ criterionId: string; level: number; feedback: string }>>()
      .notNull(),
    feedback: text('feedback').notNull().default(''),
    decision: text('decision', { enum: REVIEW_DECISIONS }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('submission_reviews_once_idx').on(t.submissionId, t.round, t.assessorId),
    index('submission_reviews_assessor_idx').on(t.assessorId, t.createdAt),
  ],
);

/**
 * An Ed25519 key an organization signs credentials with. The private key is stored encrypted with
 * the deployment's CREDENTIAL_KEY_SECRET. Rotating retires the active key but keeps it in the
 * organization's DID document, so credentials signed with it still verify.
 */
export const issuerKeys = pgTable(
  'issuer_keys',
  {
    id: id(),
    orgId: uuid('org_id').references(() => organizations.id),
    /** Fragment of the verification method in the DID document, e.g. "key-1". */
    fragment: text('fragment').notNull(),
    publicKeyMultibase: text('public_key_multibase').notNull(),
    secretKeyEncrypted: text('secret_key_encrypted').notNull(),
    createdAt: createdAt(),
    retiredAt: ts('retired_at'),
  },
  (t) => [
    uniqueIndex('issuer_keys_fragment_idx').on(t.orgId, t.fragment),
    uniqueIndex('issuer_keys_active_idx').on(t.orgId).where(sql`${t.retiredAt} is null`),
  ],
);

/** A Bitstring Status List (revocation) of an issuing organization. */
export const statusLists = pgTable(
  'status_lists',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    purpose: text('purpose', { enum: ['revocation'] })
      .notNull()
      .default('revocation'),
    /** Number of entries (bits); at least 131,072 so a list does not single anyone out. */
    length: integer('length').notNull(),
    nextIndex: integer('next_index').notNull().default(0),
    /** The signed BitstringStatusListCredential as last issued; re-signed when an entry changes. */
    credential: jsonb('credential'),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [index('status_lists_org_idx').on(t.orgId, t.nextIndex)],
);

/**
 * An issued credential: the signed OpenBadgeCredential exactly as issued, with its place in the
 * issuer's status list. Awards are never edited: only revoked (and, if need be, issued again).
 */
export const awards = pgTable(
  'awards',
  {
    id: id(),
    credentialId: uuid('credential_id')
      .notNull()
      .references(() => microCredentials.id),
    version: integer('version').notNull(),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => users.id),
    submissionId: uuid('submission_id').references(() => submissions.id),
    issuerOrgId: uuid('issuer_org_id')
      .notNull()
      .references(() => organizations.id),
    issuedBy: uuid('issued_by').references(() => users.id),
    statusListId: uuid('status_list_id')
      .notNull()
      .references(() => statusLists.id),
    statusIndex: integer('status_index').notNull(),
    document: jsonb('document').notNull(),
    issuedAt: createdAt('issued_at'),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
    revokedBy: uuid('revoked_by').references(() => users.id),
    revocationReason: text('revocation_reason'),
    /** Consent: listed on the credential's page among holders (shown when open to mentoring). */
    listed: boolean('listed').notNull().default(false),
  },
  (t) => [
    index('awards_recipient_idx').on(t.recipientId, t.issuedAt),
    index('awards_credential_idx').on(t.credentialId, t.issuedAt),
    uniqueIndex('awards_status_idx').on(t.statusListId, t.statusIndex),
    uniqueIndex('awards_current_idx').on(t.credentialId, t.recipientId).where(sql`${t.revokedAt} is null`),
  ],
);

/** Awarding a credential to a cohort at once, done in the background with progress shown. */
export const awardJobs = pgTable('award_jobs', {
  id: id(),
  credentialId: uuid('credential_id')
    .notNull()
    .references(() => microCredentials.id),
  requestedBy: uuid('requested_by')
    .notNull()
    .references(() => users.id),
  recipientIds: uuid('recipient_ids').array().notNull(),
  status: text('status', { enum: AWARD_JOB_STATUSES }).notNull().default('queued'),
  issued: integer('issued').notNull().default(0),
  skipped: integer('skipped').notNull().default(0),
  /** The cohort is issued in batches of this many, each a job of its own (decision 016). */
  batchSize: integer('batch_size').notNull().default(50),
  /** The batches issued: a batch claims its number here in the transaction that issues it. */
  batchesDone: integer('batches_done').array().notNull().default(sql`'{}'`),
  /** The batches whose last attempt failed, until one is retried and done. */
  batchesFailed: integer('batches_failed').array().notNull().default(sql`'{}'`),
  error: text('error'),
  createdAt: createdAt(),
  finishedAt: ts('finished_at'),
});
