import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { memberships } from '#server/db/schema.ts';
import { type Agent, agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser, uniqueWord } from '#server/test/builders.ts';
import { listMentorRoles, mentoredCountSql, mentoringMinutesInPeriod } from './index.ts';
import type { Candidate } from './queries.ts';
import { assignCohort } from './service.ts';

const t = setupTestApp();
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';

const field = (res: { json(): { errors?: { path: string }[] } }) => res.json().errors?.map((e) => e.path);

const offer = {
  capacity: 2,
  accepting: true,
  meetingModes: ['online'],
  topics: ['Classroom management'],
  availability: 'Tuesdays after 3',
};
const ask = {
  subject: 'Science',
  gradeBand: '6-8',
  topics: ['classroom management'],
  meetingMode: 'online',
  note: 'First year, grade 7 science',
};

/**
 * North and south share a network; far shares none. Nia is a new teacher of north's Birch school,
 * whose principal is Pam. Sam (south) teaches science 6-8 and shows it to the network; Sue (south)
 * shows her mentoring only to her district; Nora (north) teaches science too; Fay (far) is outside.
 * Ada administers north, Ben administers south.
 */
async function buildWorld() {
  const db = t.database.db;
  const north = await buildDistrict(db);
  const south = await buildDistrict(db);
  const far = await buildDistrict(db);
  const network = await buildNetwork(db, [north.id, south.id]);
  const birch = await buildSchool(db, north.id, { name: `Birch ${uniqueWord()}` });
  const science = { subjects: ['Science'], gradeBands: ['6-8'], openToMentoring: true };
  const nia = await buildUser(db, { districtId: north.id, schoolId: birch.id, name: `Nia ${uniqueWord()}` });
  const pam = await buildUser(db, {
    districtId: north.id,
    role: 'principal',
    schoolId: birch.id,
    name: `Pam ${uniqueWord()}`,
    profile: science,
  });
  const sam = await buildUser(db, { districtId: south.id, name: `Sam ${uniqueWord()}`, profile: science });
  const sue = await buildUser(db, {
    districtId: south.id,
    name: `Sue ${uniqueWord()}`,
    profile: { ...science, fieldVisibility: { mentoring: 'district' } },
  });
  const nora = await buildUser(db, { districtId: north.id, name: `Nora ${uniqueWord()}`, profile: science });
  const fay = await buildUser(db, { districtId: far.id, name: `Fay ${uniqueWord()}`, profile: science });
  const ada = await buildUser(db, {
    districtId: north.id,
    role: 'district_admin',
    name: `Ada ${uniqueWord()}`,
  });
  const ben = await buildUser(db, {
    districtId: south.id,
    role: 'district_admin',
    name: `Ben ${uniqueWord()}`,
  });
  const as = {
    nia: await signedIn(t, nia.id),
    pam: await signedIn(t, pam.id),
    sam: await signedIn(t, sam.id),
    sue: await signedIn(t, sue.id),
    nora: await signedIn(t, nora.id),
    fay: await signedIn(t, fay.id),
    ada: await signedIn(t, ada.id),
    ben: await signedIn(t, ben.id),
  };
  for (const mentor of [as.pam, as.sam, as.sue, as.nora, as.fay])
    expect((await mentor.put('/api/mentoring/mentor-profile', offer)).statusCode).toBe(200);
  return { north, south, far, network, birch, nia, pam, sam, sue, nora, fay, ada, ben, as };
}
type World = Awaited<ReturnType<typeof buildWorld>>;

