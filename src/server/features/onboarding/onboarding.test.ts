import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';

const t = setupTestApp();
const db = () => t.database.db;

const stepsOf = (body: { data: { steps: Array<{ key: string; done: boolean }> } }) =>
  Object.fromEntries(body.data.steps.map((s) => [s.key, s.done]));

async function newcomer() {
  const district = await buildDistrict(db());
  const school = await buildSchool(db(), district.id, { name: 'Maple Middle' });
  const person = await buildUser(db(), {
    districtId: district.id,
    schoolId: school.id,
    name: 'Nia Newcomer',
    profile: { subjects: ['Mathematics'] },
  });
  return { district, school, person, browser: await signedIn(t, person.id) };
}

describe('the first-visit checklist', () => {
  it("starts with every step to do and suggests the school's and the subject's communities and colleagues", async () => {
    const { district, school, person, browser } = await newcomer();
    const founder = await buildUser(db(), { districtId: district.id, name: 'Fay Founder' });
    const schoolCommunity = await buildCommunity(db(), {
      createdBy: founder.id,
      districtId: district.id,
      ownerKind: 'school',
      ownerId: school.id,
      name: 'Maple staff room',
      joinPolicy: 'open',
    });
    const mathCommunity = await buildCommunity(db(), {
      createdBy: founder.id,
      districtId: district.id,
      name: 'Math teachers',
      subjects: ['Mathematics'],
      joinPolicy: 'request',
    });
    await buildCommunity(db(), {
      createdBy: founder.id,
      districtId: district.id,
      name: 'Art',
      subjects: ['Art'],
    });
    await buildCommunity(db(), {
      createdBy: founder.id,
      districtId: district.id,
      name: 'Secret math',
      subjects: ['Mathematics'],
      joinPolicy: 'invitation',
    });
    const other = await buildDistrict(db());
    const stranger = await buildUser(db(), { districtId: other.id, profile: { subjects: ['Mathematics'] } });
    await buildCommunity(db(), {
      createdBy: stranger.id,
      districtId: other.id,
      name: 'Their math',
      subjects: ['Mathematics'],
    });
    const colleague = await buildUser(db(), {
      districtId: district.id,
      schoolId: school.id,
      name: 'Cal Colleague',
    });
    const mathPeer = await buildUser(db(), {
      districtId: district.id,
      name: 'Max Math',
      profile: { subjects: ['Mathematics'] },
    });

    const response = await browser.get('/api/onboarding');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(stepsOf(body)).toEqual({ profile: false, community: false, follow: false, library: false });
    expect(body.data.communities).toEqual([
      expect.objectContaining({ id: schoolCommunity.id, reason: 'school', joinPolicy: 'open' }),
      expect.objectContaining({
        id: mathCommunity.id,
        reason: 'subject',
        subject: 'Mathematics',
        joinPolicy: 'request',
      }),
    ]);
    const colleagues = body.data.colleagues.map((c: { id: string }) => c.id);
    expect(colleagues.sort()).toEqual([colleague.id, mathPeer.id].sort());
    expect(colleagues).not.toContain(stranger.id);
    expect(colleagues).not.toContain(person.id);
  });

  it('ticks each step from what the person did, and leaves once all are done', async () => {
    const { district, person, browser } = await newcomer();
    const founder = await buildUser(db(), { districtId: district.id });
    const art = await buildCommunity(db(), {
      createdBy: founder.id,
      districtId: district.id,
      subjects: ['Art'],
      members: [{ userId: person.id }],
    });
    // A community of another subject does not count.
    expect(stepsOf((await browser.get('/api/onboarding')).json()).community).toBe(false);
    const math = await buildCommunity(db(), {
      createdBy: founder.id,
      districtId: district.id,
      subjects: ['Mathematics'],
      joinPolicy: 'open',
    });
    expect((await browser.post(`/api/communities/${math.id}/join`)).statusCode).toBeLessThan(300);
    expect((await browser.put(`/api/people/${founder.id}/follow`)).statusCode).toBeLessThan(300);
    expect((await browser.post('/api/onboarding/library-visit')).statusCode).toBe(204);
    let steps = stepsOf((await browser.get('/api/onboarding')).json());
    expect(steps).toEqual({ profile: false, community: true, follow: true, library: true });
    expect(art.id).toBeTruthy();

    const profile = await browser.patch('/api/profile', {
      gradeBands: ['6-8'],
      bio: 'I teach maths to twelve-year-olds.',
    });
    expect(profile.statusCode).toBeLessThan(300);
    const done = (await browser.get('/api/onboarding')).json();
    steps = stepsOf(done);
    expect(steps.profile).toBe(true);
    expect(done.data.complete).toBe(true);
    expect(done.data.communities).toEqual([]);
  });

  it('is put away and brought back by its person only', async () => {
    const { browser } = await newcomer();
    const hidden = await browser.put('/api/onboarding/dismissed', { dismissed: true });
    expect(hidden.statusCode).toBe(200);
    expect(hidden.json().data.dismissed).toBe(true);
    expect((await browser.get('/api/onboarding')).json().data.dismissed).toBe(true);
    const shown = await browser.put('/api/onboarding/dismissed', { dismissed: false });
    expect(shown.json().data.dismissed).toBe(false);

    const bad = await browser.put('/api/onboarding/dismissed', { dismissed: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/body/dismissed');
    expect((await agent(t).get('/api/onboarding')).statusCode).toBe(401);
  });
});
