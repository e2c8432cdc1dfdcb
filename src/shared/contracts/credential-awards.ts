import { z } from 'zod';
import { line, plainText } from './common.ts';

/** An award's standing now: revoked wins over expired. */
export const AwardStanding = z.enum(['active', 'expired', 'revoked']);
export type AwardStanding = z.infer<typeof AwardStanding>;

/** The awards of one credential, for its issuer's admins: search by name or email, filter by standing. */
export const CredentialAwardsQuery = z.strictObject({
  q: line(200).optional(),
  status: AwardStanding.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type CredentialAwardsQuery = z.infer<typeof CredentialAwardsQuery>;

/** The same search and filter, for the CSV export of every matching award. */
export const CredentialAwardsExportQuery = CredentialAwardsQuery.pick({ q: true, status: true });
export type CredentialAwardsExportQuery = z.infer<typeof CredentialAwardsExportQuery>;

/** One award of a credential as its issuer's admins see it. */
export const CredentialAward = z.object({
  id: z.uuid(),
  recipient: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  version: z.number().int(),
  issuedAt: z.string(),
  expiresAt: z.string().nullable(),
  status: AwardStanding,
  revokedAt: z.string().nullable(),
  revocationReason: z.string().nullable(),
});
export type CredentialAward = z.infer<typeof CredentialAward>;

export const CredentialAwardsResponse = z.object({
  data: z.array(CredentialAward),
  nextCursor: z.string().nullable(),
});
export type CredentialAwardsResponse = z.infer<typeof CredentialAwardsResponse>;

/** The most awards one bulk revocation may name. */
export const BULK_REVOKE_MAX = 200;

/** Revokes several awards of one credential at once, for one reason. */
export const BulkRevokeBody = z.strictObject({
  awardIds: z.array(z.uuid()).min(1, 'choose at least one award').max(BULK_REVOKE_MAX),
  reason: plainText(500).pipe(z.string().min(1, 'say why the credentials are revoked')),
});
export type BulkRevokeBody = z.infer<typeof BulkRevokeBody>;

/** What a bulk revocation did: awards revoked now, and those that were revoked already. */
export const BulkRevokeResponse = z.object({
  data: z.object({ revoked: z.number().int(), alreadyRevoked: z.number().int() }),
});
export type BulkRevokeResponse = z.infer<typeof BulkRevokeResponse>;

/** The addresses an issuer means to award a credential to, checked before anything is issued. */
export const CohortPreviewBody = z.strictObject({
  emails: z.array(z.string().trim().max(320)).min(1, 'give at least one address').max(2000),
});
export type CohortPreviewBody = z.infer<typeof CohortPreviewBody>;

/** What awarding would do for one address: issue, skip (held already), or refuse the row and why. */
export const CohortPreviewRow = z.object({
  /** Its place in the list sent, from 1. */
  row: z.number().int(),
  email: z.string(),
  outcome: z.enum(['ready', 'already_holds', 'not_an_address', 'not_found', 'repeated']),
  message: z.string(),
});
export type CohortPreviewRow = z.infer<typeof CohortPreviewRow>;

export const CohortPreviewResponse = z.object({
  data: z.object({
    /** The addresses that would be issued the credential, lower-cased, once each. */
    ready: z.array(z.string()),
    rows: z.array(CohortPreviewRow),
  }),
});
export type CohortPreviewResponse = z.infer<typeof CohortPreviewResponse>;
