import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Audience } from '#shared/contracts/resources.ts';
import { setupTestApp } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';
import { canSeeShared, type Viewer, viewerScopeCtes, visibleSharedSql } from './audience.ts';

/** Where a thing is shared, relative to the viewer. */
type Target =
  | 'nowhere'
  | 'a community they read'
  | 'a community they do not read'
  | 'their school'
  | 'their other school'
  | 'another school of their district'
  | 'their district'
  | 'another district'
  | 'their network'
  | 'another network';
type Owner = 'someone else' | 'the viewer';
type Home =
  | 'not brought home'
  | 'brought home to their school'
  | 'brought home to their district'
  | 'brought home elsewhere';

/** Who sees a resource or collection: audience × where it points × owner × home shares → seen. */
const TABLE: Array<[Audience, Target, Owner, Home, boolean]> = [
  ['private', 'nowhere', 'someone else', 'not brought home', false],
  ['private', 'nowhere', 'the viewer', 'not brought home', true],
  ['private', 'nowhere', 'someone else', 'brought home to their school', true],
  ['private', 'nowhere', 'someone else', 'brought home to their district', true],
  ['private', 'nowhere', 'someone else', 'brought home elsewhere', false],
  ['community', 'a community they read', 'someone else', 'not brought home', true],
  ['community', 'a community they do not read', 'someone else', 'not brought home', false],
  ['community', 'a community they do not read', 'the viewer', 'not brought home', true],
  ['community', 'a community they do not read', 'someone else', 'brought home to their district', true],
  ['school', 'their school', 'someone else', 'not brought home', true],
  ['school', 'their other school', 'someone else', 'not brought home', true],
  ['school', 'another school of their district', 'someone else', 'not brought home', false],
  ['school', 'another school of their district', 'the viewer', 'not brought home', true],
  ['school', 'another school of their district', 'someone else', 'brought home to their school', true],
  ['district', 'their district', 'someone else', 'not brought home', true],
  ['district', 'another district', 'someone else', 'not brought home', false],
  ['district', 'another district', 'someone else', 'brought home elsewhere', false],
  ['district', 'another district', 'someone else', 'brought home to their district', true],
  ['network', 'their network', 'someone else', 'not brought home', true],
  ['network', 'another network', 'someone else', 'not brought home', false],
  ['network', 'another network', 'the viewer', 'not brought home', true],
  ['public', 'nowhere', 'someone else', 'not brought home', true],
];

describe('shared audience policy', () => {
  const ids: Record<Target, string | null> = {
    nowhere: null,
    'a community they read': 'read-community',
    'a community they do not read': 'closed-community',
    'their school': 'school-1',
    'their other school': 'school-2',
    'another school of their district': 'school-3',
    'their district': 'home-district',
    'another district': 'other-district',
    'their network': 'home-network',
    'another network': 'other-network',
  };
  const viewer: Viewer = {
    userId: 'viewer',
    districtId: 'home-district',
    schoolIds: ['school-1', 'school-2'],
    networkIds: ['home-network'],
  };

  it.each(TABLE)('%s, shared with %s, owned by %s, %s: seen %s', (audience, target, owner, home, seen) => {
    const shared = {
      ownerId: owner === 'the viewer' ? 'viewer' : 'owner',
      audience,
      audienceId: ids[target],
    };
    const facts = {
      readsCommunity: target === 'a community they read',
      broughtHome: home === 'brought home to their school' || home === 'brought home to their district',
    };
    expect(canSeeShared(viewer, shared, facts)).toBe(seen);
  });
});

