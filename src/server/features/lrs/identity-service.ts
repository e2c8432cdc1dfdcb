import { sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import { logReportedLearning, voidReportedLearning } from '#server/features/learning/index.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { type Actor, isDistrictAdmin } from '#server/platform/auth.ts';
import { decodeCursor, encodeCursor } from '#server/platform/cursor.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import { statementBaseUrl } from '#server/platform/statements.ts';
import type {
  CreateIdentityLinkBody,
  IdentityLink,
  IfiKind,
  LrsSettings,
  UnmatchedIdentity,
  UpdateLrsSettingsBody,
} from '#shared/contracts/lrs-identities.ts';
import { describeIfiKey, matchKeys, normalizeHomePage, parseIfiKey } from './identities.ts';
import { VOIDED } from './validate.ts';

/**
 * The unmatched identities page (decision 050): statements stored by the LRS whose actor matched no
 * one of the district, grouped by identity, and identities a district administrator maps by hand to
 * a staff member. Mapping gives the person the statements stored before (their learning log takes
 * each, in the same transaction) and later ones match at once; unmapping takes them back. Every
 * change is audited.
 */

type Json = Record<string, unknown>;
const rowsOf = async <T>(tx: Tx, query: ReturnType<typeof sql>) =>
  (await tx.execute<T & Record<string, unknown>>(query)).rows as T[];

function administeredDistrict(actor: Actor): string {
  if (!isDistrictAdmin(actor))
    throw new ForbiddenError('Only district administrators manage LRS identities.');
  return actor.districtId;
}

const kindOf = (key: string): IfiKind => parseIfiKey(key)?.kind ?? 'account';

const badCursor = () => invalidField('/querystring/cursor', 'is not a cursor this list gave');

/** The unmatched list's cursor: the last identity's last-seen time and its key. */
function decodeIdentityCursor(cursor: string): [string, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    Number.isNaN(Date.parse(parsed[0])) ||
    typeof parsed[1] !== 'string' ||
    !parseIfiKey(parsed[1])
  )
    throw badCursor();
  return [parsed[0], parsed[1]];
}

/** The district's unmatched identities, most recently seen first. */
export async function listUnmatchedIdentities(args: {
  db: Db;
  actor: Actor;
  cursor?: string;
  limit: number;
}) {
  const districtId = administeredDistrict(args.actor);
  const after = args.cursor ? decodeIdentityCursor(args.cursor) : null;
  const rows = await rowsOf<{
    actor_ifi: string;
    statements: string;
    last_seen: string;
    name: string | null;
    tools: Array<{ id: string; name: string }> | null;
  }>(
    args.db,
    sql`
      with grouped as (
        select s.actor_ifi, count(*) as statements, max(s.stored) as last_seen,
               array_remove(array_agg(distinct s.client_id), null) as client_ids
          from statements s
         where s.district_id = ${districtId} and s.actor_id is null and s.actor_ifi is not null
         group by s.actor_ifi)
      select g.actor_ifi, g.statements, to_char(g.last_seen at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as last_seen,
             (select s.body->'actor'->>'name' from statements s
               where s.district_id = ${districtId} and s.actor_ifi = g.actor_ifi and s.actor_id is null
               order by s.stored desc limit 1) as name,
             (select json_agg(json_build_object('id', c.id, 'name', c.name) order by c.name)
                from api_clients c where c.id = any(g.client_ids) and c.district_id = ${districtId}) as tools
        from grouped g
       ${after ? sql`where (g.last_seen, g.actor_ifi) < (${after[0]}::timestamptz, ${after[1]})` : sql``}
       order by g.last_seen desc, g.actor_ifi desc
       limit ${args.limit + 1}`,
  );
  const shown = rows.slice(0, args.limit);
  const last = shown.at(-1);
  return {
    data: shown.map(
      (row): UnmatchedIdentity => ({
        key: row.actor_ifi,
        kind: kindOf(row.actor_ifi),
        label: describeIfiKey(row.actor_ifi),
        name: row.name,
        statements: Number(row.statements),
        lastSeen: new Date(row.last_seen).toISOString(),
        tools: row.tools ?? [],
      }),
    ),
    nextCursor: rows.length > args.limit && last ? encodeCursor([last.last_seen, last.actor_ifi]) : null,
  };
}

