import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import {
  awards,
  microCredentialVersions,
  profiles,
  statements,
  statusLists,
  users,
} from '#server/db/schema.ts';
import { VERBS } from '#server/platform/statements.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildMicroCredential } from '#server/test/credential-builders.ts';

const t = setupTestApp();
const DAY = 86_400_000;

/** A home district with a school, a partner district in its network, and a district outside it. */
async function network() {
  const db = t.database.db;
  const home = await buildDistrict(db);
  const partner = await buildDistrict(db);
  const outside = await buildDistrict(db);
  const net = await buildNetwork(db, [home.id, partner.id]);
  const school = await buildSchool(db, home.id);
  const admin = await buildUser(db, { districtId: home.id, role: 'district_admin' });
  return { home, partner, outside, net, school, admin };
}

const statusListOf = new Map<string, string>();
let nextStatusIndex = 0;

/** The issuer's status list, made on first use: every award needs a place in one. */
async function statusListFor(orgId: string): Promise<string> {
  const known = statusListOf.get(orgId);
  if (known) return known;
  const [list] = await t.database.db
    .insert(statusLists)
    .values({ id: uuidv7(), orgId, length: 131_072 })
    .returning();
  statusListOf.set(orgId, list.id);
  return list.id;
}

/** An award written straight to the table, as the issuer would record it (the document left minimal). */
async function buildAward(a: {
  credentialId: string;
  issuerOrgId: string;
  recipientId: string;
  listed?: boolean;
  issuedAt?: Date;
  expiresAt?: Date | null;
  revoked?: { at: Date; reason: string };
}) {
  const [row] = await t.database.db
    .insert(awards)
    .values({
      id: uuidv7(),
      credentialId: a.credentialId,
      version: 1,
      recipientId: a.recipientId,
      issuerOrgId: a.issuerOrgId,
      statusListId: await statusListFor(a.issuerOrgId),
      statusIndex: nextStatusIndex++,
      document: { type: ['VerifiableCredential', 'OpenBadgeCredential'] },
      issuedAt: a.issuedAt ?? new Date(),
      expiresAt: a.expiresAt ?? null,
      revokedAt: a.revoked?.at ?? null,
      revocationReason: a.revoked?.reason ?? null,
      listed: a.listed ?? false,
    })
    .returning();
  return row;
}

async function credentialOf(
  issuerOrgId: string,
  createdBy: string,
  status: 'published' | 'draft' = 'published',
) {
  return (await buildMicroCredential(t.database.db, { issuerOrgId, createdBy, status })).credential;
}

type Json = Record<string, unknown>;
const ids = (response: { json(): { data: Array<{ id: string }> } }) => response.json().data.map((p) => p.id);
const paths = (response: { json(): { errors: Array<{ path: string }> } }) =>
  response.json().errors.map((e) => e.path);

