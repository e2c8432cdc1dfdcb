import { z } from 'zod';

/**
 * The LRS's actor identities as a district administrator sees them (decision 050): statements whose
 * actor matched no one of the district, grouped by identity, and the identities mapped by hand to a
 * staff member. An identity is named by its canonical key (`mbox:mailto:…`, `mbox_sha1sum:…`,
 * `openid:…`, `account:<homePage> <name>`).
 */

export const IFI_KINDS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;
export const IfiKind = z.enum(IFI_KINDS);
export type IfiKind = z.infer<typeof IfiKind>;

const Timestamp = z.iso.datetime({ offset: true });

/** The sending tools: the API clients whose statements carry the identity. */
export const LrsTool = z.object({ id: z.uuid(), name: z.string() });

export const UnmatchedIdentity = z.object({
  key: z.string(),
  kind: IfiKind,
  /** How the identity reads: an email, an account's home page and name, an OpenID URI, a SHA-1. */
  label: z.string(),
  /** The name the statements gave the actor, if any. */
  name: z.string().nullable(),
  statements: z.number().int(),
  lastSeen: Timestamp,
  tools: z.array(LrsTool),
});
export type UnmatchedIdentity = z.infer<typeof UnmatchedIdentity>;

export const UnmatchedIdentityListResponse = z.object({
  data: z.array(UnmatchedIdentity),
  nextCursor: z.string().nullable(),
});
export type UnmatchedIdentityListResponse = z.infer<typeof UnmatchedIdentityListResponse>;

export const IdentityLink = z.object({
  id: z.uuid(),
  key: z.string(),
  kind: IfiKind,
  label: z.string(),
  person: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  createdAt: Timestamp,
  createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});
export type IdentityLink = z.infer<typeof IdentityLink>;

export const IdentityLinkListResponse = z.object({
  data: z.array(IdentityLink),
  nextCursor: z.string().nullable(),
});
export type IdentityLinkListResponse = z.infer<typeof IdentityLinkListResponse>;

export const CreateIdentityLinkBody = z.strictObject({
  key: z.string().trim().min(1).max(2000),
  userId: z.uuid(),
});
export type CreateIdentityLinkBody = z.infer<typeof CreateIdentityLinkBody>;

export const CreateIdentityLinkResponse = z.object({
  data: IdentityLink,
  /** Statements stored before that now belong to the person. */
  matched: z.number().int(),
  /** Of those, the ones that entered the person's learning log. */
  logged: z.number().int(),
});
export type CreateIdentityLinkResponse = z.infer<typeof CreateIdentityLinkResponse>;

export const DeleteIdentityLinkResponse = z.object({
  /** Statements that no longer belong to the person. */
  unmatched: z.number().int(),
});
export type DeleteIdentityLinkResponse = z.infer<typeof DeleteIdentityLinkResponse>;

/** The district's LRS: where tools send statements and the home pages whose accounts name its people. */
export const LrsSettings = z.object({
  endpoint: z.string(),
  /** Trellis's own address: accounts on it name people by their Trellis id, email or roster id. */
  trellisHomePage: z.string(),
  /** The home page of the district's other systems whose account names are emails, ids or roster ids. */
  homePage: z.string().nullable(),
});
export type LrsSettings = z.infer<typeof LrsSettings>;
export const LrsSettingsResponse = z.object({ data: LrsSettings });

export const UpdateLrsSettingsBody = z.strictObject({
  homePage: z
    .string()
    .trim()
    .max(500)
    .refine((s) => s === '' || /^https?:\/\/[^\s]+$/i.test(s), 'must be an http or https address')
    .nullable(),
});
export type UpdateLrsSettingsBody = z.infer<typeof UpdateLrsSettingsBody>;
