/**
 * The awards of one credential for its issuer's admins: a searchable, keyset-paged list, revoking
 * several at once, and a CSV export streamed in batches (never the whole list in memory).
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeTimeCursor, keysetPage } from '#server/platform/cursor.ts';
import { ForbiddenError, InvalidError, NotFoundError } from '#server/platform/errors.ts';
import type {
  AwardStanding,
  BulkRevokeBody,
  BulkRevokeResponse,
  CredentialAward,
  CredentialAwardsExportQuery,
  CredentialAwardsQuery,
  CredentialAwardsResponse,
} from '#shared/contracts/credential-awards.ts';
import { canAdministerIssuer, visibleCredentialSql } from '../policy.ts';
import { lockAwardsForRevocation, recordRevocation } from './award-service.ts';
import type { CredentialService } from './issuer.ts';
import { awardUrl } from './open-badge.ts';

/** Rows per query of the CSV export: each batch is one short query, written out before the next. */
export const EXPORT_BATCH_SIZE = 500;

type AwardListRow = {
  id: string;
  recipient_id: string;
  recipient_name: string;
  recipient_email: string;
  version: number;
  issued_at: Date | string;
  issued_key: string;
  expires_at: Date | string | null;
  revoked_at: Date | string | null;
  revocation_reason: string | null;
  standing: AwardStanding;
};

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

/**
 * The credential, for its issuer's admins: 404 when the actor may not see it, 403 when they see it
 * but do not administer its issuer.
 */
async function loadIssuedCredential(db: Tx, actor: Actor, credentialId: string) {
  const { rows } = await db.execute<{ id: string; issuer_org_id: string; title: string }>(sql`
    select mc.id, mc.issuer_org_id, mc.title from micro_credentials mc
     where mc.id = ${credentialId} and ${visibleCredentialSql(actor, 'mc')}`);
  const credential = rows[0];
  if (!credential) throw new NotFoundError('No such micro-credential.');
  if (!canAdministerIssuer(actor, credential.issuer_org_id))
    throw new ForbiddenError("Only the issuing organization's administrators may see who holds its awards.");
  return credential;
}

const standingSql = sql`case when a.revoked_at is not null then 'revoked'
  when a.expires_at is not null and a.expires_at <= now() then 'expired' else 'active' end`;

/** One page of a credential's awards, newest first, matching the search; one more than `limit`. */
async function findAwards(
  db: Tx,
  credentialId: string,
  filter: { q?: string; status?: AwardStanding },
  page: { after?: { at: string; id: string }; limit: number },
): Promise<AwardListRow[]> {
  const q = filter.q?.trim().toLowerCase();
  const { rows } = await db.execute<AwardListRow>(sql`
    select a.id, a.recipient_id, u.name as recipient_name, u.email as recipient_email, a.version,
           a.issued_at, a.issued_at::text as issued_key, a.expires_at, a.revoked_at, a.revocation_reason,
           ${standingSql} as standing
      from awards a join users u on u.id = a.recipient_id
     where a.credential_id = ${credentialId}
       ${q ? sql`and (strpos(lower(u.name), ${q}) > 0 or strpos(lower(u.email), ${q}) > 0)` : sql``}
       ${filter.status ? sql`and ${standingSql} = ${filter.status}` : sql``}
       ${page.after ? sql`and (a.issued_at, a.id) < (${page.after.at}::timestamptz, ${page.after.id}::uuid)` : sql``}
     order by a.issued_at desc, a.id desc
     limit ${page.limit + 1}`);
  return rows;
}

const presentAward = (row: AwardListRow): CredentialAward => ({
  id: row.id,
  recipient: { id: row.recipient_id, name: row.recipient_name, email: row.recipient_email },
  version: row.version,
  issuedAt: iso(row.issued_at),
  expiresAt: isoOrNull(row.expires_at),
  status: row.standing,
  revokedAt: isoOrNull(row.revoked_at),
  revocationReason: row.revocation_reason,
});