interface LinkRow {
  id: string;
  ifi_key: string;
  user_id: string;
  user_name: string;
  user_email: string;
  created_at: Date;
  created_by: string | null;
  created_by_name: string | null;
}

const linkSelect = sql`
  select l.id, l.ifi_key, l.user_id, u.name as user_name, u.email as user_email, l.created_at,
         l.created_by, c.name as created_by_name
    from lrs_identity_links l
    join users u on u.id = l.user_id
    left join users c on c.id = l.created_by`;

const presentLink = (row: LinkRow): IdentityLink => ({
  id: row.id,
  key: row.ifi_key,
  kind: kindOf(row.ifi_key),
  label: describeIfiKey(row.ifi_key),
  person: { id: row.user_id, name: row.user_name, email: row.user_email },
  createdAt: new Date(row.created_at).toISOString(),
  createdBy: row.created_by && row.created_by_name ? { id: row.created_by, name: row.created_by_name } : null,
});

/** The identities mapped by hand in the district, newest first. */
export async function listIdentityLinks(args: { db: Db; actor: Actor; cursor?: string; limit: number }) {
  const districtId = administeredDistrict(args.actor);
  const before = args.cursor ? (decodeCursor(args.cursor, 1, badCursor)[0] as string) : null;
  const rows = await rowsOf<LinkRow>(
    args.db,
    sql`${linkSelect}
     where l.district_id = ${districtId} ${before ? sql`and l.id < ${before}::uuid` : sql``}
     order by l.id desc limit ${args.limit + 1}`,
  );
  const shown = rows.slice(0, args.limit);
  const last = shown.at(-1);
  return {
    data: shown.map(presentLink),
    nextCursor: rows.length > args.limit && last ? encodeCursor([last.id]) : null,
  };
}

interface MatchedStatement {
  xapi_id: string;
  body: Json;
  stored: string;
  voided: boolean;
  verb: string;
  tool: string | null;
}

/** Gives the person the statements of an identity no one matched, logging each in their learning log. */
async function claimStatements(tx: Tx, districtId: string, key: string, userId: string) {
  const rows = await rowsOf<MatchedStatement>(
    tx,
    sql`
      with claimed as (
        update statements set actor_id = ${userId}
         where district_id = ${districtId} and actor_ifi = ${key} and actor_id is null
        returning xapi_id, body, stored, voided, verb, client_id)
      select c.xapi_id, c.body, to_char(c.stored at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as stored,
             c.voided, c.verb, a.name as tool
        from claimed c left join api_clients a on a.id = c.client_id
       order by c.stored`,
  );
  let logged = 0;
  for (const row of rows) {
    if (!row.xapi_id || row.voided || row.verb === VOIDED) continue;
    const id = await logReportedLearning(tx, {
      statementId: row.xapi_id,
      userId,
      districtId,
      statement: { ...row.body, stored: new Date(row.stored).toISOString() },
      provider: row.tool ?? '',
    });
    if (id) logged += 1;
  }
  return { matched: rows.length, logged };
}

/**
 * Maps an identity to a staff member of the district: the statements stored before become theirs
 * (and enter their learning log) and later ones match at once.
 */
