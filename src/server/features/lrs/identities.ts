import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import { statementBaseUrl } from '#server/platform/statements.ts';

/**
 * Actor identity for the LRS (decision 050). An xAPI Agent or identified Group is known by exactly
 * one inverse functional identifier (IFI): `mbox`, `mbox_sha1sum`, `openid` or `account`. Each has a
 * canonical key, the text statements, identity links and the unmatched list group by:
 *
 * - `mbox:mailto:<local>@<domain>`: the domain in lower case (the local part as sent);
 * - `mbox_sha1sum:<40 lower-case hex digits>`;
 * - `openid:<URI as sent>`;
 * - `account:<homePage> <name>`: the home page is an IRL, which holds no space, so the first space
 *   separates it from the name.
 *
 * `matchActors` turns actors into the Trellis user ids of the district they belong to, never of
 * another district.
 */

export interface XapiAccount {
  homePage: string;
  name: string;
}

/** The parts of an xAPI Agent or Group that identify it. */
export interface XapiActor {
  objectType?: string;
  name?: string;
  mbox?: string;
  mbox_sha1sum?: string;
  openid?: string;
  account?: XapiAccount;
  member?: XapiActor[];
}

export type Ifi =
  | { kind: 'mbox'; mbox: string }
  | { kind: 'mbox_sha1sum'; sha1: string }
  | { kind: 'openid'; openid: string }
  | { kind: 'account'; homePage: string; name: string };

/** `mailto:local@Domain` → `mailto:local@domain`; null when it is no email address. */
export function canonicalMbox(mbox: string): string | null {
  const address = mbox.replace(/^mailto:/i, '');
  const at = address.lastIndexOf('@');
  if (at < 1 || at === address.length - 1 || /\s/.test(address)) return null;
  return `mailto:${address.slice(0, at)}@${address.slice(at + 1).toLowerCase()}`;
}

/** The one IFI of an actor, or null when it has none (an anonymous Group) or it is malformed. */
export function actorIfi(actor: XapiActor | null | undefined): Ifi | null {
  if (!actor || typeof actor !== 'object') return null;
  if (typeof actor.mbox === 'string') {
    const mbox = canonicalMbox(actor.mbox);
    return mbox ? { kind: 'mbox', mbox } : null;
  }
  if (typeof actor.mbox_sha1sum === 'string') {
    const sha1 = actor.mbox_sha1sum.toLowerCase();
    return /^[0-9a-f]{40}$/.test(sha1) ? { kind: 'mbox_sha1sum', sha1 } : null;
  }
  if (typeof actor.openid === 'string' && actor.openid.length > 0)
    return { kind: 'openid', openid: actor.openid };
  const account = actor.account;
  if (
    account &&
    typeof account.homePage === 'string' &&
    typeof account.name === 'string' &&
    account.homePage
  ) {
    return { kind: 'account', homePage: account.homePage, name: account.name };
  }
  return null;
}

/** The canonical key of an IFI. */
export function ifiKey(ifi: Ifi): string {
  switch (ifi.kind) {
    case 'mbox':
      return `mbox:${ifi.mbox}`;
    case 'mbox_sha1sum':
      return `mbox_sha1sum:${ifi.sha1}`;
    case 'openid':
      return `openid:${ifi.openid}`;
    case 'account':
      return `account:${ifi.homePage} ${ifi.name}`;
  }
}

/** The canonical key of an actor's IFI, or null when it has none. */
export function actorKey(actor: XapiActor | null | undefined): string | null {
  const ifi = actorIfi(actor);
  return ifi ? ifiKey(ifi) : null;
}

/** The IFI a canonical key stands for, or null when the text is no key. */
export function parseIfiKey(key: string): Ifi | null {
  const colon = key.indexOf(':');
  if (colon < 0) return null;
  const kind = key.slice(0, colon);
  const rest = key.slice(colon + 1);
  switch (kind) {
    case 'mbox': {
      const mbox = canonicalMbox(rest);
      return mbox && `mbox:${mbox}` === key ? { kind, mbox } : null;
    }
    case 'mbox_sha1sum':
      return /^[0-9a-f]{40}$/.test(rest) ? { kind, sha1: rest } : null;
    case 'openid':
      return rest ? { kind, openid: rest } : null;
    case 'account': {
      const space = rest.indexOf(' ');
      if (space < 1) return null;
      return { kind, homePage: rest.slice(0, space), name: rest.slice(space + 1) };
    }
    default:
      return null;
  }
}

