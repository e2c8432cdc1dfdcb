import { sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { LicenceListResponse } from '#shared/contracts/credit.ts';
import { agent, setupTestApp, signedIn, type TestContext } from '#server/test/app.ts';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decidableClaimSql } from './policy.ts';

const t = setupTestApp();

/** A district with two schools, each with a principal; a teacher at the first; PD staff; an admin. */
async function buildWorld(ctx: TestContext) {
  const db = ctx.database.db;
  const district = await buildDistrict(db, { name: 'Riverbend Unified' });
  const school = await buildSchool(db, district.id, { name: 'Elm Street Elementary' });
  const otherSchool = await buildSchool(db, district.id);
  const noPrincipalSchool = await buildSchool(db, district.id);
  const teacher = await buildUser(db, { districtId: district.id, schoolId: school.id, name: 'Ana Díaz' });
  const colleague = await buildUser(db, { districtId: district.id, schoolId: school.id });
  const loneTeacher = await buildUser(db, { districtId: district.id, schoolId: noPrincipalSchool.id });
  const principal = await buildUser(db, {
    districtId: district.id,
    schoolId: school.id,
    role: 'principal',
    name: 'Pat Principal',
  });
  const otherPrincipal = await buildUser(db, {
    districtId: district.id,
    schoolId: otherSchool.id,
    role: 'principal',
  });
  const pdStaff = await buildUser(db, { districtId: district.id, name: 'Dee Staff' });
  const admin = await buildUser(db, { districtId: district.id, role: 'district_admin' });
  const outside = await buildDistrict(db);
  const stranger = await buildUser(db, { districtId: outside.id, role: 'principal' });
  await db.execute(
    sql`update users set sourced_id = ${`T-${teacher.id.slice(-6)}`} where id = ${teacher.id}`,
  );
  return {
    district,
    school,
    otherSchool,
    noPrincipalSchool,
    teacher,
    colleague,
    loneTeacher,
    principal,
    otherPrincipal,
    pdStaff,
    admin,
    outside,
    stranger,
  };
}
type World = Awaited<ReturnType<typeof buildWorld>>;

/** A learning entry written straight to the log's table, as the learning feature keeps it. */
async function buildEntry(
  userId: string,
  districtId: string,
  o: {
    kind?: string;
    title?: string;
    day?: string;
    minutes?: number | null;
    willTry?: string;
    status?: 'draft' | 'logged';
    evidence?: boolean;
    source?: 'self' | 'trellis' | 'xapi';
  } = {},
) {
  const id = uuidv7();
  await t.database.db.execute(sql`
    insert into learning_entries (id, user_id, district_id, source, kind, title, occurred_at, duration_minutes,
      will_try, status)
    values (${id}, ${userId}, ${districtId}, ${o.source ?? 'self'}, ${o.kind ?? 'workshop'}, ${o.title ?? 'Number talks workshop'},
      ${`${o.day ?? '2026-10-01'}T15:00:00Z`}::timestamptz, ${o.minutes === undefined ? 180 : o.minutes},
      ${o.willTry ?? 'Try number talks on Mondays.'}, ${o.status ?? 'logged'})`);
  if (o.evidence)
    await t.database.db.execute(sql`
      insert into learning_evidence (id, entry_id, type, url, title)
      values (${uuidv7()}, ${id}, 'link', 'https://example.test/notes', 'My notes')`);
  return id;
}

const clockHours = (overrides: Record<string, unknown> = {}) => ({
  name: 'Clock hours',
  kinds: ['workshop', 'online_social', 'plc_meeting', 'conference'],
  defaultHours: { plc_meeting: 1 },
  renewalCycleYears: 5,
  renewalHoursRequired: 120,
  ...overrides,
});

async function createType(w: World, body: Record<string, unknown> = clockHours()) {
  const response = await (await signedIn(t, w.admin.id)).post('/api/credit/types', body);
  if (response.statusCode !== 201) throw new Error(`type: ${response.statusCode} ${response.body}`);
  return response.json().data as { id: string; name: string };
}

async function submit(userId: string, creditTypeId: string, entries: Record<string, unknown>[]) {
  return (await signedIn(t, userId)).post('/api/credit/claims', { creditTypeId, entries });
}

async function submitOne(userId: string, creditTypeId: string, entryId: string) {
  const response = await submit(userId, creditTypeId, [{ entryId }]);
  if (response.statusCode !== 201) throw new Error(`submit: ${response.statusCode} ${response.body}`);
  return response.json().data[0] as { id: string; status: string; hours: number };
}

async function decide(userId: string, claimId: string, decision: string, comment = '') {
  return (await signedIn(t, userId)).post(`/api/credit/claims/${claimId}/decision`, { decision, comment });
}

async function entryCredit(entryId: string) {
  const { rows } = await t.database.db.execute<{ credit_status: string | null; credit_locked: boolean }>(
    sql`select credit_status, credit_locked from learning_entries where id = ${entryId}`,
  );
  return rows[0];
}

async function auditActions(districtId: string) {
  const { rows } = await t.database.db.execute<{ action: string }>(
    sql`select action from audit_events where district_id = ${districtId} and action like 'credit.%' order by id`,
  );
  return rows.map((r) => r.action);
}

async function notificationKinds(userId: string) {
  const { rows } = await t.database.db.execute<{ kind: string }>(
    sql`select kind from notifications where user_id = ${userId} order by created_at`,
  );
  return rows.map((r) => r.kind);
}

const paths = (response: { json(): { errors: { path: string }[] } }) =>
  response.json().errors.map((e) => e.path);