export async function createIdentityLink(args: { db: Db; actor: Actor; body: CreateIdentityLinkBody }) {
  const districtId = administeredDistrict(args.actor);
  const { key, userId } = args.body;
  if (!parseIfiKey(key)) throw invalidField('/body/key', 'is not an xAPI identity Trellis knows');
  return args.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`lrs-identity:${districtId}:${key}`}))`);
    const [person] = await rowsOf<{ id: string; name: string }>(
      tx,
      sql`select id, name from users where id = ${userId} and district_id = ${districtId}`,
    );
    if (!person) throw invalidField('/body/userId', 'is not a person of your district');
    const [existing] = await rowsOf<{ id: string }>(
      tx,
      sql`select id from lrs_identity_links where district_id = ${districtId} and ifi_key = ${key}`,
    );
    if (existing)
      throw new ConflictError('This identity is already mapped; unmap it first to map it to someone else.');
    const automatic = (await matchKeys(tx, districtId, [key])).get(key);
    if (automatic)
      throw new ConflictError(
        'This identity already matches a person of your district by itself; there is nothing to map.',
      );
    const [link] = await rowsOf<{ id: string }>(
      tx,
      sql`insert into lrs_identity_links (id, district_id, ifi_key, user_id, created_by)
          values (gen_random_uuid(), ${districtId}, ${key}, ${userId}, ${args.actor.userId}) returning id`,
    );
    const { matched, logged } = await claimStatements(tx, districtId, key, userId);
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'lrs_identity.mapped',
      target: { type: 'user', id: userId },
      districtId,
      details: { identity: describeIfiKey(key), person: person.name, statements: matched },
    });
    const [row] = await rowsOf<LinkRow>(tx, sql`${linkSelect} where l.id = ${link.id}`);
    return { data: presentLink(row), matched, logged };
  });
}

/**
 * Unmaps an identity: its statements no longer belong to the person (their learning log drops the
 * entries they made) unless the identity now matches someone by itself, who then gets them.
 */
export async function deleteIdentityLink(args: { db: Db; actor: Actor; id: string }) {
  const districtId = administeredDistrict(args.actor);
  return args.db.transaction(async (tx) => {
    const [link] = await rowsOf<LinkRow>(
      tx,
      sql`${linkSelect} where l.id = ${args.id} and l.district_id = ${districtId} for update of l`,
    );
    if (!link) throw new NotFoundError('No such mapped identity.');
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`lrs-identity:${districtId}:${link.ifi_key}`}))`,
    );
    await tx.execute(sql`delete from lrs_identity_links where id = ${link.id}`);
    const released = await rowsOf<{ xapi_id: string | null }>(
      tx,
      sql`update statements set actor_id = null
           where district_id = ${districtId} and actor_ifi = ${link.ifi_key} and actor_id = ${link.user_id}
          returning xapi_id`,
    );
    for (const row of released)
      if (row.xapi_id) await voidReportedLearning(tx, { statementId: row.xapi_id, districtId });
    const now = (await matchKeys(tx, districtId, [link.ifi_key])).get(link.ifi_key);
    if (now) await claimStatements(tx, districtId, link.ifi_key, now);
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'lrs_identity.unmapped',
      target: { type: 'user', id: link.user_id },
      districtId,
      details: {
        identity: describeIfiKey(link.ifi_key),
        person: link.user_name,
        statements: released.length,
      },
    });
    return { unmatched: released.length };
  });
}

/** The district's LRS address and the home pages whose accounts name its people. */
export async function getLrsSettings(args: { db: Db; actor: Actor }): Promise<LrsSettings> {
  const districtId = administeredDistrict(args.actor);
  const [row] = await rowsOf<{ home_page: string | null }>(
    args.db,
    sql`select home_page from lrs_settings where district_id = ${districtId}`,
  );
  return {
    endpoint: `${statementBaseUrl()}/xapi/`,
    trellisHomePage: statementBaseUrl(),
    homePage: row?.home_page ?? null,
  };
}

/**
 * Sets the home page of the district's other systems. Statements already stored keep whom they
 * matched; identities that match now are no longer listed as unmatched once a statement arrives,
 * and their earlier statements are given to the person at once.
 */
export async function updateLrsSettings(args: { db: Db; actor: Actor; body: UpdateLrsSettingsBody }) {
  const districtId = administeredDistrict(args.actor);
  const homePage = args.body.homePage ? args.body.homePage : null;
  if (homePage && !normalizeHomePage(homePage))
    throw invalidField('/body/homePage', 'must be an http or https address');
  return args.db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into lrs_settings (district_id, home_page) values (${districtId}, ${homePage})
      on conflict (district_id) do update set home_page = excluded.home_page, updated_at = now()`);
    let matched = 0;
    if (homePage) {
      // Accounts on the new home page that name someone now: their stored statements become theirs.
      const keys = await rowsOf<{ actor_ifi: string }>(
        tx,
        sql`select distinct actor_ifi from statements
             where district_id = ${districtId} and actor_id is null and actor_ifi like 'account:%'`,
      );
      const found = await matchKeys(
        tx,
        districtId,
        keys.map((k) => k.actor_ifi),
      );
      for (const [key, userId] of found)
        matched += (await claimStatements(tx, districtId, key, userId)).matched;
    }
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'lrs_settings.updated',
      target: { type: 'district', id: districtId },
      districtId,
      details: { homePage: homePage ?? '', statements: matched },
    });
    return getLrsSettings({ db: tx as Db, actor: args.actor });
  });
}
