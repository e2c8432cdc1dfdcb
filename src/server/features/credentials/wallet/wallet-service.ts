import type { Db } from '#server/db/client.ts';
import { loadVisibleProfile } from '#server/features/profiles/index.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeTimeCursor, keysetPage } from '#server/platform/cursor.ts';
import { NotFoundError } from '#server/platform/errors.ts';
import type {
  HolderListQuery,
  HolderListResponse,
  MyAward,
  MyAwardListQuery,
  MyAwardListResponse,
  Portfolio,
  PublicPortfolio,
  ShownAward,
} from '#shared/contracts/wallet.ts';
import {
  type AwardRow,
  findPublicPortfolioPerson,
  findRecipientAward,
  isCredentialVisible,
  isPortfolioPublic,
  listActiveAwards,
  listCredentialHolders,
  listRecipientAwards,
  setAwardListed,
  setPortfolioPublic,
} from './queries.ts';

/** How many credentials a profile or public portfolio shows: the most recent ones. */
export const SHOWN_AWARDS_MAX = 200;

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

/** The public page of an issued credential (its signed JSON too, by content negotiation). */
export const awardPublicUrl = (publicUrl: string, awardId: string) => `${publicUrl}/credentials/${awardId}`;

/** The public address of a person's portfolio. */
export const portfolioUrl = (publicUrl: string, userId: string) => `${publicUrl}/portfolio/${userId}`;

const awardImageUrl = (row: AwardRow) =>
  row.has_image ? `/api/public/micro-credentials/${row.credential_id}/versions/${row.version}/image` : null;

function presentMyAward(row: AwardRow, publicUrl: string): MyAward {
  return {
    id: row.id,
    credential: { id: row.credential_id, title: row.title, kind: row.kind },
    issuer: { id: row.issuer_org_id, name: row.issuer_name },
    issuedAt: iso(row.issued_at),
    expiresAt: isoOrNull(row.expires_at),
    revokedAt: isoOrNull(row.revoked_at),
    revocationReason: row.revocation_reason,
    status: row.status,
    listed: row.listed,
    publicUrl: awardPublicUrl(publicUrl, row.id),
    imageUrl: awardImageUrl(row),
  };
}

/** An active award as others see it: no consent flag, no revocation details. */
function presentShownAward(row: AwardRow, publicUrl: string): ShownAward {
  return {
    id: row.id,
    credential: { id: row.credential_id, title: row.title },
    issuer: { id: row.issuer_org_id, name: row.issuer_name },
    issuedAt: iso(row.issued_at),
    expiresAt: isoOrNull(row.expires_at),
    publicUrl: awardPublicUrl(publicUrl, row.id),
    imageUrl: awardImageUrl(row),
  };
}

/** One's own awards, newest first, whatever their status. */
export async function listMyAwards(args: {
  db: Db;
  actor: Actor;
  query: MyAwardListQuery;
  publicUrl: string;
}): Promise<MyAwardListResponse> {
  const { query } = args;
  const rows = await listRecipientAwards(args.db, {
    recipientId: args.actor.userId,
    after: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
    limit: query.limit,
  });
  const { shown, nextCursor } = keysetPage(rows, query.limit, (row) => [row.issued_key, row.id]);
  return { data: shown.map((row) => presentMyAward(row, args.publicUrl)), nextCursor };
}

/** Changes one's consent to be listed on the credential's page; someone else's award is a 404. */
export async function updateMyAward(args: {
  db: Db;
  actor: Actor;
  awardId: string;
  listed: boolean;
  publicUrl: string;
}): Promise<MyAward> {
  return args.db.transaction(async (tx) => {
    const changed = await setAwardListed(tx, {
      recipientId: args.actor.userId,
      awardId: args.awardId,
      listed: args.listed,
    });
    const row = changed ? await findRecipientAward(tx, args.actor.userId, args.awardId) : null;
    if (!row) throw new NotFoundError('No such credential of yours.');
    return presentMyAward(row, args.publicUrl);
  });
}

/** Whether one's portfolio is public, and its address. */
export async function getMyPortfolio(args: { db: Db; actor: Actor; publicUrl: string }): Promise<Portfolio> {
  return {
    public: await isPortfolioPublic(args.db, args.actor.userId),
    url: portfolioUrl(args.publicUrl, args.actor.userId),
  };
}

/** Makes one's portfolio public or private, recorded in the activity stream as a profile change. */
export async function updateMyPortfolio(args: {
  db: Db;
  actor: Actor;
  isPublic: boolean;
  publicUrl: string;
}): Promise<Portfolio> {
  const { actor } = args;
  await args.db.transaction(async (tx) => {
    await setPortfolioPublic(tx, actor.userId, args.isPublic);
    await recordActivity(tx, {
      actor,
      verb: 'updated',
      object: { type: 'profile', id: actor.userId, name: actor.name },
      result: { extensions: { 'https://trellis.dev/xapi/extensions/fields': ['portfolioPublic'] } },
    });
  });
  return { public: args.isPublic, url: portfolioUrl(args.publicUrl, args.actor.userId) };
}

/**
 * A public portfolio: the person's name, role title and active credentials. Unknown people,
 * deactivated people and private portfolios all get the same 404, so nobody learns who exists.
 */
export async function getPublicPortfolio(args: {
  db: Db;
  userId: string;
  publicUrl: string;
}): Promise<PublicPortfolio> {
  const person = await findPublicPortfolioPerson(args.db, args.userId);
  if (!person) throw new NotFoundError('No such portfolio.');
  const awards = await listActiveAwards(args.db, person.id, SHOWN_AWARDS_MAX);
  return {
    person: { id: person.id, name: person.name, roleTitle: person.role_title },
    awards: awards.map((row) => presentShownAward(row, args.publicUrl)),
  };
}

/**
 * A person's active credentials, for their profile page: shown to whoever may open the profile. A
 * viewer outside the person's network (a visitor to a public profile) sees them only when the person
 * also made their portfolio public, since that is their choice to show credentials to anyone.
 */
export async function listProfileAwards(args: {
  db: Db;
  actor: Actor | null;
  userId: string;
  publicUrl: string;
}): Promise<ShownAward[]> {
  const { row, relation } = await loadVisibleProfile(args.db, args.actor, args.userId);
  if (relation === 'public' && !(await isPortfolioPublic(args.db, row.id))) return [];
  const awards = await listActiveAwards(args.db, row.id, SHOWN_AWARDS_MAX);
  return awards.map((award) => presentShownAward(award, args.publicUrl));
}

/**
 * The people who hold a credential the viewer may see, consented to be listed on it and are open to
 * mentoring, as far as the directory lets the viewer find them. A credential the viewer may not see
 * is a 404.
 */
export async function listHolders(args: {
  db: Db;
  actor: Actor;
  credentialId: string;
  query: HolderListQuery;
}): Promise<HolderListResponse> {
  const { actor, query } = args;
  if (!(await isCredentialVisible(args.db, actor, args.credentialId)))
    throw new NotFoundError('No such micro-credential.');
  const rows = await listCredentialHolders(args.db, {
    viewer: actor,
    credentialId: args.credentialId,
    after: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
    limit: query.limit,
  });
  const { shown, nextCursor } = keysetPage(rows, query.limit, (row) => [row.issued_key, row.award_id]);
  return {
    data: shown.map((row) => ({
      id: row.id,
      name: row.name,
      roleTitle: row.role_title,
      school: row.school_id && row.school_name ? { id: row.school_id, name: row.school_name } : null,
      earnedAt: iso(row.issued_at),
    })),
    nextCursor,
  };
}
