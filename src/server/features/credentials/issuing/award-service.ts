/**
 * What people do with issued credentials: view an award's public page, revoke it (issuer admins),
 * rotate an issuer's key, and read a version's OB 3.0 Achievement.
 */
import { sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { Db, Tx } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '#server/platform/errors.ts';
import type {
  PublicAward,
  RevokeAwardResponse,
  RotateKeyResponse,
  VerificationCheckName,
} from '#shared/contracts/awards.ts';
import { canAdministerIssuer } from '../policy.ts';
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from './contexts.ts';
import { issuerDid } from './did.ts';
import type { CredentialService } from './issuer.ts';
import { achievementImageUrl, awardUrl, buildAchievement } from './open-badge.ts';
import { achievementFacts, findIssuable } from './queries.ts';

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

type AwardRow = {
  id: string;
  credential_id: string;
  version: number;
  recipient_id: string;
  recipient_name: string;
  issuer_org_id: string;
  issuer_name: string;
  status_list_id: string;
  issued_at: Date | string;
  expires_at: Date | string | null;
  revoked_at: Date | string | null;
  revocation_reason: string | null;
  kind: 'micro' | 'stack';
  title: string;
  description: string;
  criteria: string;
  image_key: string | null;
  competencies: Array<{
    id: string;
    code: string;
    statement: string;
    case_uri: string | null;
    framework_title: string;
  }>;
  /** What the award's verification depends on besides its document: see `verificationKey`. */
  list_version: string | null;
  keys_version: string | null;
};

/**
 * An award's public page in one prepared statement: the award, its earner's and issuer's names, the
 * version it was issued at with its competencies, and the versions of what verifying it reads (its
 * status list as last signed, the issuer's keys). Not the document: it is read only to verify.
 */
async function findAward(db: Db, awardId: string): Promise<AwardRow | null> {
  const rows = await namedQuery<AwardRow>(
    db,
    'credentials-public-award',
    sql`select a.id, a.credential_id, a.version, a.recipient_id, u.name as recipient_name, a.issuer_org_id,
               o.name as issuer_name, a.status_list_id, a.issued_at, a.expires_at, a.revoked_at,
               a.revocation_reason, mc.kind, v.title, v.description, v.criteria, v.image_key,
               (select coalesce(json_agg(json_build_object('id', c.id, 'code', c.code, 'statement', c.statement,
                         'case_uri', c.case_uri, 'framework_title', f.title) order by want.ord), '[]')
                  from unnest(v.competency_ids) with ordinality as want(id, ord)
                  join competencies c on c.id = want.id
                  join competency_frameworks f on f.id = c.framework_id) as competencies,
               sl.updated_at::text as list_version,
               (select string_agg(k.id::text || ':' || coalesce(k.retired_at::text, ''), ',' order by k.id)
                  from issuer_keys k where k.org_id = a.issuer_org_id) as keys_version
          from awards a
          join users u on u.id = a.recipient_id
          join organizations o on o.id = a.issuer_org_id
          join micro_credentials mc on mc.id = a.credential_id
          join micro_credential_versions v on v.credential_id = a.credential_id and v.version = a.version
          left join status_lists sl on sl.id = a.status_list_id
         where a.id = ${awardId}`,
  );
  return rows[0] ?? null;
}

/** The signed document of an award, exactly as issued; null when there is no such award. */
export async function awardDocument(db: Db, awardId: string): Promise<Record<string, unknown> | null> {
  const rows = await namedQuery<{ document: Record<string, unknown> }>(
    db,
    'credentials-award-document',
    sql`select document from awards where id = ${awardId}`,
  );
  return rows[0]?.document ?? null;
}

type EvidenceEntry = { name?: unknown; narrative?: unknown; id?: unknown };

/** The evidence the credential itself carries: what the earner made public when it was issued. */
function evidenceOf(document: Record<string, unknown>): PublicAward['evidence'] {
  const entries = Array.isArray(document.evidence) ? (document.evidence as EvidenceEntry[]) : [];
  return entries.map((e) => ({
    name: typeof e.name === 'string' ? e.name : 'Evidence',
    narrative: typeof e.narrative === 'string' ? e.narrative : null,
    url: typeof e.id === 'string' && /^https?:\/\//.test(e.id) ? e.id : null,
  }));
}

/**
 * An award's verification and evidence, remembered per instance. A stored award's document never
 * changes, so its verification changes only with what the key holds: its revocation (set with its
 * status list, re-signed in the same transaction), its status list as last signed, and its issuer's
 * keys (a rotation adds one, a retirement marks one); each is read afresh with the award on every
 * request. Its validity dates are checked again once the earliest of them has passed.
 */
interface RememberedVerification {
  verification: PublicAward['verification'];
  evidence: PublicAward['evidence'];
  /** Both as the page's JSON text writes them, `"evidence":…,"verification":…`, written once. */
  text: string;
  /** The local time (ms) from which the dates must be checked again, or null when nothing is ahead. */
  recheckAt: number | null;
}
const verifications = new WeakMap<CredentialService, LRUCache<string, RememberedVerification>>();

const verificationKey = (row: AwardRow) =>
  `${row.id}|${row.revoked_at === null ? '' : iso(row.revoked_at)}|${row.list_version ?? ''}|${row.keys_version ?? ''}`;

/** Checks whose "skipped" means "could not be checked this time", not "does not apply". */
const TRANSIENT = new Set<VerificationCheckName>(['signature', 'issuer', 'revocation']);

/** Verifications under way, by key: requests for an award nobody has verified yet wait for one. */
const verifying = new Map<string, Promise<RememberedVerification>>();

async function verifiedAward(
  db: Db,
  issuer: CredentialService,
  row: AwardRow,
): Promise<RememberedVerification> {
  let cache = verifications.get(issuer);
  if (!cache) {
    // Bounded by size as well as count: a report with its evidence runs to a few kilobytes.
    cache = new LRUCache({
      max: 20_000,
      maxSize: 32 * 1024 * 1024,
      sizeCalculation: (remembered) => JSON.stringify(remembered).length,
    });
    verifications.set(issuer, cache);
  }
  const key = verificationKey(row);
  const known = cache.get(key);
  if (known && (known.recheckAt === null || Date.now() < known.recheckAt)) return known;
  // The same key means the same document, revocation, list and keys: one verification serves all.
  const flightKey = `${key}|${known ? 'again' : 'first'}`;
  const underway = verifying.get(flightKey);
  if (underway) return underway;
  const remembered = (async () => {
    const document = await awardDocument(db, row.id);
    if (!document) throw new NotFoundError('No such credential.');
    const verification = await issuer.verify(document, { stored: true });
    const ahead = [verification.credential?.validFrom, verification.credential?.validUntil]
      .map((d) => (d ? Date.parse(d) : Number.NaN))
      .filter((t) => Number.isFinite(t) && t > Date.now());
    const evidence = evidenceOf(document);
    const result = {
      verification,
      evidence,
      text: `"evidence":${JSON.stringify(evidence)},"verification":${JSON.stringify(verification)}`,
      recheckAt: ahead.length ? Math.min(...ahead) : null,
    };
    // A check that could not be made (a document or key out of reach) may pass next time: such a
    // report is shown but not remembered, as verify.ts does not remember such a signature check.
    if (!verification.checks.some((c) => c.status === 'skipped' && TRANSIENT.has(c.check)))
      cache.set(key, result);
    return result;
  })();
  verifying.set(flightKey, remembered);
  try {
    return await remembered;
  } finally {
    verifying.delete(flightKey);
  }
}

/**
 * An award's public page: anyone may read it. The revocation reason is shown only to the earner and
 * the issuer's admins; everyone sees that it is revoked. Written as the JSON text of a
 * PublicAwardResponse: the verification report and evidence as remembered with them (written once
 * per verification), the rest, fresh on every request, around them; checking and copying the
 * report against the response schema on every request cost more Node time than the rest of the
 * page. public-award-cache.test.ts holds every page to the schema.
 */
export async function getPublicAward(args: {
  db: Db;
  issuer: CredentialService;
  actor: Actor | null;
  awardId: string;
  publicUrl: string;
}): Promise<string> {
  const row = await findAward(args.db, args.awardId);
  if (!row) throw new NotFoundError('No such credential.');
  const isRecipient = args.actor?.userId === row.recipient_id;
  const isIssuerAdmin = args.actor ? canAdministerIssuer(args.actor, row.issuer_org_id) : false;
  const expired = row.expires_at !== null && new Date(row.expires_at).getTime() <= Date.now();
  const { text } = await verifiedAward(args.db, args.issuer, row);
  const page = awardUrl(args.publicUrl, row.id);
  const fresh: Omit<PublicAward, 'evidence' | 'verification'> = {
    id: row.id,
    recipientName: row.recipient_name,
    credential: {
      id: row.credential_id,
      title: row.title,
      kind: row.kind,
      description: row.description,
      criteria: row.criteria,
      imageUrl: row.image_key ? achievementImageUrl(args.publicUrl, row.credential_id, row.version) : null,
      competencies: row.competencies.map((c) => ({
        code: c.code,
        statement: c.statement,
        framework: c.framework_title,
        url: c.case_uri ?? `${args.publicUrl}/api/public/competencies/${c.id}`,
      })),
    },
    issuer: {
      id: row.issuer_org_id,
      name: row.issuer_name,
      did: issuerDid(args.publicUrl, row.issuer_org_id),
    },
    issuedAt: iso(row.issued_at),
    expiresAt: isoOrNull(row.expires_at),
    status: row.revoked_at ? 'revoked' : expired ? 'expired' : 'active',
    revokedAt: isoOrNull(row.revoked_at),
    revocationReason: isRecipient || isIssuerAdmin ? row.revocation_reason : null,
    viewer: { isRecipient, canRevoke: isIssuerAdmin && !row.revoked_at },
    links: { page, json: `${page}.json`, download: `${page}.json?download=1` },
  };
  // The object's text ends in its closing brace: the remembered members go in before it.
  return `{"data":${JSON.stringify(fresh).slice(0, -1)},${text}}}`;
}

/** An award as revocation reads it, locked. */
export type RevocableAward = {
  id: string;
  credential_id: string;
  recipient_id: string;
  issuer_org_id: string;
  status_list_id: string;
  revoked_at: Date | string | null;
  title: string;
};

/** Reads and locks awards for revocation: those named, optionally only of one credential. */
export async function lockAwardsForRevocation(
  tx: Tx,
  awardIds: string[],
  credentialId?: string,
): Promise<RevocableAward[]> {
  const { rows } = await tx.execute<RevocableAward>(sql`
    select a.id, a.credential_id, a.recipient_id, a.issuer_org_id, a.status_list_id, a.revoked_at, mc.title
      from awards a join micro_credentials mc on mc.id = a.credential_id
     where a.id = any(${sql.param(awardIds)}::uuid[])
       ${credentialId ? sql`and a.credential_id = ${credentialId}` : sql``}
     order by a.id
       for update of a`);
  return rows;
}

/**
 * Records one award's revocation in `tx` (who, when, why), tells the earner, and writes the activity
 * stream and audit log. The caller re-signs the award's status list, once per list.
 */
export async function recordRevocation(
  tx: Tx,
  args: { actor: Actor; award: RevocableAward; reason: string; publicUrl: string },
): Promise<Date | string> {
  const { actor, award } = args;
  const { rows: updated } = await tx.execute<{ revoked_at: Date | string }>(sql`
    update awards set revoked_at = now(), revoked_by = ${actor.userId}, revocation_reason = ${args.reason}
     where id = ${award.id} returning revoked_at`);
  const url = awardUrl(args.publicUrl, award.id);
  await recordActivity(tx, {
    actor,
    verb: 'revoked',
    object: { type: 'micro_credential', id: award.credential_id, name: award.title },
    context: { extensions: { 'https://trellis.dev/xapi/extensions/award': url } },
    result: { response: args.reason },
    notify: [
      {
        kind: 'credential_revoked',
        to: [award.recipient_id],
        data: { credentialTitle: award.title, awardId: award.id, reason: args.reason },
      },
    ],
  });
  await recordAudit(tx, {
    actorId: actor.userId,
    action: 'award.revoked',
    target: { type: 'award', id: award.id },
    districtId: actor.districtId,
    details: {
      credentialId: award.credential_id,
      recipientId: award.recipient_id,
      issuerOrgId: award.issuer_org_id,
      reason: args.reason,
    },
  });
  return updated[0].revoked_at;
}

/**
 * Revokes an award (the issuer's admins only): records who, when and why, sets its bit in the status
 * list and re-signs the list, tells the earner, and writes the activity stream and audit log.
 */
export async function revokeAward(args: {
  db: Db;
  issuer: CredentialService;
  actor: Actor;
  awardId: string;
  reason: string;
  publicUrl: string;
}): Promise<RevokeAwardResponse['data']> {
  const { actor } = args;
  return args.db.transaction(async (tx) => {
    const [award] = await lockAwardsForRevocation(tx, [args.awardId]);
    if (!award) throw new NotFoundError('No such credential.');
    if (!canAdministerIssuer(actor, award.issuer_org_id))
      throw new ForbiddenError("Only the issuing organization's administrators may revoke a credential.");
    if (award.revoked_at) throw new ConflictError('This credential is already revoked.');
    const revokedAt = await recordRevocation(tx, {
      actor,
      award,
      reason: args.reason,
      publicUrl: args.publicUrl,
    });
    await args.issuer.resignStatusList(tx, award.status_list_id);
    return { id: award.id, revokedAt: iso(revokedAt), revocationReason: args.reason };
  });
}

/**
 * Rotates an issuing organization's signing key (its admins only): the old key is retired but stays
 * in the DID document, so everything it signed still verifies.
 */
export async function rotateIssuerKey(args: {
  db: Db;
  issuer: CredentialService;
  actor: Actor;
  orgId: string;
  publicUrl: string;
}): Promise<RotateKeyResponse['data']> {
  if (!canAdministerIssuer(args.actor, args.orgId))
    throw new ForbiddenError("Only the organization's administrators may rotate its signing key.");
  const result = await args.db.transaction(async (tx) => {
    const rotated = await args.issuer.keys.rotate(tx, args.orgId);
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'issuer_key.rotated',
      target: { type: 'organization', id: args.orgId },
      districtId: args.actor.districtId,
      details: rotated,
    });
    return rotated;
  });
  args.issuer.keys.forget(args.orgId);
  return { did: issuerDid(args.publicUrl, args.orgId), ...result };
}

/** Whether an organization issues credentials (a district or a network), so it has a DID document. */
export async function isIssuingOrganization(db: Db, orgId: string): Promise<boolean> {
  const { rows } = await db.execute<{ ok: boolean }>(
    sql`select true as ok from organizations where id = ${orgId} and kind in ('district', 'network')`,
  );
  return rows.length > 0;
}

/** The OB 3.0 Achievement of a published (or retired) micro-credential version, for anyone. */
export async function publicAchievement(args: {
  db: Db;
  credentialId: string;
  version: number;
  publicUrl: string;
}): Promise<Record<string, unknown>> {
  const row = await findIssuable(args.db, args.credentialId, args.version);
  if (!row || row.status === 'draft') throw new NotFoundError('No such published micro-credential version.');
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    ...buildAchievement(args.publicUrl, await achievementFacts(args.db, row, args.publicUrl)),
  };
}
