import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '#server/platform/auth.ts';
import { setupTestApp } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import {
  type CommunityAccess,
  canFacilitate,
  canJoinNow,
  canParticipate,
  canReadContent,
  canRequestToJoin,
  canSeeCommunity,
  readableCommunityIds,
  readableCommunitySql,
  readersAmong,
  seersAmong,
  visibleCommunitySql,
} from './policy.ts';

type JoinPolicy = CommunityAccess['joinPolicy'];
type OwnerKind = CommunityAccess['ownerKind'];
type Scope = 'in scope' | 'out of scope';
type Standing =
  | 'no standing'
  | 'member'
  | 'facilitator'
  | 'requested'
  | 'invited'
  | 'declined'
  | 'removed'
  | 'left';

/**
 * What a viewer may do in a community that is not archived, by its join policy, whether the viewer
 * belongs to its owner (its district, or a district of its network) and their own standing in it.
 * The letters: S sees it (page, listing), R reads its content, P takes part, F facilitates, J joins
 * at once, Q asks to join; a dash where they may not.
 */
const TABLE: Array<[JoinPolicy, Scope, Standing, string]> = [
  ['open', 'in scope', 'no standing', 'SR--J-'],
  ['open', 'in scope', 'member', 'SRP---'],
  ['open', 'in scope', 'facilitator', 'SRPF--'],
  ['open', 'in scope', 'requested', 'SR--J-'],
  ['open', 'in scope', 'invited', 'SR--J-'],
  ['open', 'in scope', 'declined', 'SR--J-'],
  ['open', 'in scope', 'removed', 'SR----'],
  ['open', 'in scope', 'left', 'SR--J-'],
  ['open', 'out of scope', 'no standing', '------'],
  ['open', 'out of scope', 'member', 'SRP---'],
  ['open', 'out of scope', 'facilitator', 'SRPF--'],
  ['open', 'out of scope', 'requested', '------'],
  ['open', 'out of scope', 'invited', 'S---J-'],
  ['open', 'out of scope', 'declined', '------'],
  ['open', 'out of scope', 'removed', '------'],
  ['open', 'out of scope', 'left', '------'],
  ['request', 'in scope', 'no standing', 'S----Q'],
  ['request', 'in scope', 'member', 'SRP---'],
  ['request', 'in scope', 'facilitator', 'SRPF--'],
  ['request', 'in scope', 'requested', 'S-----'],
  ['request', 'in scope', 'invited', 'S---JQ'],
  ['request', 'in scope', 'declined', 'S----Q'],
  ['request', 'in scope', 'removed', 'S-----'],
  ['request', 'in scope', 'left', 'S----Q'],
  ['request', 'out of scope', 'no standing', '------'],
  ['request', 'out of scope', 'member', 'SRP---'],
  ['request', 'out of scope', 'facilitator', 'SRPF--'],
  ['request', 'out of scope', 'requested', '------'],
  ['request', 'out of scope', 'invited', 'S---J-'],
  ['request', 'out of scope', 'declined', '------'],
  ['request', 'out of scope', 'removed', '------'],
  ['request', 'out of scope', 'left', '------'],
  ['invitation', 'in scope', 'no standing', '------'],
  ['invitation', 'in scope', 'member', 'SRP---'],
  ['invitation', 'in scope', 'facilitator', 'SRPF--'],
  ['invitation', 'in scope', 'requested', '------'],
  ['invitation', 'in scope', 'invited', 'S---J-'],
  ['invitation', 'in scope', 'declined', '------'],
  ['invitation', 'in scope', 'removed', '------'],
  ['invitation', 'in scope', 'left', '------'],
  ['invitation', 'out of scope', 'no standing', '------'],
  ['invitation', 'out of scope', 'member', 'SRP---'],
  ['invitation', 'out of scope', 'facilitator', 'SRPF--'],
  ['invitation', 'out of scope', 'requested', '------'],
  ['invitation', 'out of scope', 'invited', 'S---J-'],
  ['invitation', 'out of scope', 'declined', '------'],
  ['invitation', 'out of scope', 'removed', '------'],
  ['invitation', 'out of scope', 'left', '------'],
];

const OWNER_KINDS: OwnerKind[] = ['district', 'school', 'network'];

/** An archived community is read-only: no one takes part, joins or asks to; facilitators still manage it. */
const archivedExpectation = (letters: string) =>
  letters
    .split('')
    .map((letter) => ('PJQ'.includes(letter) ? '-' : letter))
    .join('');

const membershipOf = (standing: Standing): CommunityAccess['membership'] =>
  standing === 'no standing'
    ? null
    : standing === 'member' || standing === 'facilitator'
      ? { status: 'active', role: standing === 'facilitator' ? 'facilitator' : 'member' }
      : { status: standing, role: 'member' };

type Viewer = Pick<Actor, 'userId' | 'districtId' | 'networkIds'>;