describe('shared audience policy in SQL', () => {
  const t = setupTestApp();
  const rows: Array<{ resourceId: string; collectionId: string | null; seen: boolean }> = [];
  let viewer: Viewer;

  beforeAll(async () => {
    const db = t.database.db;
    const home = await buildDistrict(db);
    const other = await buildDistrict(db);
    const homeNetwork = await buildNetwork(db, [home.id]);
    const otherNetwork = await buildNetwork(db, [other.id]);
    const [school1, school2, school3] = [
      await buildSchool(db, home.id),
      await buildSchool(db, home.id),
      await buildSchool(db, home.id),
    ];
    const person = await buildUser(db, {
      districtId: home.id,
      schoolId: school1.id,
      otherSchoolIds: [school2.id],
    });
    const owner = await buildUser(db, { districtId: other.id });
    const read = await buildCommunity(db, {
      createdBy: owner.id,
      districtId: other.id,
      joinPolicy: 'request',
      members: [{ userId: person.id }],
    });
    const closed = await buildCommunity(db, {
      createdBy: owner.id,
      districtId: home.id,
      joinPolicy: 'request',
      members: [{ userId: person.id, status: 'requested' }],
    });
    viewer = {
      userId: person.id,
      districtId: home.id,
      schoolIds: [school1.id, school2.id],
      networkIds: [homeNetwork.id],
    };
    const ids: Record<Target, string | null> = {
      nowhere: null,
      'a community they read': read.id,
      'a community they do not read': closed.id,
      'their school': school1.id,
      'their other school': school2.id,
      'another school of their district': school3.id,
      'their district': home.id,
      'another district': other.id,
      'their network': homeNetwork.id,
      'another network': otherNetwork.id,
    };
    const homeTargets: Record<Home, { kind: 'school' | 'district'; id: string } | null> = {
      'not brought home': null,
      'brought home to their school': { kind: 'school', id: school1.id },
      'brought home to their district': { kind: 'district', id: home.id },
      'brought home elsewhere': { kind: 'district', id: other.id },
    };
    for (const [audience, target, ownedBy, broughtHome, seen] of TABLE) {
      const ownerId = ownedBy === 'the viewer' ? person.id : owner.id;
      const districtId = ownedBy === 'the viewer' ? home.id : other.id;
      const resource = await buildResource(db, { ownerId, districtId, audience, audienceId: ids[target] });
      const homeTarget = homeTargets[broughtHome];
      if (homeTarget)
        await db.execute(sql`
          insert into home_shares (id, sharer_id, subject, resource_id, target_kind, target_id, statement_id)
          values (${uuidv7()}, ${owner.id}, 'resource', ${resource.id}, ${homeTarget.kind}, ${homeTarget.id}, ${uuidv7()})`);
      // Collections are shared like resources but are never brought home.
      let collectionId: string | null = null;
      if (!homeTarget) {
        collectionId = uuidv7();
        await db.execute(sql`
          insert into collections (id, owner_id, district_id, audience, audience_id, title)
          values (${collectionId}, ${ownerId}, ${districtId}, ${audience}, ${ids[target]}, 'A collection')`);
      }
      rows.push({ resourceId: resource.id, collectionId, seen });
    }
  });

  const ours = (found: Array<{ id: string }>, key: 'resourceId' | 'collectionId') => {
    const mine = new Set(rows.map((r) => r[key]));
    return found
      .map((r) => r.id)
      .filter((id) => mine.has(id))
      .sort();
  };
  const expected = (key: 'resourceId' | 'collectionId') =>
    rows
      .filter((r) => r.seen && r[key])
      .map((r) => r[key] as string)
      .sort();

  it('finds exactly the resources the policy lets the viewer see (visibleSharedSql, with home shares)', async () => {
    const { rows: found } = await t.database.db.execute<{ id: string }>(
      sql`select r.id from resources r where ${visibleSharedSql(viewer, 'r', { homeShares: true })}`,
    );
    expect(ours(found, 'resourceId')).toEqual(expected('resourceId'));
  });

  it('finds the same resources when the viewer’s side is computed once (viewerScopeCtes)', async () => {
    const { rows: found } = await t.database.db.execute<{ id: string }>(
      sql`with ${viewerScopeCtes(viewer)}
          select r.id from resources r where ${visibleSharedSql(viewer, 'r', { homeShares: true, scope: true })}`,
    );
    expect(ours(found, 'resourceId')).toEqual(expected('resourceId'));
  });

  it('finds the same resources when each community is checked on its own row (few: a feed page)', async () => {
    const { rows: found } = await t.database.db.execute<{ id: string }>(
      sql`select r.id from resources r where ${visibleSharedSql(viewer, 'r', { homeShares: true, few: true })}`,
    );
    expect(ours(found, 'resourceId')).toEqual(expected('resourceId'));
    const { rows: collections } = await t.database.db.execute<{ id: string }>(
      sql`select c.id from collections c where ${visibleSharedSql(viewer, 'c', { homeShares: false, few: true })}`,
    );
    expect(ours(collections, 'collectionId')).toEqual(expected('collectionId'));
  });

  it('finds exactly the collections the policy lets the viewer see', async () => {
    const { rows: found } = await t.database.db.execute<{ id: string }>(
      sql`select c.id from collections c where ${visibleSharedSql(viewer, 'c', { homeShares: false })}`,
    );
    expect(ours(found, 'collectionId')).toEqual(expected('collectionId'));
  });
});
