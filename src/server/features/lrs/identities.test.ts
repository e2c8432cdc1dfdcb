import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  lrsIdentityLinks,
  lrsSettings,
  organizations,
  signOnIdentities,
  signOnProviders,
  users,
} from '#server/db/schema.ts';
import { setupTestApp } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { eq } from 'drizzle-orm';
import { actorKey, canonicalMbox, describeIfiKey, keyAgent, matchActors, parseIfiKey } from './identities.ts';

const t = setupTestApp();
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

describe('canonical IFI keys', () => {
  it('keys each kind of identifier and reads the key back', () => {
    expect(actorKey({ mbox: 'mailto:Jane.Doe@Example.ORG' })).toBe('mbox:mailto:Jane.Doe@example.org');
    expect(actorKey({ mbox_sha1sum: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' })).toBe(
      'mbox_sha1sum:abcdef0123456789abcdef0123456789abcdef01',
    );
    expect(actorKey({ openid: 'https://id.example.org/jane' })).toBe('openid:https://id.example.org/jane');
    expect(actorKey({ account: { homePage: 'https://lms.example.org', name: 'jane doe' } })).toBe(
      'account:https://lms.example.org jane doe',
    );
    for (const key of [
      'mbox:mailto:Jane.Doe@example.org',
      'mbox_sha1sum:abcdef0123456789abcdef0123456789abcdef01',
      'openid:https://id.example.org/jane',
      'account:https://lms.example.org jane doe',
    ]) {
      expect(actorKey(keyAgent(key))).toBe(key);
    }
    expect(parseIfiKey('account:https://lms.example.org 4411')).toEqual({
      kind: 'account',
      homePage: 'https://lms.example.org',
      name: '4411',
    });
    expect(describeIfiKey('mbox:mailto:jane@example.org')).toBe('jane@example.org');
  });

  it('has no key for an anonymous group or a malformed identifier', () => {
    expect(actorKey({ objectType: 'Group', member: [{ mbox: 'mailto:a@example.org' }] })).toBeNull();
    expect(actorKey({ mbox: 'mailto:no-at-sign' })).toBeNull();
    expect(actorKey({ mbox_sha1sum: 'xyz' })).toBeNull();
    expect(actorKey(null)).toBeNull();
    expect(canonicalMbox('Jane@EXAMPLE.org')).toBe('mailto:Jane@example.org');
  });
});

describe('matchActors', () => {
  it('matches each identifier against the accounts of the district only', async () => {
    const db = t.database.db;
    const district = await buildDistrict(db);
    const other = await buildDistrict(db);
    const jane = await buildUser(db, {
      districtId: district.id,
      email: `Jane.${Date.now()}@Lincoln.example`,
    });
    const omar = await buildUser(db, { districtId: district.id });
    await db
      .update(users)
      .set({ sourcedId: `t-${omar.id.slice(0, 8)}` })
      .where(eq(users.id, omar.id));
    const stranger = await buildUser(db, { districtId: other.id });
    const lee = await buildUser(db, { districtId: district.id });
    const [provider] = await db
      .insert(signOnProviders)
      .values({
        districtId: district.id,
        kind: 'oidc',
        name: 'Id',
        issuer: 'https://id.example.org',
        clientId: 'c',
        clientSecretEncrypted: 'x',
      })
      .returning();
    await db.insert(signOnIdentities).values({
      userId: lee.id,
      providerId: provider.id,
      issuer: 'https://id.example.org',
      subject: `https://id.example.org/people/${lee.id}`,
    });
    const mixedCase = jane.email.replace('@Lincoln.example', '@LINCOLN.EXAMPLE');

    const actors = [
      { mbox: `mailto:${mixedCase}` },
      { mbox_sha1sum: sha1(`mailto:${jane.email}`) },
      { mbox_sha1sum: sha1(`mailto:${jane.email.toLowerCase()}`) },
      { openid: `https://id.example.org/people/${lee.id}` },
      { account: { homePage: 'http://trellis.test/', name: omar.id } },
      { account: { homePage: 'http://trellis.test', name: `t-${omar.id.slice(0, 8)}` } },
      { account: { homePage: 'http://TRELLIS.test', name: jane.email.toUpperCase() } },
      { account: { homePage: 'https://elsewhere.example', name: omar.id } },
      { mbox: `mailto:${stranger.email}` },
      { account: { homePage: 'http://trellis.test', name: stranger.id } },
      { mbox_sha1sum: sha1(`mailto:${stranger.email}`) },
      { objectType: 'Group', member: [{ mbox: `mailto:${jane.email}` }] },
    ];
    expect(await matchActors(db, district.id, actors)).toEqual([
      jane.id,
      jane.id,
      jane.id,
      lee.id,
      omar.id,
      omar.id,
      jane.id,
      null,
      null,
      null,
      null,
      null,
    ]);
    // The same identities seen from the other district match only its own person.
    expect(await matchActors(db, other.id, actors)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      stranger.id,
      stranger.id,
      stranger.id,
      null,
    ]);
  });

  it('matches an account of the home page the district configured, and identities an admin linked', async () => {
    const db = t.database.db;
    const district = await buildDistrict(db);
    const other = await buildDistrict(db);
    const ana = await buildUser(db, { districtId: district.id });
    const ben = await buildUser(db, { districtId: district.id });
    const stranger = await buildUser(db, { districtId: other.id });
    const lms = { account: { homePage: 'https://lms.example.org/', name: ana.email } };
    expect(await matchActors(db, district.id, [lms])).toEqual([null]);
    await db.insert(lrsSettings).values({ districtId: district.id, homePage: 'https://LMS.example.org' });
    expect(await matchActors(db, district.id, [lms])).toEqual([ana.id]);

    const alias = { mbox: 'mailto:ben.personal@gmail.example' };
    const key = actorKey(alias)!;
    expect(await matchActors(db, district.id, [alias])).toEqual([null]);
    await db.insert(lrsIdentityLinks).values({ districtId: district.id, ifiKey: key, userId: ben.id });
    expect(await matchActors(db, district.id, [alias, lms])).toEqual([ben.id, ana.id]);
    // A link in one district says nothing in another, and a link to another district's person never matches.
    expect(await matchActors(db, other.id, [alias])).toEqual([null]);
    await db
      .insert(lrsIdentityLinks)
      .values({ districtId: other.id, ifiKey: actorKey(lms)!, userId: ana.id });
    expect(await matchActors(db, other.id, [lms])).toEqual([null]);
    expect(stranger.districtId).toBe(other.id);
    const [row] = await db.select().from(organizations).where(eq(organizations.id, district.id));
    expect(row.kind).toBe('district');
  });

  it('looks up a SHA-1 of an email through an index', async () => {
    const client = await t.database.pool.connect();
    try {
      await client.query('set enable_seqscan = off');
      const { rows } = await client.query(
        `explain select id from users where encode(public.digest('mailto:' || lower(email), 'sha1'), 'hex') = $1`,
        ['0'.repeat(40)],
      );
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/users_mbox_sha1_lower_idx/);
    } finally {
      await client.query('reset enable_seqscan');
      client.release();
    }
  });
});
