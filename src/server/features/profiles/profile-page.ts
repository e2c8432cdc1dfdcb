import { sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import type { Actor } from '#server/platform/auth.ts';
import { NotFoundError } from '#server/platform/errors.ts';
import { cachePerDatabase } from '#server/platform/remembered.ts';
import { canEditProfile, type Relation } from './policy.ts';
import {
  PROFILE_COLUMNS,
  PROFILE_FROM,
  type ProfileRow,
  readDirectoryVersion,
  sharesNetworkWith,
} from './queries.ts';
import { presentProfile, visibleRelation } from './service.ts';

/**
 * A person's profile page as read, remembered under the directory version read with it: every
 * table the page is read from (users, profiles, organizations, memberships, network_districts) bumps
 * that version in the transaction that changes it (migrations 0001 and 0025), so a page is used only
 * while nothing it shows has changed, on any instance, with no time to live. Beside the row:
 * whether the person's district shares a network with each viewer district that asked (also under
 * the version: network_districts bumps it), and the page's JSON text as each relation sees it
 * (presentProfile is a function of the row and the relation alone).
 *
 * What a viewer may open is decided on every request from the remembered row and the viewer's
 * relation, as before: a deactivated person, a profile outside the viewer's network or a field
 * outside its audience is never sent to whoever may not see it.
 */
interface RememberedProfile {
  version: string;
  row: ProfileRow;
  /** Viewer district ('' for signed-out visitors) → whether it shares a network with the person's. */
  shares: Map<string, boolean>;
  texts: Map<Relation, string>;
}

// The row, its texts for a few relations, and the viewer districts asked about: about 13,000
// profiles, more than the colleagues a district's staff open in a day.
const profilePages = cachePerDatabase<RememberedProfile>(
  32 * 1024 * 1024,
  (page) => 2500 + 5 * (page.row.bio?.length ?? 0),
);

/**
 * One person's profile row, whether their district shares a network with the viewer's, and the
 * directory version, all read in one snapshot, so the row is exactly what that version holds.
 */
async function readProfilePage(db: Db, userId: string, viewerDistrictId: string | null) {
  const rows = await namedQuery<ProfileRow & { shares_network: boolean; directory_version: string | null }>(
    db,
    'profiles-page-versioned',
    sql`
    select ${PROFILE_COLUMNS},
      ${sharesNetworkWith(viewerDistrictId)} as shares_network,
      (select dv.value::text from settings dv where dv.key = 'directory_version') as directory_version
      from ${PROFILE_FROM}
     where u.id = ${userId}::uuid`,
  );
  return rows[0] ?? null;
}

/**
 * A person's profile as the viewer (signed in or not) may see it, as the JSON text of a
 * ProfileResponse: one statement either way when nothing is remembered for the person (the row with
 * its version) or when the page remembered is still current (the version alone).
 */
export async function getProfileText(args: { db: Db; actor: Actor | null; userId: string }): Promise<string> {
  const { db, actor, userId } = args;
  const pages = profilePages(db);
  const viewerDistrict = actor?.districtId ?? '';
  let page = pages.get(userId);
  let shares: boolean | undefined;
  if (page) {
    const version = await readDirectoryVersion(db);
    if (page.version === version) shares = page.shares.get(viewerDistrict);
    else page = undefined;
  }
  if (!page || shares === undefined) {
    const read = await readProfilePage(db, userId, actor?.districtId ?? null);
    if (!read) throw new NotFoundError('No such person.');
    const version = read.directory_version ?? '0';
    if (!page || page.version !== version) {
      page = { version, row: read, shares: new Map(), texts: new Map() };
      pages.set(userId, page);
    }
    shares = read.shares_network;
    page.shares.set(viewerDistrict, shares);
  }
  const { row } = page;
  const relation = visibleRelation(actor, row, shares);
  let text = page.texts.get(relation);
  if (text === undefined) {
    text = JSON.stringify({
      data: presentProfile(row, relation),
      abilities: { edit: canEditProfile(relation) },
    });
    page.texts.set(relation, text);
  }
  return text;
}