/** The xAPI Agent an IFI key stands for (what the unmatched list shows and an `agent` query names). */
export function keyAgent(key: string): XapiActor | null {
  const ifi = parseIfiKey(key);
  if (!ifi) return null;
  switch (ifi.kind) {
    case 'mbox':
      return { objectType: 'Agent', mbox: ifi.mbox };
    case 'mbox_sha1sum':
      return { objectType: 'Agent', mbox_sha1sum: ifi.sha1 };
    case 'openid':
      return { objectType: 'Agent', openid: ifi.openid };
    case 'account':
      return { objectType: 'Agent', account: { homePage: ifi.homePage, name: ifi.name } };
  }
}

/** How an identity reads to an administrator, e.g. `jane@example.org` or `lms.example.org: 4411`. */
export function describeIfiKey(key: string): string {
  const ifi = parseIfiKey(key);
  if (!ifi) return key;
  switch (ifi.kind) {
    case 'mbox':
      return ifi.mbox.slice('mailto:'.length);
    case 'mbox_sha1sum':
      return `SHA-1 of an email address: ${ifi.sha1}`;
    case 'openid':
      return ifi.openid;
    case 'account':
      return `${ifi.homePage}: ${ifi.name}`;
  }
}

/** The SHA-1 hex of `mailto:<email>`, as an xAPI `mbox_sha1sum` states it. */
export const mboxSha1 = (email: string): string => createHash('sha1').update(`mailto:${email}`).digest('hex');

