import { z } from 'zod';
import { Email, plainText } from './common.ts';

/** The checks a verification makes, in the order it makes them. */
export const VerificationCheckName = z.enum([
  'format',
  'schema',
  'signature',
  'issuer',
  'expiry',
  'revocation',
]);
export type VerificationCheckName = z.infer<typeof VerificationCheckName>;

export const VerificationCheck = z.object({
  check: VerificationCheckName,
  status: z.enum(['passed', 'failed', 'skipped']),
  /** A sentence for people: why it passed, failed or was skipped. */
  message: z.string(),
});
export type VerificationCheck = z.infer<typeof VerificationCheck>;

/** What a verified credential says, as far as it could be read. */
export const CredentialSummary = z.object({
  id: z.string().nullable(),
  name: z.string().nullable(),
  issuer: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  recipientName: z.string().nullable(),
  achievement: z.object({ id: z.string().nullable(), name: z.string().nullable() }).nullable(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
});
export type CredentialSummary = z.infer<typeof CredentialSummary>;

/**
 * The outcome of verifying a credential: `verified` when every check that matters passed, `invalid`
 * when one failed, `unchecked` when none failed but one could not be made (offline, the issuer
 * unreachable, a proof type Trellis does not verify): then nothing bad is known, nothing confirmed.
 */
export const VerificationOutcome = z.enum(['verified', 'invalid', 'unchecked']);
export type VerificationOutcome = z.infer<typeof VerificationOutcome>;

export const VerificationReport = z.object({
  /** True exactly when `outcome` is `verified`. */
  verified: z.boolean(),
  outcome: VerificationOutcome,
  checks: z.array(VerificationCheck),
  credential: CredentialSummary.nullable(),
});
export type VerificationReport = z.infer<typeof VerificationReport>;

export const VerificationResponse = z.object({ data: VerificationReport });
export type VerificationResponse = z.infer<typeof VerificationResponse>;

/** POST /api/verify: the credential itself, or `{ credential }`, or a JSON file upload. */
export const VerifyBody = z.record(z.string(), z.unknown());

export const RevokeAwardBody = z.strictObject({
  reason: plainText(500).pipe(z.string().min(1, 'say why the credential is revoked')),
});
export type RevokeAwardBody = z.infer<typeof RevokeAwardBody>;

/** The most people one cohort award may name. */
export const COHORT_MAX = 2000;

/** Awarding a credential to a cohort: by email addresses or by people's ids, not both. */
export const CohortAwardBody = z
  .strictObject({
    emails: z.array(Email).min(1).max(COHORT_MAX).optional(),
    recipientIds: z.array(z.uuid()).min(1).max(COHORT_MAX).optional(),
  })
  .refine((b) => (b.emails ? 1 : 0) + (b.recipientIds ? 1 : 0) === 1, {
    message: 'give either emails or recipientIds',
    path: ['emails'],
  });
export type CohortAwardBody = z.infer<typeof CohortAwardBody>;

export const AWARD_JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export const AwardJobStatus = z.enum(AWARD_JOB_STATUSES);
export type AwardJobStatus = z.infer<typeof AwardJobStatus>;

/**
 * A cohort award under way or done: how many of `total` were issued, skipped (already held) or
 * not awarded because their batch failed for good (until an administrator retries it).
 */
export const AwardJob = z.object({
  id: z.uuid(),
  credentialId: z.uuid(),
  status: AwardJobStatus,
  total: z.number().int(),
  issued: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type AwardJob = z.infer<typeof AwardJob>;

export const AwardJobResponse = z.object({ data: AwardJob });
export type AwardJobResponse = z.infer<typeof AwardJobResponse>;

export const RevokeAwardResponse = z.object({
  data: z.object({ id: z.uuid(), revokedAt: z.string(), revocationReason: z.string() }),
});
export type RevokeAwardResponse = z.infer<typeof RevokeAwardResponse>;

export const RotateKeyResponse = z.object({
  data: z.object({ did: z.string(), retired: z.string().nullable(), created: z.string() }),
});
export type RotateKeyResponse = z.infer<typeof RotateKeyResponse>;

export const OrgIdParams = z.strictObject({ orgId: z.uuid() });

export const AchievementVersionParams = z.strictObject({
  id: z.uuid(),
  version: z.coerce.number().int().min(1).max(100_000),
});

/** A competency an achievement is aligned to. */
export const PublicCompetency = z.object({
  code: z.string(),
  statement: z.string(),
  framework: z.string(),
  url: z.string(),
});

/** A piece of evidence the earner made public. */
export const PublicEvidence = z.object({
  name: z.string(),
  narrative: z.string().nullable(),
  url: z.string().nullable(),
});

/** A credential's public page: what it is, who earned it, and whether it verifies now. */
export const PublicAward = z.object({
  id: z.uuid(),
  recipientName: z.string(),
  credential: z.object({
    id: z.uuid(),
    title: z.string(),
    kind: z.enum(['micro', 'stack']),
    description: z.string(),
    criteria: z.string(),
    imageUrl: z.string().nullable(),
    competencies: z.array(PublicCompetency),
  }),
  issuer: z.object({ id: z.uuid(), name: z.string(), did: z.string() }),
  issuedAt: z.string(),
  expiresAt: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
  revokedAt: z.string().nullable(),
  revocationReason: z.string().nullable(),
  evidence: z.array(PublicEvidence),
  verification: VerificationReport,
  viewer: z.object({ isRecipient: z.boolean(), canRevoke: z.boolean() }),
  links: z.object({ page: z.string(), json: z.string(), download: z.string() }),
});
export type PublicAward = z.infer<typeof PublicAward>;

export const PublicAwardResponse = z.object({ data: PublicAward });
export type PublicAwardResponse = z.infer<typeof PublicAwardResponse>;