describe('my awards', () => {
  it('asks a signed-out visitor to sign in', async () => {
    expect((await agent(t).get('/api/my/awards')).statusCode).toBe(401);
    expect((await agent(t).get('/api/my/portfolio')).statusCode).toBe(401);
  });

  it("lists only the caller's awards, newest first, each with its status, links and issuer", async () => {
    const { home, admin } = await network();
    const me = await buildUser(t.database.db, { districtId: home.id });
    const other = await buildUser(t.database.db, { districtId: home.id });
    const first = await credentialOf(home.id, admin.id);
    const second = await credentialOf(home.id, admin.id);
    const third = await credentialOf(home.id, admin.id);
    await t.database.db
      .update(microCredentialVersions)
      .set({ imageKey: 'badges/one.png', imageType: 'image/png' })
      .where(eq(microCredentialVersions.credentialId, first.id));
    const now = Date.now();
    const revoked = await buildAward({
      credentialId: first.id,
      issuerOrgId: home.id,
      recipientId: me.id,
      issuedAt: new Date(now - 3 * DAY),
      revoked: { at: new Date(now - DAY), reason: 'Evidence was not the earner’s own' },
    });
    const expired = await buildAward({
      credentialId: second.id,
      issuerOrgId: home.id,
      recipientId: me.id,
      issuedAt: new Date(now - 2 * DAY),
      expiresAt: new Date(now - 1000),
    });
    const active = await buildAward({
      credentialId: third.id,
      issuerOrgId: home.id,
      recipientId: me.id,
      issuedAt: new Date(now - DAY),
      expiresAt: new Date(now + 30 * DAY),
      listed: true,
    });
    await buildAward({ credentialId: third.id, issuerOrgId: home.id, recipientId: other.id });

    const response = await (await signedIn(t, me.id)).get('/api/my/awards');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(ids(response)).toEqual([active.id, expired.id, revoked.id]);
    expect(body.nextCursor).toBeNull();
    const [a, e, r] = body.data as Json[];
    expect(a).toEqual({
      id: active.id,
      credential: { id: third.id, title: third.title, kind: 'micro' },
      issuer: { id: home.id, name: home.name },
      issuedAt: active.issuedAt.toISOString(),
      expiresAt: active.expiresAt?.toISOString(),
      revokedAt: null,
      revocationReason: null,
      status: 'active',
      listed: true,
      publicUrl: `http://trellis.test/credentials/${active.id}`,
      imageUrl: null,
    });
    expect(e.status).toBe('expired');
    expect(r).toMatchObject({
      status: 'revoked',
      revocationReason: 'Evidence was not the earner’s own',
      imageUrl: `/api/public/micro-credentials/${first.id}/versions/1/image`,
    });
  });

  it('pages with a cursor and refuses a forged one', async () => {
    const { home, admin } = await network();
    const me = await buildUser(t.database.db, { districtId: home.id });
    const made = [];
    for (let i = 0; i < 3; i++) {
      const credential = await credentialOf(home.id, admin.id);
      made.push(
        await buildAward({
          credentialId: credential.id,
          issuerOrgId: home.id,
          recipientId: me.id,
          issuedAt: new Date(Date.now() - i * DAY),
        }),
      );
    }
    const browser = await signedIn(t, me.id);
    const page1 = await browser.get('/api/my/awards?limit=2');
    expect(ids(page1)).toEqual([made[0].id, made[1].id]);
    const cursor = page1.json().nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const page2 = await browser.get(`/api/my/awards?limit=2&cursor=${cursor}`);
    expect(ids(page2)).toEqual([made[2].id]);
    expect(page2.json().nextCursor).toBeNull();

    const forged = await browser.get('/api/my/awards?cursor=not-a-cursor');
    expect(forged.statusCode).toBe(400);
    expect(forged.headers['content-type']).toContain('application/problem+json');
    expect(paths(forged)).toEqual(['/querystring/cursor']);
    const badLimit = await browser.get('/api/my/awards?limit=0');
    expect(paths(badLimit)).toContain('/querystring/limit');
  });

  it('lets only the recipient change whether they are listed on the credential', async () => {
    const { home, partner, admin } = await network();
    const me = await buildUser(t.database.db, { districtId: home.id });
    const colleague = await buildUser(t.database.db, { districtId: home.id });
    const stranger = await buildUser(t.database.db, { districtId: partner.id });
    const credential = await credentialOf(home.id, admin.id);
    const award = await buildAward({ credentialId: credential.id, issuerOrgId: home.id, recipientId: me.id });
    const listed = async () =>
      (await t.database.db.select().from(awards).where(eq(awards.id, award.id)))[0].listed;

    for (const person of [colleague, stranger, admin]) {
      const response = await (await signedIn(t, person.id)).patch(`/api/my/awards/${award.id}`, {
        listed: true,
      });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect(await listed()).toBe(false);

    const browser = await signedIn(t, me.id);
    const bad = await browser.patch(`/api/my/awards/${award.id}`, { listed: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(paths(bad)).toEqual(['/body/listed']);
    const extra = await browser.patch(`/api/my/awards/${award.id}`, {
      listed: true,
      recipientId: colleague.id,
    });
    expect(extra.statusCode).toBe(400);
    const badId = await browser.patch('/api/my/awards/not-a-uuid', { listed: true });
    expect(paths(badId)).toEqual(['/params/id']);
    expect(await listed()).toBe(false);

    const on = await browser.patch(`/api/my/awards/${award.id}`, { listed: true });
    expect(on.statusCode).toBe(200);
    expect(on.json().data).toMatchObject({ id: award.id, listed: true, status: 'active' });
    expect(await listed()).toBe(true);
    const off = await browser.patch(`/api/my/awards/${award.id}`, { listed: false });
    expect(off.json().data.listed).toBe(false);
    expect(await listed()).toBe(false);
  });
});

describe('public portfolio', () => {
  it('is a 404 while private, the same as for someone who does not exist', async () => {
    const { home, admin } = await network();
    const me = await buildUser(t.database.db, { districtId: home.id });
    const credential = await credentialOf(home.id, admin.id);
    await buildAward({ credentialId: credential.id, issuerOrgId: home.id, recipientId: me.id });
    const visitor = agent(t);
    const privateOne = await visitor.get(`/api/public/portfolio/${me.id}`);
    const unknown = await visitor.get(`/api/public/portfolio/${uuidv7()}`);
    expect(privateOne.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    // The same answer but for the address asked about.
    const { instance: _a, ...privateProblem } = privateOne.json();
    const { instance: _b, ...unknownProblem } = unknown.json();
    expect(privateProblem).toEqual(unknownProblem);
    expect(privateOne.headers['content-type']).toBe(unknown.headers['content-type']);

    const browser = await signedIn(t, me.id);
    const choice = await browser.get('/api/my/portfolio');
    expect(choice.json().data).toEqual({ public: false, url: `http://trellis.test/portfolio/${me.id}` });
    const bad = await browser.patch('/api/my/portfolio', { public: 'please' });
    expect(paths(bad)).toEqual(['/body/public']);
    expect((await visitor.get(`/api/public/portfolio/${me.id}`)).statusCode).toBe(404);
    expect((await visitor.get('/api/public/portfolio/nobody')).statusCode).toBe(400);
  });

  it('shows name, role and active credentials only, and nothing private, once made public', async () => {
    const { home, admin, school } = await network();
    const me = await buildUser(t.database.db, {
      districtId: home.id,
      schoolId: school.id,
      profile: { roleTitle: 'Instructional coach', bio: 'A private bio', openToMentoring: true },
    });
    const active = await buildAward({
      credentialId: (await credentialOf(home.id, admin.id)).id,
      issuerOrgId: home.id,
      recipientId: me.id,
    });
    await buildAward({
      credentialId: (await credentialOf(home.id, admin.id)).id,
      issuerOrgId: home.id,
      recipientId: me.id,
      revoked: { at: new Date(), reason: 'Issued in error' },
    });
    await buildAward({
      credentialId: (await credentialOf(home.id, admin.id)).id,
      issuerOrgId: home.id,
      recipientId: me.id,
      expiresAt: new Date(Date.now() - 1000),
    });
    const browser = await signedIn(t, me.id);
    const made = await browser.patch('/api/my/portfolio', { public: true });
    expect(made.statusCode).toBe(200);
    expect(made.json().data).toEqual({ public: true, url: `http://trellis.test/portfolio/${me.id}` });
    expect((await browser.get('/api/my/portfolio')).json().data.public).toBe(true);
    const recorded = await t.database.db.select().from(statements).where(eq(statements.actorId, me.id));
    expect(recorded.map((s) => [s.verb, s.objectType])).toContainEqual([VERBS.updated, 'profile']);

    const response = await agent(t).get(`/api/public/portfolio/${me.id}`);
    expect(response.statusCode).toBe(200);
    const { data } = response.json();
    expect(data.person).toEqual({ id: me.id, name: me.name, roleTitle: 'Instructional coach' });
    expect(data.awards.map((a: Json) => a.id)).toEqual([active.id]);
    expect(Object.keys(data.awards[0]).sort()).toEqual(
      ['credential', 'expiresAt', 'id', 'imageUrl', 'issuedAt', 'issuer', 'publicUrl'].sort(),
    );
    expect(response.body).not.toContain(me.email);
    expect(response.body).not.toContain('A private bio');
    expect(response.body).not.toContain('listed');

    await browser.patch('/api/my/portfolio', { public: false });
    expect((await agent(t).get(`/api/public/portfolio/${me.id}`)).statusCode).toBe(404);
    await browser.patch('/api/my/portfolio', { public: true });
    await t.database.db.update(users).set({ status: 'deactivated' }).where(eq(users.id, me.id));
    expect((await agent(t).get(`/api/public/portfolio/${me.id}`)).statusCode).toBe(404);
  });
});

describe('holders of a credential', () => {
  it('lists only consenting holders open to mentoring whom the viewer may find', async () => {
    const { home, partner, outside, school, admin, net } = await network();
    const db = t.database.db;
    // A network's credential: seen by the staff of every district in the network.
    const credential = await credentialOf(net.id, admin.id);
    const viewer = await buildUser(db, { districtId: home.id });
    const open = { openToMentoring: true };
    const person = (districtId: string, profile: Partial<typeof profiles.$inferInsert> = open) =>
      buildUser(db, { districtId, schoolId: districtId === home.id ? school.id : null, profile });
    const shown = await person(home.id, { ...open, roleTitle: 'Math coach' });
    const partnerShown = await person(partner.id);
    const notOpen = await person(home.id, { openToMentoring: false });
    const notListed = await person(home.id);
    const revoked = await person(home.id);
    const expired = await person(home.id);
    const mentoringHidden = await person(partner.id, { ...open, fieldVisibility: { mentoring: 'district' } });
    const outsider = await person(outside.id);
    const gone = await buildUser(db, { districtId: home.id, status: 'deactivated', profile: open });
    const holds = (recipientId: string, extra: Partial<Parameters<typeof buildAward>[0]> = {}) =>
      buildAward({ credentialId: credential.id, issuerOrgId: net.id, recipientId, listed: true, ...extra });
    const now = Date.now();
    await holds(shown.id, { issuedAt: new Date(now - 2 * DAY) });
    await holds(partnerShown.id, { issuedAt: new Date(now - DAY) });
    await holds(notOpen.id);
    await holds(notListed.id, { listed: false });
    await holds(revoked.id, { revoked: { at: new Date(), reason: 'Issued in error' } });
    await holds(expired.id, { expiresAt: new Date(now - 1000) });
    await holds(mentoringHidden.id);
    await holds(outsider.id);
    await holds(gone.id);

    const browser = await signedIn(t, viewer.id);
    const response = await browser.get(`/api/micro-credentials/${credential.id}/holders`);
    expect(response.statusCode).toBe(200);
    expect(ids(response)).toEqual([partnerShown.id, shown.id]);
    expect(response.json().data[1]).toEqual({
      id: shown.id,
      name: shown.name,
      roleTitle: 'Math coach',
      school: { id: school.id, name: school.name },
      earnedAt: new Date(now - 2 * DAY).toISOString(),
    });

    const page1 = await browser.get(`/api/micro-credentials/${credential.id}/holders?limit=1`);
    expect(ids(page1)).toEqual([partnerShown.id]);
    const page2 = await browser.get(
      `/api/micro-credentials/${credential.id}/holders?limit=1&cursor=${page1.json().nextCursor}`,
    );
    expect(ids(page2)).toEqual([shown.id]);
    expect(page2.json().nextCursor).toBeNull();

    // A colleague of the partner district sees the one who shows mentoring only to their district.
    const partnerViewer = await signedIn(t, (await buildUser(db, { districtId: partner.id })).id);
    const fromPartner = await partnerViewer.get(`/api/micro-credentials/${credential.id}/holders`);
    expect(ids(fromPartner)).toEqual(expect.arrayContaining([shown.id, partnerShown.id, mentoringHidden.id]));
    expect(ids(fromPartner)).not.toContain(outsider.id);
  });

  it('is a 404 for a credential the viewer may not see, and a 400 for bad input', async () => {
    const { home, outside, admin } = await network();
    const db = t.database.db;
    const published = await credentialOf(home.id, admin.id);
    const draft = await credentialOf(home.id, admin.id, 'draft');
    const teacher = await signedIn(t, (await buildUser(db, { districtId: home.id })).id);
    const outsider = await signedIn(t, (await buildUser(db, { districtId: outside.id })).id);
    expect((await outsider.get(`/api/micro-credentials/${published.id}/holders`)).statusCode).toBe(404);
    expect((await teacher.get(`/api/micro-credentials/${draft.id}/holders`)).statusCode).toBe(404);
    expect((await teacher.get(`/api/micro-credentials/${uuidv7()}/holders`)).statusCode).toBe(404);
    const adminView = await (await signedIn(t, admin.id)).get(`/api/micro-credentials/${draft.id}/holders`);
    expect(adminView.statusCode).toBe(200);
    expect((await agent(t).get(`/api/micro-credentials/${published.id}/holders`)).statusCode).toBe(401);
    const badCursor = await teacher.get(`/api/micro-credentials/${published.id}/holders?cursor=xyz`);
    expect(badCursor.statusCode).toBe(400);
    expect(paths(badCursor)).toEqual(['/querystring/cursor']);
    expect(paths(await teacher.get('/api/micro-credentials/nope/holders'))).toEqual(['/params/id']);
  });
});

describe('credentials on profiles', () => {
  it('shows active credentials to whoever may open the profile', async () => {
    const { home, partner, outside, admin } = await network();
    const db = t.database.db;
    const person = await buildUser(db, { districtId: home.id });
    const active = await buildAward({
      credentialId: (await credentialOf(home.id, admin.id)).id,
      issuerOrgId: home.id,
      recipientId: person.id,
    });
    await buildAward({
      credentialId: (await credentialOf(home.id, admin.id)).id,
      issuerOrgId: home.id,
      recipientId: person.id,
      revoked: { at: new Date(), reason: 'Issued in error' },
    });
    const url = `/api/people/${person.id}/awards`;
    for (const viewer of [person, admin, await buildUser(db, { districtId: partner.id })]) {
      const response = await (await signedIn(t, viewer.id)).get(url);
      expect(response.statusCode).toBe(200);
      expect(ids(response)).toEqual([active.id]);
      expect(response.json().data[0].publicUrl).toBe(`http://trellis.test/credentials/${active.id}`);
    }
    const outsider = await signedIn(t, (await buildUser(db, { districtId: outside.id })).id);
    expect((await outsider.get(url)).statusCode).toBe(404);
    expect((await agent(t).get(url)).statusCode).toBe(404);

    // A public profile opens to visitors; its credentials show them only with a public portfolio.
    await db
      .update(profiles)
      .set({ fieldVisibility: { profile: 'public' } })
      .where(eq(profiles.userId, person.id));
    const visitorView = await agent(t).get(url);
    expect(visitorView.statusCode).toBe(200);
    expect(ids(visitorView)).toEqual([]);
    expect(ids(await outsider.get(url))).toEqual([]);
    await (await signedIn(t, person.id)).patch('/api/my/portfolio', { public: true });
    expect(ids(await agent(t).get(url))).toEqual([active.id]);
    expect((await agent(t).get('/api/people/nobody/awards')).statusCode).toBe(400);
  });
});

describe('directory filter by credential', () => {
  it('finds holders of an active award who consented to be listed, and only those', async () => {
    const { home, partner, outside, admin } = await network();
    const db = t.database.db;
    const credential = await credentialOf(home.id, admin.id);
    const viewer = await signedIn(t, (await buildUser(db, { districtId: home.id })).id);
    const listed = await buildUser(db, { districtId: partner.id });
    const unlisted = await buildUser(db, { districtId: home.id });
    const revoked = await buildUser(db, { districtId: home.id });
    const outsider = await buildUser(db, { districtId: outside.id });
    const listedAward = await buildAward({
      credentialId: credential.id,
      issuerOrgId: home.id,
      recipientId: listed.id,
      listed: true,
    });
    const unlistedAward = await buildAward({
      credentialId: credential.id,
      issuerOrgId: home.id,
      recipientId: unlisted.id,
    });
    await buildAward({
      credentialId: credential.id,
      issuerOrgId: home.id,
      recipientId: revoked.id,
      listed: true,
      revoked: { at: new Date(), reason: 'Issued in error' },
    });
    await buildAward({
      credentialId: credential.id,
      issuerOrgId: home.id,
      recipientId: outsider.id,
      listed: true,
    });

    const url = `/api/directory?credentialId=${credential.id}`;
    expect(ids(await viewer.get(url))).toEqual([listed.id]);

    // Consent is read fresh: listing oneself shows at once, and so does taking it back.
    await (await signedIn(t, unlisted.id)).patch(`/api/my/awards/${unlistedAward.id}`, { listed: true });
    expect(ids(await viewer.get(url)).sort()).toEqual([listed.id, unlisted.id].sort());
    await (await signedIn(t, listed.id)).patch(`/api/my/awards/${listedAward.id}`, { listed: false });
    expect(ids(await viewer.get(url))).toEqual([unlisted.id]);
    await db
      .update(awards)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(awards.id, unlistedAward.id)));
    expect(ids(await viewer.get(url))).toEqual([]);
  });

  it('refuses a credential the viewer may not see, naming the field', async () => {
    const { home, outside, admin } = await network();
    const db = t.database.db;
    const credential = await credentialOf(home.id, admin.id);
    const draft = await credentialOf(home.id, admin.id, 'draft');
    const outsider = await signedIn(t, (await buildUser(db, { districtId: outside.id })).id);
    const teacher = await signedIn(t, (await buildUser(db, { districtId: home.id })).id);
    for (const [browser, id] of [
      [outsider, credential.id],
      [teacher, draft.id],
      [teacher, uuidv7()],
    ] as const) {
      const response = await browser.get(`/api/directory?credentialId=${id}`);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(paths(response)).toEqual(['/querystring/credentialId']);
    }
    expect(paths(await teacher.get('/api/directory?credentialId=abc'))).toEqual([
      '/querystring/credentialId',
    ]);
  });
});