/** A home page compared without case in scheme and host, and without a trailing slash. */
export function normalizeHomePage(homePage: string): string | null {
  try {
    const url = new URL(homePage);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * The home pages whose `account` names a district's people: Trellis's public address (its own
 * statements name it) and the one the district configured for its other systems, if any.
 */
export async function districtHomePages(tx: Tx, districtId: string): Promise<string[]> {
  const { rows } = await tx.execute<{ home_page: string | null }>(
    sql`select home_page from lrs_settings where district_id = ${districtId}`,
  );
  const pages = [statementBaseUrl(), rows[0]?.home_page].filter((p): p is string => !!p);
  return [...new Set(pages.map(normalizeHomePage).filter((p): p is string => !!p))];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Trellis user ids of a district's accounts that the given IFI keys stand for: a key an
 * administrator linked by hand first, then by IFI:
 * - `mbox`: the account's email, compared without case;
 * - `mbox_sha1sum`: the SHA-1 of `mailto:<email>`, of the email as stored or in lower case (both
 *   indexed on `users`);
 * - `openid`: the subject of a sign-on identity linked to the account, when that subject is the URI;
 * - `account`: a home page of the district (`districtHomePages`) and a name that is the person's
 *   Trellis id, email or roster sourcedId.
 * Only accounts whose home district is `districtId` ever match. Keys that match no one are absent.
 */
export async function matchKeys(
  tx: Tx,
  districtId: string,
  keys: Iterable<string>,
): Promise<Map<string, string>> {
  const wanted = [...new Set(keys)];
  const found = new Map<string, string>();
  if (wanted.length === 0) return found;

  const mboxes: string[] = [];
  const sha1s: string[] = [];
  const openids: string[] = [];
  const accountNames: string[] = [];
  const accountKeys = new Map<string, string[]>();
  const homePages = new Set(await districtHomePagesIfAccounts(tx, districtId, wanted));
  for (const key of wanted) {
    const ifi = parseIfiKey(key);
    if (!ifi) continue;
    if (ifi.kind === 'mbox') mboxes.push(ifi.mbox.slice('mailto:'.length).toLowerCase());
    else if (ifi.kind === 'mbox_sha1sum') sha1s.push(ifi.sha1);
    else if (ifi.kind === 'openid') openids.push(ifi.openid);
    else {
      const page = normalizeHomePage(ifi.homePage);
      if (!page || !homePages.has(page) || !ifi.name) continue;
      accountNames.push(ifi.name);
      accountKeys.set(ifi.name, [...(accountKeys.get(ifi.name) ?? []), key]);
    }
  }
  const uuids = accountNames.filter((n) => UUID.test(n)).map((n) => n.toLowerCase());
  const lowerNames = accountNames.map((n) => n.toLowerCase());

  const { rows } = await tx.execute<{ kind: string; value: string; user_id: string }>(sql`
    select 'link' as kind, l.ifi_key as value, l.user_id
      from lrs_identity_links l join users u on u.id = l.user_id
     where l.district_id = ${districtId} and u.district_id = ${districtId}
       and l.ifi_key = any(${sql.param(wanted)}::text[])
    union all
    select 'mbox', lower(u.email), u.id from users u
     where u.district_id = ${districtId} and lower(u.email) = any(${sql.param(mboxes)}::text[])
    union all
    select 'sha1', encode(public.digest('mailto:' || u.email, 'sha1'), 'hex'), u.id from users u
     where u.district_id = ${districtId}
       and encode(public.digest('mailto:' || u.email, 'sha1'), 'hex') = any(${sql.param(sha1s)}::text[])
    union all
    select 'sha1', encode(public.digest('mailto:' || lower(u.email), 'sha1'), 'hex'), u.id from users u
     where u.district_id = ${districtId}
       and encode(public.digest('mailto:' || lower(u.email), 'sha1'), 'hex') = any(${sql.param(sha1s)}::text[])
    union all
    select 'openid', i.subject, u.id from sign_on_identities i join users u on u.id = i.user_id
     where u.district_id = ${districtId} and i.subject = any(${sql.param(openids)}::text[])
       and i.subject ~* '^https?://'
    union all
    select 'account-id', u.id::text, u.id from users u
     where u.district_id = ${districtId} and u.id = any(${sql.param(uuids)}::uuid[])
    union all
    select 'account-email', lower(u.email), u.id from users u
     where u.district_id = ${districtId} and lower(u.email) = any(${sql.param(lowerNames)}::text[])
    union all
    select 'account-sourced', u.sourced_id, u.id from users u
     where u.district_id = ${districtId} and u.sourced_id = any(${sql.param(accountNames)}::text[])
  `);

  const byKind = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const map = byKind.get(row.kind) ?? new Map<string, string>();
    if (!map.has(row.value)) map.set(row.value, row.user_id);
    byKind.set(row.kind, map);
  }
  const get = (kind: string, value: string) => byKind.get(kind)?.get(value);
  for (const key of wanted) {
    const linked = get('link', key);
    if (linked) {
      found.set(key, linked);
      continue;
    }
    const ifi = parseIfiKey(key);
    if (!ifi) continue;
    let userId: string | undefined;
    if (ifi.kind === 'mbox') userId = get('mbox', ifi.mbox.slice('mailto:'.length).toLowerCase());
    else if (ifi.kind === 'mbox_sha1sum') userId = get('sha1', ifi.sha1);
    else if (ifi.kind === 'openid') userId = get('openid', ifi.openid);
    else if (accountKeys.get(ifi.name)?.includes(key)) {
      userId =
        (UUID.test(ifi.name) ? get('account-id', ifi.name.toLowerCase()) : undefined) ??
        get('account-sourced', ifi.name) ??
        get('account-email', ifi.name.toLowerCase());
    }
    if (userId) found.set(key, userId);
  }
  return found;
}

/** The district's home pages, read only when some key is an `account`. */
async function districtHomePagesIfAccounts(tx: Tx, districtId: string, keys: string[]): Promise<string[]> {
  return keys.some((k) => k.startsWith('account:')) ? districtHomePages(tx, districtId) : [];
}

/**
 * The Trellis user id each actor stands for in the district (null where none matches, or the actor
 * has no IFI, such as an anonymous Group), in the order given. One query for the whole batch.
 */
export async function matchActors(
  tx: Tx,
  districtId: string,
  actors: readonly (XapiActor | null | undefined)[],
): Promise<(string | null)[]> {
  const keys = actors.map(actorKey);
  const found = await matchKeys(
    tx,
    districtId,
    keys.filter((k): k is string => k !== null),
  );
  return keys.map((k) => (k ? (found.get(k) ?? null) : null));
}
