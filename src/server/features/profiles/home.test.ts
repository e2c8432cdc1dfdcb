import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';

const t = setupTestApp();

describe('signed-in home', () => {
  it('asks a signed-out visitor to sign in', async () => {
    expect((await agent(t).get('/api/home')).statusCode).toBe(401);
  });

  it('welcomes a person with their district, school, networks, missing fields and counts', async () => {
    const db = t.database.db;
    const home = await buildDistrict(db);
    const partner = await buildDistrict(db);
    const net = await buildNetwork(db, [home.id, partner.id]);
    const school = await buildSchool(db, home.id);
    const person = await buildUser(db, {
      districtId: home.id,
      schoolId: school.id,
      profile: { subjects: ['Science'], gradeBands: ['6-8'], roleTitle: 'Science teacher' },
    });
    await buildUser(db, { districtId: home.id });
    await buildUser(db, { districtId: partner.id });
    await buildUser(db, { districtId: partner.id, status: 'deactivated' });
    const response = await (await signedIn(t, person.id)).get('/api/home');
    expect(response.statusCode).toBe(200);
    const { data } = response.json();
    expect(data).toMatchObject({
      person: { id: person.id, name: person.name },
      district: { id: home.id, name: home.name },
      school: { id: school.id, name: school.name },
      networks: [{ id: net.id, name: net.name }],
      counts: { district: 1, network: 1 },
    });
    expect(data.completeness.missing).toEqual(['photo', 'yearsInEducation', 'bio', 'expertise']);
    expect(data.completeness.percent).toBe(50);
  });

  it('suggests people of other network districts sharing a subject and grade band they show', async () => {
    const db = t.database.db;
    const home = await buildDistrict(db);
    const partner = await buildDistrict(db);
    const outside = await buildDistrict(db);
    await buildNetwork(db, [home.id, partner.id]);
    const match = { subjects: ['Science', 'Art'], gradeBands: ['6-8'] };
    const person = await buildUser(db, {
      districtId: home.id,
      profile: { subjects: ['Science'], gradeBands: ['6-8', '3-5'] },
    });
    const alike = await buildUser(db, { districtId: partner.id, profile: { ...match, bio: 'hello' } });
    const hidden = await buildUser(db, {
      districtId: partner.id,
      profile: { ...match, fieldVisibility: { subjects: 'district' } },
    });
    const otherBand = await buildUser(db, {
      districtId: partner.id,
      profile: { ...match, gradeBands: ['9-12'] },
    });
    const sameDistrict = await buildUser(db, { districtId: home.id, profile: match });
    const stranger = await buildUser(db, { districtId: outside.id, profile: match });
    const gone = await buildUser(db, { districtId: partner.id, status: 'deactivated', profile: match });
    for (let i = 0; i < 7; i++) await buildUser(db, { districtId: partner.id, profile: match });

    const { data } = (await (await signedIn(t, person.id)).get('/api/home')).json();
    const suggested = data.peopleLikeYou.map((p: { id: string }) => p.id);
    expect(suggested).toHaveLength(6);
    expect(suggested).toContain(alike.id);
    for (const excluded of [hidden, otherBand, sameDistrict, stranger, gone, person])
      expect(suggested).not.toContain(excluded.id);
    expect(data.peopleLikeYou.find((p: { id: string }) => p.id === alike.id)).toMatchObject({
      subjects: ['Science', 'Art'],
      bio: 'hello',
      district: { id: partner.id },
    });
  });

  it('suggests no one to a person without subjects or grade bands', async () => {
    const db = t.database.db;
    const home = await buildDistrict(db);
    const partner = await buildDistrict(db);
    await buildNetwork(db, [home.id, partner.id]);
    const person = await buildUser(db, { districtId: home.id });
    await buildUser(db, { districtId: partner.id, profile: { subjects: ['Art'], gradeBands: ['PK-2'] } });
    const { data } = (await (await signedIn(t, person.id)).get('/api/home')).json();
    expect(data.peopleLikeYou).toEqual([]);
    expect(data.completeness.missing).toContain('subjects');
  });

  it('never shows people like you or counts older than the people, profiles, schools and networks under them', async () => {
    const db = t.database.db;
    const home = await buildDistrict(db);
    const partner = await buildDistrict(db);
    const net = await buildNetwork(db, [home.id, partner.id]);
    const match = { subjects: ['Science'], gradeBands: ['6-8'] };
    const person = await buildUser(db, { districtId: home.id, profile: match });
    const alike = await buildUser(db, { districtId: partner.id, profile: match });
    const viewer = await signedIn(t, person.id);
    const read = async () => {
      const response = await viewer.get('/api/home');
      expect(response.statusCode, response.body).toBe(200);
      const { data } = response.json() as {
        data: {
          peopleLikeYou: Array<{ id: string; subjects?: string[]; schools?: Array<{ id: string }> }>;
          counts: { district: number; network: number };
        };
      };
      return { ids: data.peopleLikeYou.map((p) => p.id), people: data.peopleLikeYou, counts: data.counts };
    };
    // Read twice: the second answer comes from what the first kept.
    await read();
    expect(await read()).toMatchObject({ ids: [alike.id], counts: { district: 0, network: 1 } });

    // A new colleague alike, in the network.
    const newcomer = await buildUser(db, { districtId: partner.id, profile: match });
    expect(await read()).toMatchObject({ ids: [alike.id, newcomer.id].sort(), counts: { network: 2 } });

    // A changed subject, and a subject shown only within the district.
    await db.execute(sql`update profiles set subjects = '{Art}' where user_id = ${newcomer.id}`);
    expect((await read()).ids).toEqual([alike.id]);
    await db.execute(sql`update profiles set subjects = '{Science}' where user_id = ${newcomer.id}`);
    expect((await read()).ids).toContain(newcomer.id);
    await db.execute(
      sql`update profiles set field_visibility = '{"subjects": "district"}' where user_id = ${newcomer.id}`,
    );
    expect((await read()).ids).toEqual([alike.id]);

    // A school assignment alone.
    const school = await buildSchool(db, partner.id);
    await db.execute(
      sql`insert into memberships (user_id, organization_id, role) values (${alike.id}, ${school.id}, 'teacher')`,
    );
    expect((await read()).people[0].schools).toEqual([{ id: school.id, name: school.name }]);

    // A deactivated account, then the partner district leaving the network.
    await db.execute(sql`update users set status = 'deactivated' where id = ${alike.id}`);
    expect(await read()).toMatchObject({ ids: [], counts: { network: 1 } });
    await db.execute(sql`update users set status = 'active' where id = ${alike.id}`);
    expect((await read()).ids).toEqual([alike.id]);
    await db.execute(
      sql`delete from network_districts where network_id = ${net.id} and district_id = ${partner.id}`,
    );
    expect(await read()).toMatchObject({ ids: [], counts: { network: 0 } });
  });
});