async function askForMentor(as: Agent, body: Record<string, unknown> = ask): Promise<string> {
  const res = await as.post('/api/mentoring/requests', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data.id;
}

async function suggestedIds(as: Agent, requestId: string): Promise<string[]> {
  const res = await as.get(`/api/mentoring/requests/${requestId}/suggestions`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.map((s: { mentor: { id: string } }) => s.mentor.id);
}

async function notificationsOf(userId: string, kind: string) {
  const { rows } = await t.database.db.execute<{ data: Record<string, string> }>(
    sql`select data from notifications where user_id = ${userId} and kind = ${kind}`,
  );
  return rows;
}

/** Nia chooses a mentor herself: active at once in her district, awaiting approval across districts. */
async function choose(w: World, mentorId: string): Promise<{ id: string; status: string }> {
  const requestId = await askForMentor(w.as.nia);
  const res = await w.as.nia.post(`/api/mentoring/requests/${requestId}/matches`, { mentorId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data;
}

const today = () => new Date().toISOString().slice(0, 10);

describe('mentor offers', () => {
  it('lets anyone offer to mentor with a capacity and refuses a capacity above ten, naming the field', async () => {
    const db = t.database.db;
    const district = await buildDistrict(db);
    const mia = await buildUser(db, { districtId: district.id });
    expect((await agent(t).put('/api/mentoring/mentor-profile', offer)).statusCode).toBe(401);
    const as = await signedIn(t, mia.id);
    const bad = await as.put('/api/mentoring/mentor-profile', { ...offer, capacity: 11 });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(field(bad)).toEqual(['/body/capacity']);
    expect((await as.get('/api/mentoring')).json().data.mentorProfile).toBeNull();
    const ok = await as.put('/api/mentoring/mentor-profile', offer);
    expect(ok.json().data).toMatchObject({ capacity: 2, accepting: true, load: 0, meetingModes: ['online'] });
    expect((await as.get('/api/mentoring')).json().data.mentorProfile.availability).toBe('Tuesdays after 3');
  });
});

describe('asking for a mentor', () => {
  it('is a request of its own, one open at a time, that only its teacher and their coordinators read', async () => {
    const w = await buildWorld();
    expect((await agent(t).post('/api/mentoring/requests', ask)).statusCode).toBe(401);
    const bad = await w.as.nia.post('/api/mentoring/requests', { ...ask, subject: 'Alchemy', extra: 1 });
    expect(bad.statusCode).toBe(400);
    expect(field(bad)).toEqual(expect.arrayContaining(['/body/subject']));
    const id = await askForMentor(w.as.nia);
    expect((await w.as.nia.post('/api/mentoring/requests', ask)).statusCode).toBe(409);
    expect((await w.as.nia.get(`/api/mentoring/requests/${id}`)).json().data).toMatchObject({
      status: 'open',
      subject: 'Science',
      topics: ['classroom management'],
    });
    expect((await w.as.ada.get(`/api/mentoring/requests/${id}`)).statusCode).toBe(200);
    expect((await w.as.sam.get(`/api/mentoring/requests/${id}`)).statusCode).toBe(404);
    expect((await w.as.ben.get(`/api/mentoring/requests/${id}`)).statusCode).toBe(404);
    expect((await w.as.nia.get(`/api/mentoring/requests/${MISSING}`)).statusCode).toBe(404);
    expect((await w.as.ada.post(`/api/mentoring/requests/${id}/withdraw`)).statusCode).toBe(403);
    expect((await w.as.nia.post(`/api/mentoring/requests/${id}/withdraw`)).statusCode).toBe(204);
    expect((await w.as.nia.post(`/api/mentoring/requests/${id}/withdraw`)).statusCode).toBe(409);
    expect((await w.as.nia.get('/api/mentoring')).json().data.requests[0].status).toBe('withdrawn');
  });
});

describe('suggestions', () => {
  it('suggests mentors across the network with the weights that made each score, never ones the mentee may not see nor her principal', async () => {
    const w = await buildWorld();
    const id = await askForMentor(w.as.nia);
    const res = await w.as.nia.get(`/api/mentoring/requests/${id}/suggestions`);
    const suggestions = res.json().data;
    const ids = suggestions.map((s: { mentor: { id: string } }) => s.mentor.id);
    expect(ids.sort()).toEqual([w.sam.id, w.nora.id].sort());
    for (const s of suggestions) {
      const total = s.reasons.reduce((sum: number, r: { points: number }) => sum + r.points, 0);
      expect(s.score).toBeCloseTo(total, 0);
      for (const r of s.reasons) expect(r.points).toBeCloseTo(r.weight * r.fit, 0);
      expect(s.reasons.map((r: { factor: string }) => r.factor)).toEqual(
        expect.arrayContaining(['subject', 'gradeBand', 'topics', 'meetingMode', 'load']),
      );
    }
    // Sue shows her mentoring to her district alone; Fay's district shares no network; Pam is Nia's principal.
    expect(ids).not.toContain(w.sue.id);
    expect(ids).not.toContain(w.fay.id);
    expect(ids).not.toContain(w.pam.id);
    // A coordinator of another district is told the request does not exist.
    expect((await w.as.ben.get(`/api/mentoring/requests/${id}/suggestions`)).statusCode).toBe(404);
    expect((await w.as.ada.get(`/api/mentoring/requests/${id}/suggestions`)).statusCode).toBe(200);
  });

  it('leaves out a role the district names as evaluators, and mentors with no room or who take no one new', async () => {
    const w = await buildWorld();
    const db = t.database.db;
    const coach = await buildUser(db, {
      districtId: w.north.id,
      role: 'coach',
      schoolId: w.birch.id,
      profile: { subjects: ['Science'], gradeBands: ['6-8'] },
    });
    await (await signedIn(t, coach.id)).put('/api/mentoring/mentor-profile', offer);
    const id = await askForMentor(w.as.nia);
    expect(await suggestedIds(w.as.nia, id)).toContain(coach.id);
    expect(
      (await w.as.nia.put(`/api/mentoring/settings/${w.north.id}`, { evaluatorRoles: ['coach'] })).statusCode,
    ).toBe(403);
    const set = await w.as.ada.put(`/api/mentoring/settings/${w.north.id}`, {
      evaluatorRoles: ['principal', 'coach'],
    });
    expect(set.json().data).toMatchObject({
      evaluatorRoles: ['principal', 'coach'],
      menteeDistrictApproves: true,
    });
    expect(await suggestedIds(w.as.nia, id)).not.toContain(coach.id);
    await w.as.nora.put('/api/mentoring/mentor-profile', { ...offer, accepting: false });
    await w.as.sam.put('/api/mentoring/mentor-profile', { ...offer, capacity: 0 });
    expect(await suggestedIds(w.as.nia, id)).toEqual([]);
  });

  it('prefers a past mentor for continuity', async () => {
    const w = await buildWorld();
    const first = await choose(w, w.nora.id);
    expect(first.status).toBe('active');
    await w.as.nia.post(`/api/mentoring/mentorships/${first.id}/end`, { reason: 'Summer' });
    const again = await askForMentor(w.as.nia);
    const [top] = (await w.as.nia.get(`/api/mentoring/requests/${again}/suggestions`)).json().data;
    expect(top.mentor.id).toBe(w.nora.id);
    expect(top.reasons.find((r: { factor: string }) => r.factor === 'continuity')).toMatchObject({ fit: 1 });
  });
});

describe('confirming a mentor', () => {
  it('starts a mentorship at once in the district and tells the pair; a mentor Trellis would not suggest is refused', async () => {
    const w = await buildWorld();
    const requestId = await askForMentor(w.as.nia);
    const far = await w.as.nia.post(`/api/mentoring/requests/${requestId}/matches`, { mentorId: w.fay.id });
    expect(far.statusCode).toBe(400);
    expect(field(far)).toEqual(['/body/mentorId']);
    const principal = await w.as.nia.post(`/api/mentoring/requests/${requestId}/matches`, {
      mentorId: w.pam.id,
    });
    expect(field(principal)).toEqual(['/body/mentorId']);
    const res = await w.as.nia.post(`/api/mentoring/requests/${requestId}/matches`, { mentorId: w.nora.id });
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({ status: 'active', crossDistrict: false });
    expect(res.json().abilities).toMatchObject({ pair: true, end: true, confirm: false });
    expect(await notificationsOf(w.nora.id, 'mentoring_started')).toHaveLength(1);
    expect((await w.as.nia.get(`/api/mentoring/requests/${requestId}`)).json().data.status).toBe('matched');
  });

  it("waits for the mentee's district to approve a mentor of another district, unless the network waives it", async () => {
    const w = await buildWorld();
    const m = await choose(w, w.sam.id);
    expect(m.status).toBe('awaiting_approval');
    expect(await notificationsOf(w.ada.id, 'mentoring_approval')).toHaveLength(1);
    expect((await w.as.ben.post(`/api/mentoring/mentorships/${m.id}/approve`)).statusCode).toBe(404);
    expect((await w.as.nia.post(`/api/mentoring/mentorships/${m.id}/approve`)).statusCode).toBe(403);
    expect(
      (await w.as.nia.post(`/api/mentoring/mentorships/${m.id}/meetings`, { heldOn: today(), minutes: 30 }))
        .statusCode,
    ).toBe(409);
    // Refusing the approval declines the mentor and opens the request again; Nia chooses again.
    const refused = await w.as.ada.post(`/api/mentoring/mentorships/${m.id}/decline`);
    expect(refused.json().data.status).toBe('declined');
    expect((await w.as.nia.get('/api/mentoring')).json().data.requests[0].status).toBe('open');
    const reopened = (await w.as.nia.get('/api/mentoring')).json().data.requests[0].id;
    const again = await w.as.nia.post(`/api/mentoring/requests/${reopened}/matches`, { mentorId: w.sam.id });
    expect(again.json().data.status).toBe('awaiting_approval');
    const approved = await w.as.ada.post(`/api/mentoring/mentorships/${again.json().data.id}/approve`);
    expect(approved.json().data.status).toBe('active');
    expect(
      (await w.as.ada.post(`/api/mentoring/mentorships/${again.json().data.id}/approve`)).statusCode,
    ).toBe(409);

    const db = t.database.db;
    await db
      .insert(memberships)
      .values({ userId: w.ben.id, organizationId: w.network.id, role: 'network_admin' });
    const benAsNetwork = await signedIn(t, w.ben.id);
    expect(
      (await w.as.ada.put(`/api/mentoring/settings/${w.network.id}`, { menteeDistrictApproves: false }))
        .statusCode,
    ).toBe(403);
    const bad = await benAsNetwork.put(`/api/mentoring/settings/${w.network.id}`, {
      evaluatorRoles: ['coach'],
    });
    expect(field(bad)).toEqual(['/body/evaluatorRoles']);
    const waived = await benAsNetwork.put(`/api/mentoring/settings/${w.network.id}`, {
      menteeDistrictApproves: false,
    });
    expect(waived.json().data.menteeDistrictApproves).toBe(false);
    const other = await buildUser(db, { districtId: w.north.id });
    const otherAs = await signedIn(t, other.id);
    const requestId = await askForMentor(otherAs);
    const direct = await otherAs.post(`/api/mentoring/requests/${requestId}/matches`, { mentorId: w.sam.id });
    expect(direct.json().data.status).toBe('active');
  });

  it('never gives a mentor more mentees than their capacity, and a mentee never two accepted mentors (in the database too)', async () => {
    const w = await buildWorld();
    const db = t.database.db;
    const [a, b] = [
      await buildUser(db, { districtId: w.north.id }),
      await buildUser(db, { districtId: w.north.id }),
    ];
    const ra = await askForMentor(await signedIn(t, a.id));
    const rb = await askForMentor(await signedIn(t, b.id));
    const pa = await w.as.ada.post(`/api/mentoring/requests/${ra}/matches`, { mentorId: w.nora.id });
    const pb = await w.as.ada.post(`/api/mentoring/requests/${rb}/matches`, { mentorId: w.nora.id });
    expect(pa.json().data.status).toBe('proposed');
    expect(pb.json().abilities.confirm).toBe(true);
    // A proposal holds a place: a third is not suggested while two wait.
    const c = await buildUser(db, { districtId: w.north.id });
    expect(await suggestedIds(w.as.ada, await askForMentor(await signedIn(t, c.id)))).not.toContain(
      w.nora.id,
    );
    // Nora takes fewer people now: the second confirmation finds no room.
    await w.as.nora.put('/api/mentoring/mentor-profile', { ...offer, capacity: 1 });
    expect((await w.as.ada.post(`/api/mentoring/mentorships/${pa.json().data.id}/confirm`)).statusCode).toBe(
      200,
    );
    const full = await w.as.ada.post(`/api/mentoring/mentorships/${pb.json().data.id}/confirm`);
    expect(full.statusCode).toBe(409);

    const m = await choose(w, w.sam.id);
    const second = db.execute(sql`
      insert into mentorships (id, request_id, mentee_id, mentor_id, mentee_district_id, mentor_district_id, status)
      select ${uuidv7()}, request_id, mentee_id, ${w.nora.id}, mentee_district_id, ${w.north.id}, 'active'
        from mentorships where id = ${m.id}`);
    await expect(second).rejects.toThrow();
  });

  it('lets the mentee decline a proposal, which opens the request again', async () => {
    const w = await buildWorld();
    const requestId = await askForMentor(w.as.nia);
    const proposed = await w.as.ada.post(`/api/mentoring/requests/${requestId}/matches`, {
      mentorId: w.nora.id,
    });
    const id = proposed.json().data.id;
    expect(await notificationsOf(w.nia.id, 'mentoring_proposed')).toHaveLength(1);
    expect((await w.as.nora.post(`/api/mentoring/mentorships/${id}/decline`)).statusCode).toBe(403);
    expect((await w.as.sam.post(`/api/mentoring/mentorships/${id}/decline`)).statusCode).toBe(404);
    const declined = await w.as.nia.post(`/api/mentoring/mentorships/${id}/decline`);
    expect(declined.json().data.status).toBe('declined');
    expect((await w.as.nia.get(`/api/mentoring/requests/${requestId}`)).json().data.status).toBe('open');
  });
});

describe('matching a cohort', () => {
  it('matches every request it can across districts by optimal assignment, within capacity, and confirms when asked', async () => {
    const w = await buildWorld();
    const db = t.database.db;
    await w.as.nora.put('/api/mentoring/mentor-profile', { ...offer, capacity: 1 });
    await w.as.sam.put('/api/mentoring/mentor-profile', { ...offer, capacity: 1 });
    await w.as.pam.put('/api/mentoring/mentor-profile', { ...offer, capacity: 0 });
    const teachers = [
      w.nia,
      await buildUser(db, { districtId: w.north.id }),
      await buildUser(db, { districtId: w.north.id }),
    ];
    for (const teacher of teachers) await askForMentor(await signedIn(t, teacher.id));
    expect((await w.as.nia.post('/api/mentoring/cohort-matches', {})).statusCode).toBe(403);
    expect(field(await w.as.ada.post('/api/mentoring/cohort-matches', { requestIds: [MISSING] }))).toEqual([
      '/body/requestIds/0',
    ]);
    const res = await w.as.ada.post('/api/mentoring/cohort-matches', { confirm: true });
    expect(res.statusCode, res.body).toBe(200);
    const { proposed, unmatched } = res.json().data;
    expect(proposed).toHaveLength(2);
    expect(unmatched).toHaveLength(1);
    expect(new Set(proposed.map((m: { mentor: { id: string } }) => m.mentor.id))).toEqual(
      new Set([w.nora.id, w.sam.id]),
    );
    // Ada administers the mentee's district: her confirmation is its approval.
    expect(proposed.every((m: { status: string }) => m.status === 'active')).toBe(true);
    expect(proposed.find((m: { mentor: { id: string } }) => m.mentor.id === w.nia.id)).toBeUndefined();
    const view = (await w.as.ada.get('/api/mentoring/coordinator')).json().data;
    expect(view.openRequests).toHaveLength(1);
    expect(view.mentors.find((m: { mentor: { id: string } }) => m.mentor.id === w.nora.id)).toMatchObject({
      load: 1,
      capacity: 1,
    });
  });

  it('on generated networks never exceeds a capacity nor pairs people who may not see each other', async () => {
    // Pure assignment over random candidates: capacity holds whatever the scores.
    for (let round = 0; round < 20; round++) {
      const mentors = Array.from({ length: 1 + Math.floor(Math.random() * 6) }, (_, i) => ({
        id: `m${i}`,
        capacity: 1 + Math.floor(Math.random() * 3),
        load: 0,
      }));
      for (const m of mentors) m.load = Math.floor(Math.random() * m.capacity);
      const options: Candidate[][] = Array.from({ length: 1 + Math.floor(Math.random() * 12) }, () =>
        mentors
          .filter(() => Math.random() < 0.6)
          .map((m) => ({
            mentor: { id: m.id, name: m.id, districtName: null, schoolName: null },
            districtId: 'd',
            capacity: m.capacity,
            load: m.load,
            meetingModes: ['online'],
            availability: '',
            fits: {
              subject: Math.random(),
              gradeBand: Math.random(),
              topics: Math.random(),
              meetingMode: 1,
              credentials: 0,
              load: 1 - m.load / m.capacity,
              continuity: 0,
            },
          })),
      );
      const result = assignCohort(options);
      const taken = new Map<string, number>();
      result.forEach((pick, i) => {
        if (!pick) return;
        expect(options[i].map((c) => c.mentor.id)).toContain(pick.candidate.mentor.id);
        taken.set(pick.candidate.mentor.id, (taken.get(pick.candidate.mentor.id) ?? 0) + 1);
      });
      for (const m of mentors)
        expect((taken.get(m.id) ?? 0) + m.load).toBeLessThanOrEqual(Math.max(m.capacity, m.load));
      // Optimal: as many matched as free places and willing requests allow (never fewer than a greedy pass).
      const free = mentors.reduce((s, m) => s + (m.capacity - m.load), 0);
      const askers = options.filter((o) => o.length > 0).length;
      expect(result.filter(Boolean).length).toBeLessThanOrEqual(Math.min(free, askers));
    }

    // Through the database: districts in two networks and one apart, mentors showing or hiding their mentoring.
    const db = t.database.db;
    const districts = await Promise.all(Array.from({ length: 5 }, () => buildDistrict(db)));
    await buildNetwork(db, [districts[0].id, districts[1].id, districts[2].id]);
    await buildNetwork(db, [districts[2].id, districts[3].id]);
    const coordinator = await buildUser(db, { districtId: districts[0].id, role: 'district_admin' });
    const mentors: { id: string; districtId: string; hidden: boolean; capacity: number }[] = [];
    for (let i = 0; i < 12; i++) {
      const district = districts[i % 5];
      const hidden = i % 4 === 1;
      const mentor = await buildUser(db, {
        districtId: district.id,
        profile: {
          subjects: ['Science'],
          gradeBands: ['6-8'],
          fieldVisibility: hidden ? { mentoring: 'district' } : {},
        },
      });
      const capacity = 1 + (i % 2);
      await (await signedIn(t, mentor.id)).put('/api/mentoring/mentor-profile', { ...offer, capacity });
      mentors.push({ id: mentor.id, districtId: district.id, hidden, capacity });
    }
    for (let i = 0; i < 10; i++) {
      const teacher = await buildUser(db, { districtId: districts[0].id });
      await askForMentor(await signedIn(t, teacher.id));
    }
    const res = await (await signedIn(t, coordinator.id)).post('/api/mentoring/cohort-matches', {
      confirm: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    const reach = new Set([districts[0].id, districts[1].id, districts[2].id]);
    const allowed = mentors.filter(
      (m) => reach.has(m.districtId) && (!m.hidden || m.districtId === districts[0].id),
    );
    const { proposed } = res.json().data as { proposed: { mentor: { id: string } }[] };
    const counts = new Map<string, number>();
    for (const p of proposed) counts.set(p.mentor.id, (counts.get(p.mentor.id) ?? 0) + 1);
    for (const [id, n] of counts) {
      const mentor = allowed.find((m) => m.id === id);
      expect(mentor, 'a mentor the mentees may see').toBeDefined();
      expect(n).toBeLessThanOrEqual(mentor!.capacity);
    }
    expect(proposed.length).toBe(
      Math.min(
        10,
        allowed.reduce((s, m) => s + m.capacity, 0),
      ),
    );
  });
});

describe("the pair's private space", () => {
  it('keeps goals, meeting notes and check-ins to the pair; a coordinator sees only that they met and for how long', async () => {
    const w = await buildWorld();
    const m = await choose(w, w.nora.id);
    const url = `/api/mentoring/mentorships/${m.id}`;
    expect((await w.as.nia.post(`${url}/goals`, { title: 'Routines for labs' })).statusCode).toBe(201);
    const goalId = (await w.as.nia.get(url)).json().data.goals[0].id;
    expect((await w.as.nora.patch(`${url}/goals/${goalId}`, { done: true })).json().data.goals[0].done).toBe(
      true,
    );
    expect((await w.as.nora.patch(`${url}/goals/${MISSING}`, { done: true })).statusCode).toBe(404);
    const future = await w.as.nora.post(`${url}/meetings`, { heldOn: '2999-01-01', minutes: 30 });
    expect(field(future)).toEqual(['/body/heldOn']);
    expect(field(await w.as.nora.post(`${url}/meetings`, { heldOn: today(), minutes: 0 }))).toEqual([
      '/body/minutes',
    ]);
    expect(
      (await w.as.nora.post(`${url}/meetings`, { heldOn: today(), minutes: 45, notes: 'Private: lab chaos' }))
        .statusCode,
    ).toBe(201);
    expect(
      (await w.as.nia.post(`${url}/meetings`, { heldOn: today(), minutes: 30, notes: 'Better' })).statusCode,
    ).toBe(201);
    expect(field(await w.as.nia.post(`${url}/check-ins`, { rating: 6 }))).toEqual(['/body/rating']);
    expect((await w.as.nia.post(`${url}/check-ins`, { rating: 4, body: 'Going well' })).statusCode).toBe(201);

    const pair = (await w.as.nia.get(url)).json().data;
    expect(pair.meetings.map((x: { notes: string }) => x.notes).sort()).toEqual([
      'Better',
      'Private: lab chaos',
    ]);
    expect(pair.totalMinutes).toBe(75);
    expect(pair.checkIns[0]).toMatchObject({ rating: 4, body: 'Going well' });

    const coordinator = await w.as.ada.get(url);
    expect(coordinator.statusCode).toBe(200);
    expect(coordinator.body).not.toContain('lab chaos');
    expect(coordinator.body).not.toContain('Going well');
    expect(coordinator.body).not.toContain('Routines for labs');
    expect(coordinator.json().data.totalMinutes).toBe(75);
    expect(coordinator.json().abilities.pair).toBe(false);
    expect((await w.as.ada.post(`${url}/meetings`, { heldOn: today(), minutes: 30 })).statusCode).toBe(404);
    expect((await w.as.sam.get(url)).statusCode).toBe(404);
    expect((await w.as.ben.get(url)).statusCode).toBe(404);
    const overview = (await w.as.ada.get('/api/mentoring/coordinator')).json();
    expect(JSON.stringify(overview)).not.toContain('lab chaos');
    expect(overview.data.pairs.find((p: { id: string }) => p.id === m.id)).toMatchObject({
      meetings: 2,
      minutes: 75,
      stalled: false,
    });
  });

  it("puts each meeting's minutes in both learning logs", async () => {
    const w = await buildWorld();
    const m = await choose(w, w.nora.id);
    await w.as.nia.post(`/api/mentoring/mentorships/${m.id}/meetings`, { heldOn: today(), minutes: 40 });
    const { rows } = await t.database.db.execute<{
      user_id: string;
      kind: string;
      duration_minutes: number;
    }>(sql`
      select user_id, kind, duration_minutes from learning_entries where kind like 'mentoring_%' and user_id in (${w.nia.id}, ${w.nora.id})`);
    expect(rows.map((r) => [r.user_id, r.kind, r.duration_minutes]).sort()).toEqual(
      [
        [w.nia.id, 'mentoring_received', 40],
        [w.nora.id, 'mentoring_given', 40],
      ].sort(),
    );
  });

  it('shows a coordinator a pair with no meeting in 30 days as stalled', async () => {
    const w = await buildWorld();
    const m = await choose(w, w.nora.id);
    await t.database.db.execute(sql`
      update mentorships set approved_at = now() - interval '40 days', confirmed_at = now() - interval '40 days' where id = ${m.id}`);
    const pair = (await w.as.ada.get('/api/mentoring/coordinator'))
      .json()
      .data.pairs.find((p: { id: string }) => p.id === m.id);
    expect(pair).toMatchObject({ stalled: true, meetings: 0, lastMetOn: null });
    expect((await w.as.nia.get('/api/mentoring/coordinator')).statusCode).toBe(403);
  });

  it('tells the coordinators of a stalled pair once per stall, by a daily job', async () => {
    const w = await buildWorld();
    const m = await choose(w, w.nora.id);
    await t.database.db.execute(sql`
      update mentorships set approved_at = now() - interval '40 days', confirmed_at = now() - interval '40 days' where id = ${m.id}`);
    const { tellStalledPairsJob } = await import('./jobs.ts');
    const runDaily = () =>
      tellStalledPairsJob.work(
        {
          id: 'x',
          name: tellStalledPairsJob.name,
          data: { districtId: null },
          attempt: 1,
          lastAttempt: true,
        },
        t.app,
      );
    const told = async () =>
      (await notificationsOf(w.ada.id, 'mentoring_stalled')).filter((n) => n.data.mentorshipId === m.id);
    await runDaily();
    await runDaily();
    expect(await told()).toHaveLength(1);
    expect(Object.keys((await told())[0].data).sort()).toEqual([
      'menteeName',
      'mentorName',
      'mentorshipId',
      'since',
    ]);
    expect(await notificationsOf(w.nia.id, 'mentoring_stalled')).toHaveLength(0);
    // A meeting ends the stall; when the pair goes quiet 30 days again, the coordinators hear again.
    const met = await w.as.nia.post(`/api/mentoring/mentorships/${m.id}/meetings`, {
      heldOn: new Date(Date.now() - 35 * 86_400_000).toISOString().slice(0, 10),
      minutes: 30,
    });
    expect(met.statusCode, met.body).toBe(201);
    await runDaily();
    expect(await told()).toHaveLength(2);
    // A pair that met lately is not stalled.
    await w.as.nia.post(`/api/mentoring/mentorships/${m.id}/meetings`, { heldOn: today(), minutes: 30 });
    await runDaily();
    expect(await told()).toHaveLength(2);
  });
});

describe('ending and re-matching', () => {
  it('lets either of the pair end it and tells the other; a coordinator re-matches by opening the request again', async () => {
    const w = await buildWorld();
    const m = await choose(w, w.nora.id);
    expect((await w.as.ada.post(`/api/mentoring/mentorships/${m.id}/end`, {})).statusCode).toBe(403);
    const ended = await w.as.nora.post(`/api/mentoring/mentorships/${m.id}/end`, {
      reason: 'Moving schools',
    });
    expect(ended.json().data.status).toBe('ended');
    expect(await notificationsOf(w.nia.id, 'mentoring_ended')).toHaveLength(1);
    expect((await w.as.nia.post(`/api/mentoring/mentorships/${m.id}/end`, {})).statusCode).toBe(409);
    expect((await w.as.nia.post(`/api/mentoring/mentorships/${m.id}/goals`, { title: 'x' })).statusCode).toBe(
      409,
    );

    const again = await choose(w, w.sam.id);
    await w.as.ada.post(`/api/mentoring/mentorships/${again.id}/approve`);
    expect((await w.as.nia.post(`/api/mentoring/mentorships/${again.id}/rematch`)).statusCode).toBe(403);
    const reopened = await w.as.ada.post(`/api/mentoring/mentorships/${again.id}/rematch`);
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json().data.status).toBe('open');
    expect((await w.as.nia.get(`/api/mentoring/mentorships/${again.id}`)).json().data.status).toBe('ended');
    const next = await w.as.ada.post(`/api/mentoring/requests/${reopened.json().data.id}/matches`, {
      mentorId: w.nora.id,
      confirm: true,
    });
    expect(next.json().data.status).toBe('active');
  });
});

describe('what pathways and stipends read', () => {
  it("gives each side's minutes in a period by paying district, and the roles held as mentor", async () => {
    const w = await buildWorld();
    const m = await choose(w, w.sam.id);
    await w.as.ada.post(`/api/mentoring/mentorships/${m.id}/approve`);
    await w.as.sam.post(`/api/mentoring/mentorships/${m.id}/meetings`, { heldOn: '2026-01-10', minutes: 60 });
    await w.as.sam.post(`/api/mentoring/mentorships/${m.id}/meetings`, { heldOn: '2025-12-01', minutes: 30 });
    const db = t.database.db;
    const minutes = await mentoringMinutesInPeriod(db, {
      from: '2026-01-01',
      to: '2026-01-31',
      payingDistrictId: w.north.id,
    });
    expect(minutes).toEqual(
      expect.arrayContaining([
        { userId: w.sam.id, side: 'mentor', payingDistrictId: w.north.id, meetings: 1, minutes: 60 },
        { userId: w.nia.id, side: 'mentee', payingDistrictId: w.north.id, meetings: 1, minutes: 60 },
      ]),
    );
    expect(
      await mentoringMinutesInPeriod(db, {
        from: '2026-01-01',
        to: '2026-01-31',
        payingDistrictId: w.south.id,
      }),
    ).toEqual([]);
    const roles = await listMentorRoles(db, [w.sam.id, w.nia.id]);
    expect(roles).toHaveLength(1);
    expect(roles[0]).toMatchObject({ mentorId: w.sam.id, menteeId: w.nia.id, endedAt: null });
    const { rows } = await db.execute<{ n: number }>(
      sql`select ${mentoredCountSql(sql`${w.sam.id}::uuid`)} as n`,
    );
    expect(rows[0].n).toBe(1);
  });
});

describe('erasing one of a pair', () => {
  it('ends their mentorship and withdraws their request, and keeps the meetings for the other by a Former member', async () => {
    const w = await buildWorld();
    const m = await choose(w, w.nora.id);
    await w.as.nora.post(`/api/mentoring/mentorships/${m.id}/meetings`, {
      heldOn: today(),
      minutes: 30,
      notes: 'Kept',
    });
    const { features } = await import('#server/features/index.ts');
    const { erasePerson } = await import('#server/platform/data-erasure.ts');
    await t.database.db.transaction((tx) =>
      erasePerson({
        tx,
        data: features.flatMap((f) => (f.data ? [f.data] : [])),
        personId: w.nia.id,
        districtId: w.north.id,
      }),
    );
    const left = (await w.as.nora.get(`/api/mentoring/mentorships/${m.id}`)).json().data;
    expect(left.status).toBe('ended');
    expect(left.mentee.id).not.toBe(w.nia.id);
    expect(left.meetings[0].notes).toBe('Kept');
    const { rows } = await t.database.db.execute(
      sql`select 1 from mentorships where mentee_id = ${w.nia.id} union all select 1 from mentoring_requests where mentee_id = ${w.nia.id}`,
    );
    expect(rows).toHaveLength(0);
  });
});