describe('credit types and settings', () => {
  it('asks a signed-out visitor to sign in', async () => {
    expect((await agent(t).get('/api/credit/types')).statusCode).toBe(401);
    expect((await agent(t).post('/api/credit/types', clockHours())).statusCode).toBe(401);
    expect((await agent(t).get('/api/credit/claims')).statusCode).toBe(401);
    expect((await agent(t).get('/api/credit/licences')).statusCode).toBe(401);
  });

  it('lets a district admin define a type with its rules, and only an admin', async () => {
    const w = await buildWorld(t);
    const teacher = await signedIn(t, w.teacher.id);
    expect((await teacher.post('/api/credit/types', clockHours())).statusCode).toBe(403);
    const type = await createType(
      w,
      clockHours({
        maxHoursPerKind: { online_social: 6 },
        autoApproveKinds: ['plc_meeting'],
        evidenceRequired: true,
      }),
    );
    const listed = (await teacher.get('/api/credit/types')).json();
    expect(listed.abilities).toEqual({ manage: false });
    expect(listed.data).toEqual([
      expect.objectContaining({
        id: type.id,
        name: 'Clock hours',
        maxHoursPerKind: { online_social: 6 },
        autoApproveKinds: ['plc_meeting'],
        evidenceRequired: true,
        renewalCycleYears: 5,
        renewalHoursRequired: 120,
        allowDoubleCounting: false,
        periodStartMonth: 7,
      }),
    ]);
    expect(await auditActions(w.district.id)).toEqual(['credit.type_created']);
    // Another district sees none of it.
    expect((await (await signedIn(t, w.stranger.id)).get('/api/credit/types')).json().data).toEqual([]);
  });

  it('names each bad field and changes nothing', async () => {
    const w = await buildWorld(t);
    const admin = await signedIn(t, w.admin.id);
    const bad = await admin.post(
      '/api/credit/types',
      clockHours({
        name: '',
        autoApproveKinds: ['reading'],
        renewalHoursRequired: null,
        defaultHours: { workshop: 1.1 },
      }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(paths(bad)).toEqual(
      expect.arrayContaining([
        '/body/name',
        '/body/autoApproveKinds',
        '/body/renewalHoursRequired',
        '/body/defaultHours/workshop',
      ]),
    );
    expect((await admin.get('/api/credit/types')).json().data).toEqual([]);
    await createType(w);
    const twice = await admin.post('/api/credit/types', clockHours({ name: 'clock HOURS' }));
    expect(twice.statusCode).toBe(409);
    expect(paths(twice)).toEqual(['/body/name']);
  });

  it('changes and archives a type; archived types take no submissions', async () => {
    const w = await buildWorld(t);
    const type = await createType(w);
    const admin = await signedIn(t, w.admin.id);
    const changed = await admin.put(`/api/credit/types/${type.id}`, clockHours({ name: 'Renewal hours' }));
    expect(changed.json().data.name).toBe('Renewal hours');
    expect(
      (await admin.put(`/api/credit/types/${type.id}/archived`, { archived: true })).json().data.archived,
    ).toBe(true);
    expect((await (await signedIn(t, w.teacher.id)).get('/api/credit/types')).json().data).toEqual([]);
    expect((await admin.get('/api/credit/types')).json().data).toHaveLength(1);
    const entry = await buildEntry(w.teacher.id, w.district.id);
    const refused = await submit(w.teacher.id, type.id, [{ entryId: entry }]);
    expect(refused.statusCode).toBe(400);
    expect(paths(refused)).toEqual(['/body/creditTypeId']);
    // Another district's admin cannot reach it.
    const outsider = await buildUser(t.database.db, { districtId: w.outside.id, role: 'district_admin' });
    expect(
      (await (await signedIn(t, outsider.id)).put(`/api/credit/types/${type.id}`, clockHours())).statusCode,
    ).toBe(404);
  });

  it('lets a district admin choose PD staff as approvers, naming only active people of the district', async () => {
    const w = await buildWorld(t);
    const admin = await signedIn(t, w.admin.id);
    expect((await admin.get('/api/credit/settings')).json().data).toEqual({
      approver: 'principal',
      pdStaff: [],
    });
    const wrong = await admin.put('/api/credit/settings', {
      approver: 'pd_staff',
      pdStaffIds: [w.stranger.id],
    });
    expect(wrong.statusCode).toBe(400);
    expect(paths(wrong)).toEqual(['/body/pdStaffIds']);
    const saved = await admin.put('/api/credit/settings', {
      approver: 'pd_staff',
      pdStaffIds: [w.pdStaff.id],
    });
    expect(saved.json().data).toEqual({
      approver: 'pd_staff',
      pdStaff: [{ id: w.pdStaff.id, name: 'Dee Staff', email: w.pdStaff.email }],
    });
    expect((await (await signedIn(t, w.teacher.id)).get('/api/credit/settings')).statusCode).toBe(403);
    expect(await auditActions(w.district.id)).toEqual(['credit.settings_updated']);
  });
});

describe('submitting entries for credit', () => {
  it('submits several entries with hours defaulted per kind, locks them and tells the principal', async () => {
    const w = await buildWorld(t);
    const type = await createType(w);
    const chat = await buildEntry(w.teacher.id, w.district.id, {
      kind: 'online_social',
      title: '#mathchat',
      minutes: 60,
    });
    const plc = await buildEntry(w.teacher.id, w.district.id, {
      kind: 'plc_meeting',
      title: 'Grade 3 PLC',
      minutes: 90,
    });
    const response = await submit(w.teacher.id, type.id, [{ entryId: chat }, { entryId: plc }]);
    expect(response.statusCode).toBe(201);
    const claims = response.json().data;
    expect(claims.map((c: { hours: number; status: string }) => [c.hours, c.status])).toEqual([
      [1, 'pending'],
      [1, 'pending'],
    ]);
    expect(await entryCredit(chat)).toEqual({ credit_status: 'pending', credit_locked: true });
    expect(await notificationKinds(w.principal.id)).toEqual(['credit_submitted']);
    expect(await notificationKinds(w.otherPrincipal.id)).toEqual([]);
    expect(await auditActions(w.district.id)).toEqual(['credit.type_created', 'credit.submitted']);
    const mine = (await (await signedIn(t, w.teacher.id)).get('/api/credit/claims')).json();
    expect(mine.data).toHaveLength(2);
    expect(mine.data[0].abilities).toEqual({ decide: false, resubmit: false, withdraw: true });
  });

  it('asks for a reason when hours differ from the default, and refuses what the type does not count', async () => {
    const w = await buildWorld(t);
    const type = await createType(w, clockHours({ evidenceRequired: true }));
    const workshop = await buildEntry(w.teacher.id, w.district.id, { evidence: true });
    const noReason = await submit(w.teacher.id, type.id, [{ entryId: workshop, hours: 4 }]);
    expect(noReason.statusCode).toBe(400);
    expect(paths(noReason)).toEqual(['/body/entries/0/adjustmentReason']);
    const quarter = await submit(w.teacher.id, type.id, [
      { entryId: workshop, hours: 4.1, adjustmentReason: 'x' },
    ]);
    expect(paths(quarter)).toEqual(['/body/entries/0/hours']);
    const reading = await buildEntry(w.teacher.id, w.district.id, { kind: 'reading', evidence: true });
    expect(paths(await submit(w.teacher.id, type.id, [{ entryId: reading }]))).toEqual([
      '/body/entries/0/entryId',
    ]);
    const bare = await buildEntry(w.teacher.id, w.district.id);
    const noEvidence = await submit(w.teacher.id, type.id, [{ entryId: bare }]);
    expect(noEvidence.json().errors[0].message).toMatch(/evidence/);
    const draft = await buildEntry(w.teacher.id, w.district.id, { status: 'draft', evidence: true });
    expect(paths(await submit(w.teacher.id, type.id, [{ entryId: draft }]))).toEqual([
      '/body/entries/0/entryId',
    ]);
    // Someone else's entry does not exist for the teacher, and nothing was submitted at all.
    const theirs = await buildEntry(w.colleague.id, w.district.id, { evidence: true });
    expect(
      (await submit(w.teacher.id, type.id, [{ entryId: workshop }, { entryId: theirs }])).statusCode,
    ).toBe(404);
    expect(await entryCredit(workshop)).toEqual({ credit_status: null, credit_locked: false });
    const adjusted = await submit(w.teacher.id, type.id, [
      { entryId: workshop, hours: 4, adjustmentReason: 'The workshop ran an hour over.' },
    ]);
    expect(adjusted.json().data[0]).toMatchObject({
      hours: 4,
      defaultHours: 3,
      adjustmentReason: 'The workshop ran an hour over.',
    });
    const again = await submit(w.teacher.id, type.id, [{ entryId: workshop }]);
    expect(again.statusCode).toBe(409);
  });

  it('approves at once only what Trellis recorded of a kind the district approves automatically, at its hours', async () => {
    const w = await buildWorld(t);
    const type = await createType(
      w,
      clockHours({ autoApproveKinds: ['plc_meeting'], maxHoursPerKind: { plc_meeting: 1.5 } }),
    );
    const recorded = await buildEntry(w.teacher.id, w.district.id, {
      kind: 'plc_meeting',
      title: 'District PLC',
      source: 'trellis',
    });
    const [claim] = (await submit(w.teacher.id, type.id, [{ entryId: recorded }])).json().data;
    expect(claim).toMatchObject({
      status: 'approved',
      source: 'automatic',
      hours: 1,
      approver: { id: null, name: 'Approved automatically' },
    });
    expect(await entryCredit(recorded)).toEqual({ credit_status: 'approved', credit_locked: true });
    expect(await notificationKinds(w.principal.id)).toEqual([]);
    // A hand entry of the kind, or adjusted hours, go to the approver; so does what the maximum refuses.
    const byHand = await buildEntry(w.teacher.id, w.district.id, { kind: 'plc_meeting', title: 'My PLC' });
    const adjusted = await buildEntry(w.teacher.id, w.district.id, {
      kind: 'plc_meeting',
      source: 'trellis',
    });
    const second = await buildEntry(w.teacher.id, w.district.id, { kind: 'plc_meeting', source: 'trellis' });
    const third = await buildEntry(w.teacher.id, w.district.id, { kind: 'plc_meeting', source: 'trellis' });
    const batch = await submit(w.teacher.id, type.id, [
      { entryId: byHand },
      { entryId: adjusted, hours: 200, adjustmentReason: 'A long meeting' },
      { entryId: second },
      { entryId: third },
    ]);
    expect(batch.json().data.map((c: { status: string }) => c.status)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    expect(await notificationKinds(w.principal.id)).toEqual(['credit_submitted']);
  });

  it('sends to the approver hours read from a duration a hand entry lent when merged in, and takes it back on undo', async () => {
    const w = await buildWorld(t);
    const type = await createType(w, clockHours({ autoApproveKinds: ['workshop'] }));
    const as = await signedIn(t, w.teacher.id);
    const merge = async (reported: string, hand: string) =>
      expect((await as.post(`/api/learning/entries/${reported}/merged`, { entryId: hand })).statusCode).toBe(
        200,
      );
    // The tool reported the workshop without saying how long it was; the teacher had logged 3 hours.
    const silent = await buildEntry(w.teacher.id, w.district.id, { source: 'xapi', minutes: null });
    await merge(silent, await buildEntry(w.teacher.id, w.district.id, { minutes: 180 }));
    expect((await as.get(`/api/learning/entries/${silent}`)).json().data.durationMinutes).toBe(180);
    // The tool said 2 hours itself: the hand entry's 3 lend nothing, and the district's rule stands.
    const timed = await buildEntry(w.teacher.id, w.district.id, { source: 'xapi', minutes: 120 });
    await merge(timed, await buildEntry(w.teacher.id, w.district.id, { minutes: 180 }));
    const claims = (await submit(w.teacher.id, type.id, [{ entryId: silent }, { entryId: timed }])).json()
      .data;
    expect(claims.map((c: { status: string; hours: number }) => [c.status, c.hours])).toEqual([
      ['pending', 3],
      ['approved', 2],
    ]);
    expect(claims[0].approver).toBeNull();

    // Undoing a merge gives the lent duration back with the hand entry, which counts on its own again.
    const other = await buildEntry(w.teacher.id, w.district.id, { source: 'xapi', minutes: null });
    const hand = await buildEntry(w.teacher.id, w.district.id, { minutes: 90 });
    await merge(other, hand);
    expect((await as.get(`/api/learning/entries/${other}`)).json().data.durationMinutes).toBe(90);
    expect((await as.delete(`/api/learning/entries/${other}/merged/${hand}`)).statusCode).toBe(200);
    expect((await as.get(`/api/learning/entries/${other}`)).json().data.durationMinutes).toBeNull();
    expect((await as.get(`/api/learning/entries/${hand}`)).json().data.durationMinutes).toBe(90);
  });

  it('counts entries approved automatically earlier in the same submission against the maximum', async () => {
    const w = await buildWorld(t);
    const type = await createType(
      w,
      clockHours({
        autoApproveKinds: ['plc_meeting'],
        defaultHours: { plc_meeting: 3 },
        maxHoursPerKind: { plc_meeting: 3 },
      }),
    );
    const a = await buildEntry(w.teacher.id, w.district.id, { kind: 'plc_meeting', source: 'trellis' });
    const b = await buildEntry(w.teacher.id, w.district.id, { kind: 'plc_meeting', source: 'trellis' });
    const batch = await submit(w.teacher.id, type.id, [{ entryId: a }, { entryId: b }]);
    expect(batch.json().data.map((c: { status: string }) => c.status)).toEqual(['approved', 'pending']);
  });

  it('previews default hours and problems before submitting', async () => {
    const w = await buildWorld(t);
    const type = await createType(w);
    const a = await buildEntry(w.teacher.id, w.district.id, { minutes: 100 });
    const b = await buildEntry(w.teacher.id, w.district.id, { kind: 'reading' });
    const preview = await (await signedIn(t, w.teacher.id)).get(
      `/api/credit/claims/preview?creditTypeId=${type.id}&entryIds=${a},${b}`,
    );
    expect(preview.json().data).toEqual([
      expect.objectContaining({ entryId: a, defaultHours: 1.75, problem: null }),
      expect.objectContaining({ entryId: b, problem: expect.stringMatching(/does not count/) }),
    ]);
  });
});

describe("the approver's queue and decisions", () => {
  it("shows the principal of the teacher's school the claims, filtered and paged, and no one else", async () => {
    const w = await buildWorld(t);
    const type = await createType(w);
    for (let i = 0; i < 3; i++)
      await submitOne(
        w.teacher.id,
        type.id,
        await buildEntry(w.teacher.id, w.district.id, { title: `Workshop ${i}` }),
      );
    await submitOne(
      w.teacher.id,
      type.id,
      await buildEntry(w.teacher.id, w.district.id, { kind: 'online_social', title: '#edchat' }),
    );
    const principal = await signedIn(t, w.principal.id);
    const first = (await principal.get('/api/credit/approvals?limit=2')).json();
    expect(first.data[0].entry.evidence).toEqual([]);
    expect(first.data.map((c: { entry: { title: string } }) => c.entry.title)).toEqual([
      'Workshop 0',
      'Workshop 1',
    ]);
    expect(first.data[0].abilities.decide).toBe(true);
    const second = (await principal.get(`/api/credit/approvals?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.data.map((c: { entry: { title: string } }) => c.entry.title)).toEqual([
      'Workshop 2',
      '#edchat',
    ]);
    expect(second.nextCursor).toBeNull();
    expect((await principal.get('/api/credit/approvals?kind=online_social')).json().data).toHaveLength(1);
    expect((await principal.get('/api/credit/approvals?q=workshop%201')).json().data).toHaveLength(1);
    expect((await principal.get('/api/credit/approvals?status=approved')).json().data).toEqual([]);
    expect((await principal.get('/api/credit/approvals?cursor=nonsense')).statusCode).toBe(400);
    for (const other of [w.otherPrincipal, w.colleague, w.teacher, w.stranger, w.admin])
      expect(
        (await (await signedIn(t, other.id)).get('/api/credit/approvals')).json().data,
        other.name,
      ).toEqual([]);
    const claimId = first.data[0].id;
    expect(
      (await (await signedIn(t, w.otherPrincipal.id)).get(`/api/credit/claims/${claimId}`)).statusCode,
    ).toBe(404);
    expect((await decide(w.otherPrincipal.id, claimId, 'approve')).statusCode).toBe(404);
  });

  it("sends a principal's own claim to the PD staff, never to the principal", async () => {
    const w = await buildWorld(t);
    const type = await createType(w);
    await (await signedIn(t, w.admin.id)).put('/api/credit/settings', {
      approver: 'principal',
      pdStaffIds: [w.pdStaff.id],
    });
    const claim = await submitOne(w.principal.id, type.id, await buildEntry(w.principal.id, w.district.id));
    expect(await notificationKinds(w.pdStaff.id)).toEqual(['credit_submitted']);
    expect((await (await signedIn(t, w.principal.id)).get('/api/credit/approvals')).json().data).toEqual([]);
    expect((await decide(w.pdStaff.id, claim.id, 'approve')).statusCode).toBe(200);
  });

  it('sends claims to PD staff when the district chooses them, and for a school without a principal', async () => {
    const w = await buildWorld(t);
    const type = await createType(w);
    const admin = await signedIn(t, w.admin.id);
    await admin.put('/api/credit/settings', { approver: 'principal', pdStaffIds: [w.pdStaff.id] });
    await submitOne(w.loneTeacher.id, type.id, await buildEntry(w.loneTeacher.id, w.district.id));
    await submitOne(w.teacher.id, type.id, await buildEntry(w.teacher.id, w.district.id));
    const staff = await signedIn(t, w.pdStaff.id);
    expect(
      (await staff.get('/api/credit/approvals'))
        .json()
        .data.map((c: { teacher: { id: string } }) => c.teacher.id),
    ).toEqual([w.loneTeacher.id]);
    await admin.put('/api/credit/settings', { approver: 'pd_staff', pdStaffIds: [w.pdStaff.id] });
    expect((await staff.get('/api/credit/approvals')).json().data).toHaveLength(2);
    expect((await (await signedIn(t, w.principal.id)).get('/api/credit/approvals')).json().data).toEqual([]);
  });

  it("pages PD staff's queue from its sources exactly as the approver policy decides each claim", async () => {
    const w = await buildWorld(t);
    const db = t.database.db;
    const type = await createType(w);
    // A school with two principals, whose own claims each go to the other; people of no school.
    const twoPrincipals = await buildSchool(db, w.district.id);
    const [firstHead, secondHead] = await Promise.all(
      [1, 2].map(() =>
        buildUser(db, { districtId: w.district.id, schoolId: twoPrincipals.id, role: 'principal' }),
      ),
    );
    const twoTeacher = await buildUser(db, { districtId: w.district.id, schoolId: twoPrincipals.id });
    const [roving, coach] = await Promise.all([1, 2].map(() => buildUser(db, { districtId: w.district.id })));
    // The other school's principal is PD staff too: their school's claims, and the PD staff's others.
    await (await signedIn(t, w.admin.id)).put('/api/credit/settings', {
      approver: 'principal',
      pdStaffIds: [w.pdStaff.id, w.otherPrincipal.id],
    });
    const claimants = [
      w.teacher,
      w.colleague,
      w.loneTeacher,
      w.loneTeacher,
      w.principal,
      w.otherPrincipal,
      firstHead,
      twoTeacher,
      roving,
      coach,
      roving,
      w.pdStaff,
    ];
    for (const [n, who] of claimants.entries())
      await submitOne(who.id, type.id, await buildEntry(who.id, w.district.id, { title: `Workshop ${n}` }));
    await db.execute(sql`update credit_claims set submitted_at = submitted_at - (random() * interval '30 days')
      where district_id = ${w.district.id}`);

    const expectQueues = async (pdStaffDecide: number) => {
      for (const viewer of [w.pdStaff, w.otherPrincipal, secondHead]) {
        const { rows: actorRows } = await db.execute<{
          role: string;
          organization_id: string;
          kind: string;
        }>(sql`
        select m.role, m.organization_id, o.kind from memberships m join organizations o on o.id = m.organization_id
         where m.user_id = ${viewer.id}`);
        const actor = {
          userId: viewer.id,
          districtId: w.district.id,
          roles: actorRows.filter((r) => r.kind === 'district').map((r) => r.role) as Actor['roles'],
          schoolIds: actorRows.filter((r) => r.kind === 'school').map((r) => r.organization_id),
        };
        const { rows: expected } = await db.execute<{ id: string }>(sql`
        select c.id from credit_claims c left join credit_settings s on s.district_id = c.district_id
         where c.district_id = ${w.district.id} and c.status = 'pending' and ${decidableClaimSql(actor)}
         order by c.submitted_at, c.id`);
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const response = await (await signedIn(t, viewer.id)).get(
            `/api/credit/approvals?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          );
          expect(response.statusCode, response.body).toBe(200);
          seen.push(...response.json().data.map((c: { id: string }) => c.id));
          cursor = response.json().nextCursor;
        } while (cursor);
        expect(seen, viewer.name).toEqual(expected.map((r) => r.id));
        // The PD staff decide the no-principal school's two, each lone principal's own and the four of
        // no school but their own: seven, from every source.
        if (viewer === w.pdStaff) expect(seen).toHaveLength(pdStaffDecide);
      }
    };
    // One school without a principal: each source is read as far as the page.
    await expectQueues(7);
    // Nine: the district's queue is walked, each claim's school looked up among the principals.
    for (let n = 0; n < 8; n++) {
      const school = await buildSchool(db, w.district.id);
      const teacher = await buildUser(db, { districtId: w.district.id, schoolId: school.id });
      await submitOne(
        teacher.id,
        type.id,
        await buildEntry(teacher.id, w.district.id, { title: `Lab ${n}` }),
      );
    }
    await db.execute(sql`update credit_claims set submitted_at = submitted_at - (random() * interval '30 days')
      where district_id = ${w.district.id} and submitted_at > now() - interval '1 minute'`);
    await expectQueues(15);
  });

  it('approves and locks the hours, records the approval as a statement and tells the teacher', async () => {
    const w = await buildWorld(t);
    const type = await createType(w);
    const entry = await buildEntry(w.teacher.id, w.district.id);
    const claim = await submitOne(w.teacher.id, type.id, entry);
    expect((await decide(w.teacher.id, claim.id, 'approve')).statusCode).toBe(403);
    const approved = await decide(w.principal.id, claim.id, 'approve', 'Well documented.');
    expect(approved.statusCode).toBe(200);
    expect(approved.json().data).toMatchObject({
      status: 'approved',
      approver: { id: w.principal.id, name: 'Pat Principal' },
      comment: 'Well documented.',
    });
    expect(await entryCredit(entry)).toEqual({ credit_status: 'approved', credit_locked: true });
    const { rows } = await t.database.db.execute<{ verb: string; body: { result: Record<string, unknown> } }>(
      sql`select verb, body from statements where object_type = 'credit_claim' and object_id = ${claim.id}`,
    );
    expect(rows).toEqual([
      {
        verb: 'http://activitystrea.ms/schema/1.0/approve',
        body: expect.objectContaining({
          result: expect.objectContaining({ success: true, duration: 'PT3H' }),
        }),
      },
    ]);
    expect(await notificationKinds(w.teacher.id)).toEqual(['credit_approved']);
    expect((await decide(w.principal.id, claim.id, 'decline', 'No.')).statusCode).toBe(409);
    // The entry itself cannot change under the approved hours, whoever tries.
    await expect(
      t.database.db.execute(sql`update learning_entries set duration_minutes = 600 where id = ${entry}`),
    ).rejects.toThrow();
    expect(
      (await (await signedIn(t, w.teacher.id)).delete(`/api/credit/claims/${claim.id}`)).statusCode,
    ).toBe(409);
    expect(await auditActions(w.district.id)).toContain('credit.claim_approved');
  });

  it('asks for changes with a comment; the teacher fixes the entry and resubmits', async () => {
    const w = await buildWorld(t);
    const type = await createType(w, clockHours({ evidenceRequired: false, reflectionRequired: true }));
    const entry = await buildEntry(w.teacher.id, w.district.id, { willTry: 'Something.' });
    const claim = await submitOne(w.teacher.id, type.id, entry);
    const noComment = await decide(w.principal.id, claim.id, 'request_changes');
    expect(noComment.statusCode).toBe(400);
    expect(paths(noComment)).toEqual(['/body/comment']);
    const asked = await decide(
      w.principal.id,
      claim.id,
      'request_changes',
      'Say what you will try with your class.',
    );
    expect(asked.json().data).toMatchObject({
      status: 'changes_requested',
      comment: 'Say what you will try with your class.',
    });
    expect(await entryCredit(entry)).toEqual({ credit_status: 'changes_requested', credit_locked: false });
    expect(await notificationKinds(w.teacher.id)).toEqual(['credit_changes_requested']);
    // Unlocked: the teacher fixes the entry, then resubmits with adjusted hours.
    await t.database.db.execute(
      sql`update learning_entries set will_try = '', practice_change = 'Number talks each Monday.', duration_minutes = 240 where id = ${entry}`,
    );
    const me = await signedIn(t, w.teacher.id);
    expect((await me.get(`/api/credit/claims/${claim.id}`)).json().data.abilities.resubmit).toBe(true);
    expect(paths(await me.post(`/api/credit/claims/${claim.id}/resubmission`, { hours: 3.5 }))).toEqual([
      '/body/adjustmentReason',
    ]);
    const again = await me.post(`/api/credit/claims/${claim.id}/resubmission`, { hours: 4 });
    expect(again.json().data).toMatchObject({ status: 'pending', hours: 4 });
    expect(await notificationKinds(w.principal.id)).toEqual(['credit_submitted', 'credit_submitted']);
    expect((await decide(w.principal.id, claim.id, 'approve')).json().data.status).toBe('approved');
    expect((await me.post(`/api/credit/claims/${claim.id}/resubmission`, {})).statusCode).toBe(409);
  });

  it('declines with a reason, and the teacher may withdraw a claim not yet decided', async () => {
    const w = await buildWorld(t);
    const type = await createType(w);
    const a = await submitOne(w.teacher.id, type.id, await buildEntry(w.teacher.id, w.district.id));
    expect(
      (await decide(w.principal.id, a.id, 'decline', 'Not professional learning.')).json().data.status,
    ).toBe('declined');
    expect(await notificationKinds(w.teacher.id)).toEqual(['credit_declined']);
    const entry = await buildEntry(w.teacher.id, w.district.id);
    const b = await submitOne(w.teacher.id, type.id, entry);
    expect((await (await signedIn(t, w.colleague.id)).delete(`/api/credit/claims/${b.id}`)).statusCode).toBe(
      404,
    );
    expect((await (await signedIn(t, w.teacher.id)).delete(`/api/credit/claims/${b.id}`)).statusCode).toBe(
      204,
    );
    expect(await entryCredit(entry)).toEqual({ credit_status: null, credit_locked: false });
    expect(await auditActions(w.district.id)).toEqual(
      expect.arrayContaining(['credit.claim_declined', 'credit.claim_withdrawn']),
    );
  });
});

describe("a district's export", () => {
  it("holds no teacher's submission for credit, though the credit type itself is there", async () => {
    const w = await buildWorld(t);
    const type = await createType(w);
    const chat = await buildEntry(w.teacher.id, w.district.id, {
      kind: 'online_social',
      title: '#mathchat',
      minutes: 60,
    });
    await submitOne(w.teacher.id, type.id, chat);
    const admin = await signedIn(t, w.admin.id);
    const started = await admin.post('/api/district/data-exports');
    expect(started.statusCode).toBe(202);
    await t.app.jobs.drain({ names: ['privacy.export'] });
    const done = (await admin.get(`/api/data-exports/${started.json().data.id}`)).json().data;
    expect(done.status).toBe('ready');
    const zip = unzipSync(new Uint8Array((await admin.get(done.downloadUrl)).rawPayload));
    const everything = Object.values(zip)
      .map((bytes) => strFromU8(bytes))
      .join('\n');
    expect(everything).toContain(type.id);
    expect(everything).not.toContain('extensions/credit-claims');
  });
});

describe('counted once', () => {
  it('refuses a second approval of one entry under types that forbid double counting, even at once', async () => {
    const w = await buildWorld(t);
    const clock = await createType(w);
    const renewal = await createType(w, clockHours({ name: 'Renewal hours' }));
    const entry = await buildEntry(w.teacher.id, w.district.id);
    const first = await submitOne(w.teacher.id, clock.id, entry);
    const second = await submitOne(w.teacher.id, renewal.id, entry);
    const results = await Promise.all([
      decide(w.principal.id, first.id, 'approve'),
      decide(w.principal.id, second.id, 'approve'),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const { rows } = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from credit_claims where entry_id = ${entry} and status = 'approved'`,
    );
    expect(rows[0].n).toBe(1);
    // Once approved, submitting it for yet another exclusive type is refused at once.
    const graduate = await createType(w, clockHours({ name: 'Graduate credit' }));
    expect((await submit(w.teacher.id, graduate.id, [{ entryId: entry }])).statusCode).toBe(409);
  });

  it('lets an entry count under two types that both allow double counting', async () => {
    const w = await buildWorld(t);
    const a = await createType(w, clockHours({ allowDoubleCounting: true }));
    const b = await createType(w, clockHours({ name: 'CEUs', allowDoubleCounting: true }));
    const entry = await buildEntry(w.teacher.id, w.district.id);
    const one = await submitOne(w.teacher.id, a.id, entry);
    const two = await submitOne(w.teacher.id, b.id, entry);
    expect((await decide(w.principal.id, one.id, 'approve')).statusCode).toBe(200);
    expect((await decide(w.principal.id, two.id, 'approve')).statusCode).toBe(200);
  });

  it('never passes the maximum per period with two approvals at the same moment', async () => {
    for (let round = 0; round < 4; round++) {
      const w = await buildWorld(t);
      const type = await createType(w, clockHours({ maxHoursPerKind: { workshop: 3 } }));
      const a = await buildEntry(w.teacher.id, w.district.id, { day: '2026-10-01' });
      const b = await buildEntry(w.teacher.id, w.district.id, { day: '2026-10-02' });
      const [c1, c2] = (await submit(w.teacher.id, type.id, [{ entryId: a }, { entryId: b }])).json().data;
      const results = await Promise.all([
        decide(w.principal.id, c1.id, 'approve'),
        decide(w.principal.id, c2.id, 'approve'),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const { rows } = await t.database.db.execute<{ hours: number }>(
        sql`select sum(hours)::float8 as hours from credit_claims where user_id = ${w.teacher.id} and status = 'approved'`,
      );
      expect(rows[0].hours).toBe(3);
    }
  });

  it('keeps hours of a kind within the maximum per period', async () => {
    const w = await buildWorld(t);
    const type = await createType(w, clockHours({ maxHoursPerKind: { online_social: 2 } }));
    const chat = (day: string) =>
      buildEntry(w.teacher.id, w.district.id, { kind: 'online_social', minutes: 60, day });
    const a = await submitOne(w.teacher.id, type.id, await chat('2026-09-01'));
    const b = await submitOne(w.teacher.id, type.id, await chat('2026-10-01'));
    const c = await submitOne(w.teacher.id, type.id, await chat('2026-11-01'));
    const nextYear = await submitOne(w.teacher.id, type.id, await chat('2027-08-01'));
    expect((await decide(w.principal.id, a.id, 'approve')).statusCode).toBe(200);
    expect((await decide(w.principal.id, b.id, 'approve')).statusCode).toBe(200);
    const over = await decide(w.principal.id, c.id, 'approve');
    expect(over.statusCode).toBe(409);
    expect(over.json().detail).toMatch(/at most 2 hours .* from 2026-07-01 to 2027-06-30/);
    expect((await decide(w.principal.id, nextYear.id, 'approve')).statusCode).toBe(200);
  });
});

describe('licences and renewal progress', () => {
  it('counts approved and pending hours in the cycle holding today, for each licence', async () => {
    const w = await buildWorld(t);
    const type = await createType(w);
    const me = await signedIn(t, w.teacher.id);
    const thisYear = new Date().getUTCFullYear();
    const created = await me.post('/api/credit/licences', {
      name: 'Professional teaching licence',
      number: 'PTL-1234',
      issuer: 'State Board of Education',
      creditTypeId: type.id,
      cycleStartOn: `${thisYear - 6}-07-01`,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().data).toMatchObject({ cycleYears: 5, hoursRequired: 120 });
    const cycleStart = created.json().data.progress.cycleStart as string;
    const inCycle = new Date(Date.parse(cycleStart) + 40 * 86_400_000).toISOString().slice(0, 10);
    const before = `${Number(cycleStart.slice(0, 4)) - 1}-09-01`;
    const approved = await submitOne(
      w.teacher.id,
      type.id,
      await buildEntry(w.teacher.id, w.district.id, { day: inCycle }),
    );
    await decide(w.principal.id, approved.id, 'approve');
    await submitOne(
      w.teacher.id,
      type.id,
      await buildEntry(w.teacher.id, w.district.id, { day: inCycle, minutes: 90 }),
    );
    const old = await submitOne(
      w.teacher.id,
      type.id,
      await buildEntry(w.teacher.id, w.district.id, { day: before }),
    );
    await decide(w.principal.id, old.id, 'approve');
    const licences = (await me.get('/api/credit/licences')).json();
    // Sent as text without the serializer's check: held to the contract here, nothing missing or more.
    expect(LicenceListResponse.parse(licences)).toEqual(licences);
    const [licence] = licences.data;
    expect(licence.progress).toEqual({
      cycleStart,
      cycleEnd: expect.any(String),
      approvedHours: 3,
      pendingHours: 1.5,
      requiredHours: 120,
      remainingHours: 117,
    });
    expect(Number(licence.progress.cycleEnd.slice(0, 4))).toBe(Number(cycleStart.slice(0, 4)) + 5);
    // A second licence with its own cycle, and licences are the holder's alone.
    const other = await me.post('/api/credit/licences', {
      name: 'Reading specialist certificate',
      creditTypeId: type.id,
      cycleStartOn: `${thisYear}-01-01`,
      cycleYears: 3,
      hoursRequired: 30,
    });
    expect(other.json().data.progress.approvedHours).toBe(0);
    expect((await me.get('/api/credit/licences')).json().data).toHaveLength(2);
    expect((await (await signedIn(t, w.colleague.id)).get('/api/credit/licences')).json().data).toEqual([]);
    expect(
      (await (await signedIn(t, w.colleague.id)).delete(`/api/credit/licences/${licence.id}`)).statusCode,
    ).toBe(404);
    const noCycle = await createType(
      w,
      clockHours({ name: 'CEUs', renewalCycleYears: null, renewalHoursRequired: null }),
    );
    const missing = await me.post('/api/credit/licences', {
      name: 'x',
      creditTypeId: noCycle.id,
      cycleStartOn: '2024-01-01',
    });
    expect(paths(missing)).toEqual(['/body/cycleYears']);
    expect((await me.delete(`/api/credit/licences/${licence.id}`)).statusCode).toBe(204);
  });
});

describe('transcripts', () => {
  async function transcriptWorld() {
    const w = await buildWorld(t);
    const type = await createType(w);
    const entry = await buildEntry(w.teacher.id, w.district.id, { title: 'Number talks workshop' });
    const claim = await submitOne(w.teacher.id, type.id, entry);
    await decide(w.principal.id, claim.id, 'approve');
    await submitOne(
      w.teacher.id,
      type.id,
      await buildEntry(w.teacher.id, w.district.id, { title: 'Still pending' }),
    );
    const issued = await (await signedIn(t, w.teacher.id)).post('/api/credit/transcripts', {});
    expect(issued.statusCode).toBe(201);
    return {
      w,
      transcript: issued.json().data as { id: string; verifyUrl: string; pdfUrl: string; csvUrl: string },
    };
  }

  it('writes a PDF stating the district, the approved entries, hours and approvers, with its verification link', async () => {
    const { w, transcript } = await transcriptWorld();
    expect(transcript.verifyUrl).toBe(`http://trellis.test/transcripts/${transcript.id}/verify`);
    const pdf = await (await signedIn(t, w.teacher.id)).get(transcript.pdfUrl);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(pdf.rawPayload) }).promise;
    const text = (await (await doc.getPage(1)).getTextContent()).items
      .map((i) => ('str' in i ? i.str : ''))
      .join(' ');
    for (const expected of [
      'Riverbend Unified',
      'Ana Díaz',
      'Number talks workshop',
      'Pat Principal',
      'Clock hours: 3 hours',
      transcript.verifyUrl,
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('Still pending');
    const csv = await (await signedIn(t, w.teacher.id)).get(transcript.csvUrl);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain('Number talks workshop,Workshop,,Clock hours,3,Pat Principal');
    // Another person's transcript does not exist for them.
    expect((await (await signedIn(t, w.colleague.id)).get(transcript.pdfUrl)).statusCode).toBe(404);
    expect((await (await signedIn(t, w.teacher.id)).get('/api/credit/transcripts')).json().data).toHaveLength(
      1,
    );
  });

  it('lets anyone signed out confirm it is genuine, from what was issued rather than today’s data', async () => {
    const { w, transcript } = await transcriptWorld();
    const pdf = (await (await signedIn(t, w.teacher.id)).get(transcript.pdfUrl)).rawPayload;
    // Today's data changes after issue: the check still states what the transcript said.
    await t.database.db.execute(sql`update users set name = 'Someone Else' where id = ${w.teacher.id}`);
    const check = await agent(t).get(`/api/transcripts/${transcript.id}/verification`);
    expect(check.statusCode).toBe(200);
    expect(check.json().data).toMatchObject({
      genuine: true,
      pdfMatches: null,
      record: {
        district: { name: 'Riverbend Unified' },
        teacher: { name: 'Ana Díaz' },
        entries: [
          expect.objectContaining({ title: 'Number talks workshop', hours: 3, approvedBy: 'Pat Principal' }),
        ],
      },
    });
    const same = await agent(t).request({
      method: 'POST',
      url: `/api/transcripts/${transcript.id}/verification`,
      headers: { 'content-type': 'application/pdf' },
      payload: pdf,
    });
    expect(same.json().data.pdfMatches).toBe(true);
    const altered = Buffer.from(pdf);
    altered[altered.length - 20] ^= 1;
    const changed = await agent(t).request({
      method: 'POST',
      url: `/api/transcripts/${transcript.id}/verification`,
      headers: { 'content-type': 'application/pdf' },
      payload: altered,
    });
    expect(changed.json().data.pdfMatches).toBe(false);
    // A record altered in the database no longer matches its signature.
    await t.database.db.execute(
      sql`update transcripts set record = jsonb_set(record, '{entries,0,hours}', '30') where id = ${transcript.id}`,
    );
    expect((await agent(t).get(`/api/transcripts/${transcript.id}/verification`)).json().data.genuine).toBe(
      false,
    );
    expect((await agent(t).get(`/api/transcripts/${uuidv7()}/verification`)).statusCode).toBe(404);
  });
});

describe('importing past PD and exporting for HR', () => {
  const header = 'staff_id,email,title,kind,date,hours,credit_type,provider,approved_by,approved_on\r\n';

  it('dry-runs, refuses a file with problems, then imports approved history once', async () => {
    const w = await buildWorld(t);
    const type = await createType(w);
    const staffId = `T-${w.teacher.id.slice(-6)}`;
    const good =
      `${staffId},,Summer literacy institute,workshop,2025-06-20,12,Clock hours,State PD,J. Old,2025-06-30\r\n` +
      `,${w.colleague.email},PLC year one,PLC meeting,2025-05-01,8,clock hours,,,\r\n`;
    const bad = `${good}nobody,,X,knitting,2025-13-01,-1,Underwater credit,,,\r\n`;
    const admin = await signedIn(t, w.admin.id);
    const dry = await admin.post('/api/credit/imports', { csv: header + bad, dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json().data.counts).toEqual({ import: 2, skipDuplicate: 0, error: 1 });
    expect(dry.json().data.rows[2].problems).toHaveLength(5);
    expect(dry.json().data.rows[0]).toMatchObject({ line: 2, personName: 'Ana Díaz', action: 'import' });
    const refused = await admin.post('/api/credit/imports', { csv: header + bad, dryRun: false });
    expect(refused.statusCode).toBe(400);
    const count = async () =>
      (
        await t.database.db.execute<{ n: number }>(
          sql`select count(*)::int as n from credit_claims where district_id = ${w.district.id}`,
        )
      ).rows[0].n;
    expect(await count()).toBe(0);
    const applied = await admin.post('/api/credit/imports', { csv: header + good, dryRun: false });
    expect(applied.json().data).toMatchObject({ applied: true, counts: { import: 2 } });
    expect(await count()).toBe(2);
    const again = await admin.post('/api/credit/imports', { csv: header + good, dryRun: true });
    expect(again.json().data.counts).toEqual({ import: 0, skipDuplicate: 2, error: 0 });
    const [claim] = (await (await signedIn(t, w.teacher.id)).get('/api/credit/claims')).json().data;
    expect(claim).toMatchObject({
      status: 'approved',
      source: 'imported',
      hours: 12,
      approver: { name: 'J. Old' },
    });
    expect(
      (await (await signedIn(t, w.teacher.id)).post('/api/credit/imports', { csv: header, dryRun: true }))
        .statusCode,
    ).toBe(403);
    expect(
      paths(await admin.post('/api/credit/imports', { csv: 'who,what\r\n1,2\r\n', dryRun: true })),
    ).toEqual(['/body/csv']);
    expect(type.id).toBeTruthy();
  });

  it('exports approved credit as CSV with the roster staff id, hours, type and approver', async () => {
    const w = await buildWorld(t);
    const type = await createType(w);
    const claim = await submitOne(
      w.teacher.id,
      type.id,
      await buildEntry(w.teacher.id, w.district.id, { title: '=cmd()' }),
    );
    await decide(w.principal.id, claim.id, 'approve');
    await submitOne(
      w.teacher.id,
      type.id,
      await buildEntry(w.teacher.id, w.district.id, { title: 'Pending one' }),
    );
    const admin = await signedIn(t, w.admin.id);
    const csv = await admin.get('/api/credit/export?from=2026-01-01&to=2026-12-31');
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'staff_id,name,email,school,credit_type,activity,kind,activity_date,hours,approved_by,approved_on,source',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`T-${w.teacher.id.slice(-6)},Ana Díaz,`);
    expect(lines[1]).toContain(
      ",Elm Street Elementary,Clock hours,'=cmd(),workshop,2026-10-01,3,Pat Principal,",
    );
    expect((await admin.get('/api/credit/export?from=2027-01-01')).body.trim().split('\r\n')).toHaveLength(1);
    expect((await admin.get('/api/credit/export?from=2027-01-01&to=2026-01-01')).statusCode).toBe(400);
    expect((await (await signedIn(t, w.principal.id)).get('/api/credit/export')).statusCode).toBe(403);
    expect(await auditActions(w.district.id)).toContain('credit.exported');
  });
});