/** The credential's awards for its issuer's admins: who, when, standing and expiry, searchable. */
export async function listCredentialAwards(args: {
  db: Db;
  actor: Actor;
  credentialId: string;
  query: CredentialAwardsQuery;
}): Promise<CredentialAwardsResponse> {
  const { query } = args;
  const credential = await loadIssuedCredential(args.db, args.actor, args.credentialId);
  const rows = await findAwards(
    args.db,
    credential.id,
    { q: query.q, status: query.status },
    { after: query.cursor ? decodeTimeCursor(query.cursor) : undefined, limit: query.limit },
  );
  const { shown, nextCursor } = keysetPage(rows, query.limit, (row) => [row.issued_key, row.id]);
  return { data: shown.map(presentAward), nextCursor };
}

/**
 * Revokes several awards of one credential for one reason, in one transaction: each is recorded and
 * its earner told as a single revocation is, and each status list touched is re-signed once. Awards
 * already revoked are counted, not refused; an id that is not an award of this credential is a 400.
 */
export async function bulkRevokeAwards(args: {
  db: Db;
  issuer: CredentialService;
  actor: Actor;
  credentialId: string;
  body: BulkRevokeBody;
  publicUrl: string;
}): Promise<BulkRevokeResponse['data']> {
  const { actor, body } = args;
  const ids = [...new Set(body.awardIds)];
  return args.db.transaction(async (tx) => {
    const credential = await loadIssuedCredential(tx, actor, args.credentialId);
    const awards = await lockAwardsForRevocation(tx, ids, credential.id);
    const found = new Set(awards.map((a) => a.id));
    const unknown = body.awardIds.flatMap((id, index) => (found.has(id) ? [] : [index]));
    if (unknown.length)
      throw new InvalidError(
        `${unknown.length} of the chosen awards are not awards of this credential.`,
        unknown.map((index) => ({
          path: `/body/awardIds/${index}`,
          message: 'is not an award of this credential',
        })),
      );
    const open = awards.filter((a) => !a.revoked_at);
    for (const award of open)
      await recordRevocation(tx, { actor, award, reason: body.reason, publicUrl: args.publicUrl });
    for (const listId of new Set(open.map((a) => a.status_list_id)))
      await args.issuer.resignStatusList(tx, listId);
    return { revoked: open.length, alreadyRevoked: awards.length - open.length };
  });
}

/**
 * A spreadsheet cell: quoted when it holds a comma, quote or line break, and a leading =, +, -, @,
 * tab or carriage return defused with an apostrophe so no spreadsheet runs it as a formula.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const csvLine = (cells: string[]) => `${cells.map(csvCell).join(',')}\r\n`;

export const AWARD_CSV_HEADER = [
  'Name',
  'Email',
  'Status',
  'Issued',
  'Expires',
  'Revoked',
  'Revocation reason',
  'Version',
  'Credential address',
];

/**
 * The credential's awards matching the search as CSV, checked for the actor first (so refusals are
 * ordinary problem answers), then read batch by batch with a keyset as the stream is consumed.
 */
export async function exportCredentialAwards(args: {
  db: Db;
  actor: Actor;
  credentialId: string;
  query: CredentialAwardsExportQuery;
  publicUrl: string;
}): Promise<{ title: string; lines: AsyncGenerator<string> }> {
  const credential = await loadIssuedCredential(args.db, args.actor, args.credentialId);
  async function* lines(): AsyncGenerator<string> {
    yield `\uFEFF${csvLine(AWARD_CSV_HEADER)}`;
    let after: { at: string; id: string } | undefined;
    for (;;) {
      const rows = await findAwards(args.db, credential.id, args.query, {
        after,
        limit: EXPORT_BATCH_SIZE - 1,
      });
      if (!rows.length) return;
      yield rows
        .map((row) =>
          csvLine([
            row.recipient_name,
            row.recipient_email,
            row.standing,
            iso(row.issued_at),
            row.expires_at ? iso(row.expires_at) : '',
            row.revoked_at ? iso(row.revoked_at) : '',
            row.revocation_reason ?? '',
            String(row.version),
            awardUrl(args.publicUrl, row.id),
          ]),
        )
        .join('');
      if (rows.length < EXPORT_BATCH_SIZE) return;
      const last = rows[rows.length - 1];
      after = { at: last.issued_key, id: last.id };
    }
  }
  return { title: credential.title, lines: lines() };
}