function decisions(viewer: Viewer, c: CommunityAccess): string {
  return [
    canSeeCommunity(viewer, c) ? 'S' : '-',
    canReadContent(viewer, c) ? 'R' : '-',
    canParticipate(c) ? 'P' : '-',
    canFacilitate(c) ? 'F' : '-',
    canJoinNow(viewer, c) ? 'J' : '-',
    canRequestToJoin(viewer, c) ? 'Q' : '-',
  ].join('');
}

describe('community policy', () => {
  const viewer: Viewer = { userId: 'viewer', districtId: 'home-district', networkIds: ['home-network'] };
  const owner = (kind: OwnerKind, scope: Scope) => {
    const inside = scope === 'in scope';
    if (kind === 'network') return { ownerId: inside ? 'home-network' : 'other-network', districtId: null };
    const districtId = inside ? 'home-district' : 'other-district';
    return { ownerId: kind === 'school' ? `${districtId}-school` : districtId, districtId };
  };

  it.each(TABLE)('%s community, viewer %s with %s: %s', (joinPolicy, scope, standing, letters) => {
    for (const ownerKind of OWNER_KINDS)
      for (const archived of [false, true]) {
        const community: CommunityAccess = {
          joinPolicy,
          ownerKind,
          ...owner(ownerKind, scope),
          archivedAt: archived ? new Date() : null,
          membership: membershipOf(standing),
        };
        expect({ ownerKind, archived, decisions: decisions(viewer, community) }).toEqual({
          ownerKind,
          archived,
          decisions: archived ? archivedExpectation(letters) : letters,
        });
      }
  });
});

describe('community policy in SQL', () => {
  const t = setupTestApp();
  const built: Array<{ id: string; letters: string; archived: boolean }> = [];
  let viewer: Viewer;

  beforeAll(async () => {
    const db = t.database.db;
    const home = await buildDistrict(db);
    const other = await buildDistrict(db);
    const homeNetwork = await buildNetwork(db, [home.id]);
    const otherNetwork = await buildNetwork(db, [other.id]);
    const homeSchool = await buildSchool(db, home.id);
    const otherSchool = await buildSchool(db, other.id);
    const creator = await buildUser(db, { districtId: other.id });
    const person = await buildUser(db, { districtId: home.id, schoolId: homeSchool.id });
    viewer = { userId: person.id, districtId: home.id, networkIds: [homeNetwork.id] };
    const owners = {
      'in scope': { district: home.id, school: homeSchool.id, network: homeNetwork.id },
      'out of scope': { district: other.id, school: otherSchool.id, network: otherNetwork.id },
    };
    for (const [joinPolicy, scope, standing, letters] of TABLE)
      for (const ownerKind of OWNER_KINDS)
        for (const archived of [false, true]) {
          const membership = membershipOf(standing);
          const community = await buildCommunity(db, {
            createdBy: creator.id,
            districtId: scope === 'in scope' ? home.id : other.id,
            ownerKind,
            ownerId: owners[scope][ownerKind],
            joinPolicy,
            archived,
            members: membership
              ? [{ userId: person.id, role: membership.role, status: membership.status as 'active' }]
              : [],
          });
          built.push({
            id: community.id,
            letters: archived ? archivedExpectation(letters) : letters,
            archived,
          });
        }
  });

  const expected = (letter: string) =>
    built
      .filter((c) => c.letters.includes(letter))
      .map((c) => c.id)
      .sort();
  const ours = (ids: string[]) => {
    const mine = new Set(built.map((c) => c.id));
    return ids.filter((id) => mine.has(id)).sort();
  };

  it('lists the communities the viewer may see, as canSeeCommunity decides (visibleCommunitySql)', async () => {
    const { rows } = await t.database.db.execute<{ id: string }>(
      sql`select c.id from communities c where ${visibleCommunitySql(viewer)}`,
    );
    expect(ours(rows.map((r) => r.id))).toEqual(expected('S'));
  });

  it('lists the communities whose content the viewer may read, as canReadContent decides', async () => {
    const { rows } = await t.database.db.execute<{ id: string }>(sql`${readableCommunityIds(viewer)}`);
    expect(ours(rows.map((r) => r.id))).toEqual(expected('R'));
    const { rows: asCondition } = await t.database.db.execute<{ id: string }>(
      sql`select c.id from communities c where ${readableCommunitySql(viewer)}`,
    );
    expect(ours(asCondition.map((r) => r.id))).toEqual(expected('R'));
  });

  it('names the viewer among readers and seers exactly where the policy lets them read or see', async () => {
    const readers: string[] = [];
    const seers: string[] = [];
    for (const c of built) {
      const r = await t.database.db.execute(readersAmong(c.id, [viewer.userId]));
      if (r.rows.length) readers.push(c.id);
      const s = await t.database.db.execute(seersAmong(c.id, [viewer.userId]));
      if (s.rows.length) seers.push(c.id);
    }
    expect(readers.sort()).toEqual(expected('R'));
    expect(seers.sort()).toEqual(expected('S'));
  });
});
