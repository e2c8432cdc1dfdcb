import { z } from 'zod';

const Named = z.object({ id: z.uuid(), name: z.string() });

/** Where an award stands: revoked by its issuer, past its expiry, or good. */
export const AwardStatus = z.enum(['active', 'expired', 'revoked']);
export type AwardStatus = z.infer<typeof AwardStatus>;

/** An earned credential as its earner sees it in their wallet. */
export const MyAward = z.object({
  id: z.uuid(),
  credential: z.object({ id: z.uuid(), title: z.string(), kind: z.enum(['micro', 'stack']) }),
  issuer: Named,
  issuedAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revocationReason: z.string().nullable(),
  status: AwardStatus,
  /** Consent to be listed on the credential's page among holders open to mentoring. */
  listed: z.boolean(),
  /** The credential's public page (and, by content negotiation, its signed JSON). */
  publicUrl: z.string(),
  /** The badge image of the version awarded, or null when it has none. */
  imageUrl: z.string().nullable(),
});
export type MyAward = z.infer<typeof MyAward>;

export const MyAwardListQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type MyAwardListQuery = z.infer<typeof MyAwardListQuery>;

export const MyAwardListResponse = z.object({ data: z.array(MyAward), nextCursor: z.string().nullable() });
export type MyAwardListResponse = z.infer<typeof MyAwardListResponse>;

export const MyAwardResponse = z.object({ data: MyAward });
export type MyAwardResponse = z.infer<typeof MyAwardResponse>;

export const UpdateMyAwardBody = z.strictObject({ listed: z.boolean() });
export type UpdateMyAwardBody = z.infer<typeof UpdateMyAwardBody>;

/** One's portfolio choice, and the address the public page has (shown only while public). */
export const Portfolio = z.object({ public: z.boolean(), url: z.string() });
export type Portfolio = z.infer<typeof Portfolio>;

export const PortfolioResponse = z.object({ data: Portfolio });
export type PortfolioResponse = z.infer<typeof PortfolioResponse>;

export const UpdatePortfolioBody = z.strictObject({ public: z.boolean() });
export type UpdatePortfolioBody = z.infer<typeof UpdatePortfolioBody>;

/** An active credential as others see it: on a profile or a public portfolio. */
export const ShownAward = z.object({
  id: z.uuid(),
  credential: z.object({ id: z.uuid(), title: z.string() }),
  issuer: Named,
  issuedAt: z.string(),
  expiresAt: z.string().nullable(),
  publicUrl: z.string(),
  imageUrl: z.string().nullable(),
});
export type ShownAward = z.infer<typeof ShownAward>;

export const ShownAwardListResponse = z.object({ data: z.array(ShownAward) });
export type ShownAwardListResponse = z.infer<typeof ShownAwardListResponse>;

export const UserIdParams = z.strictObject({ userId: z.uuid() });

/** A public portfolio: the person's name and role, and their active credentials. Nothing else. */
export const PublicPortfolio = z.object({
  person: z.object({ id: z.uuid(), name: z.string(), roleTitle: z.string().nullable() }),
  awards: z.array(ShownAward),
});
export type PublicPortfolio = z.infer<typeof PublicPortfolio>;

export const PublicPortfolioResponse = z.object({ data: PublicPortfolio });
export type PublicPortfolioResponse = z.infer<typeof PublicPortfolioResponse>;

export const HolderListQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type HolderListQuery = z.infer<typeof HolderListQuery>;

/** Someone who holds a credential, agreed to be listed on it, and is open to mentoring. */
export const Holder = z.object({
  id: z.uuid(),
  name: z.string(),
  roleTitle: z.string().nullable(),
  school: Named.nullable(),
  earnedAt: z.string(),
});
export type Holder = z.infer<typeof Holder>;

export const HolderListResponse = z.object({ data: z.array(Holder), nextCursor: z.string().nullable() });
export type HolderListResponse = z.infer<typeof HolderListResponse>;
