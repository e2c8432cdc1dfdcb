import type { Db } from '#server/db/client.ts';
import { type Actor, isDistrictAdmin } from '#server/platform/auth.ts';
import { NotFoundError } from '#server/platform/errors.ts';
import { cachePerDatabase } from '#server/platform/remembered.ts';
import { canEditProfile, canViewProfile, type Relation, relationTo } from './policy.ts';
import { findProfileForViewer, type ProfileRow, readDirectoryVersion } from './queries.ts';
import { presentProfile } from './service.ts';

/**
 * A person's profile page as read, remembered under the directory version read before it: every
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

// The row, its texts for a few relations, and the viewer districts asked about.
const profilePages = cachePerDatabase<RememberedProfile>(
  16 * 1024 * 1024,
  (page) => 6000 + 5 * (page.row.bio?.length ?? 0),
);

/**
 * A person's profile as the viewer (signed in or not) may see it, as the JSON text of a
 * ProfileResponse: one statement (the directory version) when the page is remembered, else the
 * version and then the row, so a row is never older than the version it is remembered under.
 */
export async function getProfileText(args: { db: Db; actor: Actor | null; userId: string }): Promise<string> {
  const { db, actor, userId } = args;
  const pages = profilePages(db);
  const version = await readDirectoryVersion(db);
  const viewerDistrict = actor?.districtId ?? '';
  let page = pages.get(userId);
  if (page && page.version !== version) page = undefined;
  let shares = page?.shares.get(viewerDistrict);
  if (!page || shares === undefined) {
    const row = await findProfileForViewer(db, userId, actor?.districtId ?? null);
    if (!row) throw new NotFoundError('No such person.');
    if (!page) {
      page = { version, row, shares: new Map(), texts: new Map() };
      pages.set(userId, page);
    }
    shares = row.shares_network;
    page.shares.set(viewerDistrict, shares);
  }
  const { row } = page;
  const relation = relationTo(actor, {
    userId: row.id,
    districtId: row.district_id,
    sharesNetworkWithViewer: shares,
  });
  const adminOfTheirDistrict = !!actor && isDistrictAdmin(actor) && actor.districtId === row.district_id;
  if (
    !canViewProfile(
      relation,
      { status: row.status, fieldVisibility: row.field_visibility },
      adminOfTheirDistrict,
    )
  )
    throw new NotFoundError('No such person.');
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
