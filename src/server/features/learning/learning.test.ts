/**
 * The learning log through its HTTP API: logging by hand (drafts kept), the log newest first with
 * its filters and pages, totals, privacy, editing and deleting while credit allows, evidence checked
 * by content, and merging so one activity counts once.
 */
import { sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import sharp from 'sharp';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import type { Agent } from '#server/test/app.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildFramework } from '#server/test/credential-builders.ts';
import { multipart } from '#server/test/multipart.ts';
import { buildCommunity, buildThread } from '#server/test/community-builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';
import { LearningListResponse, LearningTotalsEnvelope } from '#shared/contracts/learning.ts';
import { logReportedLearning } from './index.ts';
import { removeUnusedEvidence } from './jobs.ts';

const ctx = setupTestApp();
const db = () => ctx.database.db;

async function world() {
  const district = await buildDistrict(db());
  const school = await buildSchool(db(), district.id);
  const teacher = await buildUser(db(), { districtId: district.id, schoolId: school.id });
  const colleague = await buildUser(db(), { districtId: district.id, schoolId: school.id });
  const other = await buildDistrict(db());
  const outsider = await buildUser(db(), { districtId: other.id });
  const { competencies } = await buildFramework(db(), {
    ownerOrgId: district.id,
    title: 'Teaching practice',
    competencies: [
      { code: 'TP.1', statement: 'Uses formative assessment' },
      { code: 'TP.2', statement: 'Builds classroom discourse' },
    ],
  });
  const { competencies: foreign } = await buildFramework(db(), { ownerOrgId: other.id });
  return {
    district,
    school,
    teacher,
    colleague,
    outsider,
    competencies,
    foreign,
    as: await signedIn(ctx, teacher.id),
  };
}

const countEntries = async (userId: string) =>
  (
    await db().execute<{ n: number }>(
      sql`select count(*)::int as n from learning_entries where user_id = ${userId}`,
    )
  ).rows[0].n;

const chat = {
  kind: 'online_social',
  title: '#EdChat on feedback that moves learning',
  occurredAt: '2026-10-14',
  durationMinutes: 60,
  provider: 'Twitter/X',
  link: 'https://x.com/search?q=%23edchat',
  willTry: 'Two stars and a wish on exit tickets.',
};

async function log(as: Agent, body: Record<string, unknown>) {
  const response = await as.post('/api/learning/entries', body);
  if (response.statusCode !== 201) throw new Error(response.body);
  return response.json().data as { id: string; [key: string]: unknown };
}

const png = () =>
  sharp({ create: { width: 4, height: 4, channels: 3, background: '#3a7' } })
    .png()
    .toBuffer();

const upload = (as: Agent, filename: string, type: string, data: Buffer) =>
  as.request({
    method: 'POST',
    url: '/api/learning/evidence-files',
    ...multipart('file', filename, type, data),
  });

describe('logging learning by hand', () => {
  it('logs a Twitter/X chat and shows it first in my log, labelled as entered by me', async () => {
    const { as, competencies } = await world();
    await log(as, {
      kind: 'workshop',
      title: 'Older workshop',
      occurredAt: '2026-09-01',
      durationMinutes: 180,
    });
    const entry = await log(as, { ...chat, competencyIds: [competencies[0].id] });
    expect(entry).toMatchObject({
      source: 'self',
      kind: 'online_social',
      kindLabel: 'Online or social-media learning (e.g. a Twitter/X chat)',
      title: chat.title,
      occurredAt: '2026-10-14T12:00:00.000Z',
      durationMinutes: 60,
      provider: 'Twitter/X',
      status: 'logged',
      creditStatus: null,
      competencies: [{ id: competencies[0].id, code: 'TP.1', statement: 'Uses formative assessment' }],
      abilities: { edit: true, editAll: true, delete: true, merge: true },
    });
    const list = (await as.get('/api/learning/entries')).json();
    expect(list.data.map((e: { title: string }) => e.title)).toEqual([chat.title, 'Older workshop']);
    expect(list.nextCursor).toBeNull();
    // Sent as text without the serializer's check: held to the contract here, nothing missing or more.
    expect(LearningListResponse.parse(list)).toEqual(list);
    const totals = (await as.get('/api/learning/totals')).json();
    expect(LearningTotalsEnvelope.parse(totals)).toEqual(totals);
  });

  it('keeps drafts, which count nowhere until they are logged', async () => {
    const { as } = await world();
    const draft = await log(as, { ...chat, status: 'draft', occurredAt: '2027-06-01' });
    expect(draft.status).toBe('draft');
    const totals = (await as.get('/api/learning/totals')).json().data;
    expect(totals).toMatchObject({ totalMinutes: 0, entries: 0 });
    const drafts = (await as.get('/api/learning/entries?status=draft')).json().data;
    expect(drafts.map((e: { id: string }) => e.id)).toEqual([draft.id]);
    // Logged in the future it cannot be; dated when it happened, it can.
    const future = await as.patch(`/api/learning/entries/${draft.id}`, { status: 'logged' });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].path).toBe('/body/occurredAt');
    const logged = await as.patch(`/api/learning/entries/${draft.id}`, {
      status: 'logged',
      occurredAt: '2026-10-14',
    });
    expect(logged.json().data.status).toBe('logged');
    expect((await as.get('/api/learning/totals')).json().data.totalMinutes).toBe(60);
    const back = await as.patch(`/api/learning/entries/${draft.id}`, { status: 'draft' });
    expect(back.statusCode).toBe(400);
    expect(back.json().errors[0].path).toBe('/body/status');
  });

  it('refuses bad input with a problem naming the field, and changes nothing', async () => {
    const { as, teacher, foreign } = await world();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...chat, title: '' }, '/body/title'],
      [{ ...chat, kind: 'party' }, '/body/kind'],
      [{ ...chat, occurredAt: '14/10/2026' }, '/body/occurredAt'],
      [{ ...chat, durationMinutes: -5 }, '/body/durationMinutes'],
      [{ ...chat, link: 'javascript:alert(1)' }, '/body/link'],
      [{ ...chat, occurredAt: '2099-01-01' }, '/body/occurredAt'],
      [{ ...chat, competencyIds: [foreign[0].id] }, '/body/competencyIds/0'],
      [{ ...chat, evidence: [{ type: 'file', fileId: uuidv7() }] }, '/body/evidence/0/fileId'],
      [{ ...chat, evidence: [{ type: 'resource', resourceId: uuidv7() }] }, '/body/evidence/0/resourceId'],
      [{ ...chat, surprise: true }, '/body'],
    ];
    for (const [body, path] of cases) {
      const response = await as.post('/api/learning/entries', body);
      expect(response.statusCode, path).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(
        response.json().errors.map((e: { path: string }) => e.path),
        path,
      ).toContain(path);
    }
    expect(await countEntries(teacher.id)).toBe(0);
  });

  it('edits and deletes my own entries while credit allows, and only mine', async () => {
    const { as, teacher, colleague, outsider } = await world();
    const entry = await log(as, chat);
    const edited = await as.patch(`/api/learning/entries/${entry.id}`, {
      title: 'Feedback chat',
      durationMinutes: 45,
    });
    expect(edited.json().data).toMatchObject({ title: 'Feedback chat', durationMinutes: 45 });
    // Submitted or approved for credit, it is locked: no edit, no delete, and nothing changes.
    await db().execute(
      sql`update learning_entries set credit_status = 'approved', credit_locked = true where id = ${entry.id}`,
    );
    const view = (await as.get(`/api/learning/entries/${entry.id}`)).json().data;
    expect(view.abilities).toEqual({ edit: false, editAll: false, delete: false, merge: false });
    expect((await as.patch(`/api/learning/entries/${entry.id}`, { title: 'Changed' })).statusCode).toBe(409);
    expect((await as.delete(`/api/learning/entries/${entry.id}`)).statusCode).toBe(409);
    expect((await as.get(`/api/learning/entries/${entry.id}`)).json().data.title).toBe('Feedback chat');
    await db().execute(
      sql`update learning_entries set credit_status = 'changes_requested', credit_locked = false where id = ${entry.id}`,
    );
    // Nobody else may read, change or delete it: another district's or a colleague's is not there.
    for (const person of [colleague, outsider]) {
      const them = await signedIn(ctx, person.id);
      expect((await them.get(`/api/learning/entries/${entry.id}`)).statusCode).toBe(404);
      expect((await them.patch(`/api/learning/entries/${entry.id}`, { title: 'Mine now' })).statusCode).toBe(
        404,
      );
      expect((await them.delete(`/api/learning/entries/${entry.id}`)).statusCode).toBe(404);
      expect((await them.get('/api/learning/entries')).json().data).toEqual([]);
    }
    expect((await as.delete(`/api/learning/entries/${entry.id}`)).statusCode).toBe(204);
    expect(await countEntries(teacher.id)).toBe(0);
    expect((await as.get(`/api/learning/entries/${entry.id}`)).statusCode).toBe(404);
  });

  it('asks who is signed in', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/learning/entries' });
    expect(response.statusCode).toBe(401);
  });
});

describe('who reads my log', () => {
  it('lets the principal who decides my credit read the entry I submitted, with its evidence, and no one else', async () => {
    const { as, district, school, colleague } = await world();
    const principal = await buildUser(db(), {
      districtId: district.id,
      schoolId: school.id,
      role: 'principal',
    });
    const otherSchool = await buildSchool(db(), district.id);
    const otherPrincipal = await buildUser(db(), {
      districtId: district.id,
      schoolId: otherSchool.id,
      role: 'principal',
    });
    const admin = await buildUser(db(), { districtId: district.id, role: 'district_admin' });
    const uploaded = await upload(as, 'certificate.png', 'image/png', await png());
    const entry = await log(as, {
      ...chat,
      evidence: [{ type: 'file', fileId: uploaded.json().data.fileId, filename: 'certificate.png' }],
    });
    const fileHref = (entry.evidence as Array<{ href: string }>)[0].href;
    const readers = {
      principal: await signedIn(ctx, principal.id),
      otherPrincipal: await signedIn(ctx, otherPrincipal.id),
      admin: await signedIn(ctx, admin.id),
      colleague: await signedIn(ctx, colleague.id),
    };
    // Not submitted: private to me, even from my principal and my district's administrator.
    for (const reader of Object.values(readers))
      expect((await reader.get(`/api/learning/entries/${entry.id}`)).statusCode).toBe(404);
    const type = await readers.admin.post('/api/credit/types', {
      name: 'Clock hours',
      kinds: ['online_social'],
      renewalCycleYears: 5,
      renewalHoursRequired: 120,
    });
    expect(type.statusCode).toBe(201);
    const submitted = await as.post('/api/credit/claims', {
      creditTypeId: type.json().data.id,
      entries: [{ entryId: entry.id }],
    });
    expect(submitted.statusCode).toBe(201);
    const read = await readers.principal.get(`/api/learning/entries/${entry.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().data).toMatchObject({
      title: chat.title,
      creditStatus: 'pending',
      abilities: { edit: false, delete: false, merge: false },
    });
    expect((await readers.principal.get(fileHref)).statusCode).toBe(200);
    // Reading is all: the approver cannot change it, and their own log stays their own.
    expect(
      (await readers.principal.patch(`/api/learning/entries/${entry.id}`, { title: 'x' })).statusCode,
    ).toBe(404);
    expect((await readers.principal.get('/api/learning/entries')).json().data).toEqual([]);
    for (const reader of [readers.otherPrincipal, readers.admin, readers.colleague]) {
      expect((await reader.get(`/api/learning/entries/${entry.id}`)).statusCode).toBe(404);
      expect((await reader.get(fileHref)).statusCode).toBe(404);
    }
  });
});

describe('a district’s export', () => {
  it('holds none of a teacher’s learning log, nor the statements recorded about it; her own export does', async () => {
    const { as, district, teacher } = await world();
    const admin = await signedIn(
      ctx,
      (await buildUser(db(), { districtId: district.id, role: 'district_admin' })).id,
    );
    const entry = await log(as, { ...chat, title: `Private reflection ${uuidv7()}` });
    await as.patch(`/api/learning/entries/${entry.id}`, { willTry: 'Something only I read.' });
    const started = await admin.post('/api/district/data-exports');
    expect(started.statusCode).toBe(202);
    await ctx.app.jobs.drain({ names: ['privacy.export'] });
    const done = (await admin.get(`/api/data-exports/${started.json().data.id}`)).json().data;
    expect(done.status).toBe('ready');
    const zip = unzipSync(new Uint8Array((await admin.get(done.downloadUrl)).rawPayload));
    const everything = Object.values(zip)
      .map((bytes) => strFromU8(bytes))
      .join('\n');
    expect(everything).not.toContain(entry.title);
    expect(everything).not.toContain('learning_entry');
    expect(Object.keys(zip).some((name) => name.includes('learning_'))).toBe(false);
    // The teacher's own data holds her entries and the statements about them.
    const mine = await as.get('/api/me/data-export');
    expect(mine.statusCode).toBe(200);
    const text = String(mine.headers['content-type']).includes('zip')
      ? Object.values(unzipSync(new Uint8Array(mine.rawPayload)))
          .map((bytes) => strFromU8(bytes))
          .join('\n')
      : mine.body;
    expect(text).toContain(entry.title);
    expect(text).toContain(teacher.id);
  });
});

describe('the log and its totals', () => {
  it('filters by date range, kind, source, competency and credit status, and pages newest first', async () => {
    const { as, teacher, district, competencies } = await world();
    const a = await log(as, { ...chat, occurredAt: '2026-09-10', competencyIds: [competencies[0].id] });
    const b = await log(as, {
      kind: 'workshop',
      title: 'Math talks',
      occurredAt: '2026-10-02',
      durationMinutes: 120,
    });
    const c = await log(as, {
      kind: 'workshop',
      title: 'Number routines',
      occurredAt: '2026-11-20',
      durationMinutes: 90,
      competencyIds: [competencies[1].id, competencies[0].id],
    });
    await logReportedLearning(db(), {
      statementId: uuidv7(),
      userId: teacher.id,
      districtId: district.id,
      provider: 'District LMS',
      statement: {
        verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
        object: { id: 'https://lms.example.org/c/1', definition: { name: { 'en-US': 'Course one' } } },
        result: { duration: 'PT2H' },
        timestamp: '2026-10-20T10:00:00Z',
      },
    });
    await db().execute(
      sql`update learning_entries set credit_status = 'pending', credit_locked = true where id = ${b.id}`,
    );
    const titles = async (query: string) =>
      (await as.get(`/api/learning/entries${query}`)).json().data.map((e: { title: string }) => e.title);
    expect(await titles('')).toEqual(['Number routines', 'Course one', 'Math talks', chat.title]);
    expect(await titles('?from=2026-10-01&to=2026-10-20')).toEqual(['Course one', 'Math talks']);
    expect(await titles('?kind=workshop')).toEqual(['Number routines', 'Math talks']);
    expect(await titles('?source=xapi')).toEqual(['Course one']);
    expect(await titles(`?competency=${competencies[0].id}`)).toEqual(['Number routines', chat.title]);
    expect(await titles('?credit=pending')).toEqual(['Math talks']);
    expect(await titles('?credit=none')).toEqual(['Number routines', 'Course one', chat.title]);
    // Pages: two, then two, then none.
    const first = (await as.get('/api/learning/entries?limit=2')).json();
    expect(first.data.map((e: { id: string }) => e.id)[0]).toBe(c.id);
    const second = (await as.get(`/api/learning/entries?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.data.map((e: { id: string }) => e.id)).toEqual([b.id, a.id]);
    expect(second.nextCursor).toBeNull();
    const bad = await as.get('/api/learning/entries?cursor=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/querystring/cursor');
    const badRange = await as.get('/api/learning/entries?from=2026-12-01&to=2026-11-01');
    expect(badRange.json().errors[0].path).toBe('/querystring/to');
    expect((await as.get('/api/learning/entries?source=fax')).json().errors[0].path).toBe(
      '/querystring/source',
    );
  });

  it('totals minutes by kind and by competency for a period', async () => {
    const { as, competencies } = await world();
    await log(as, { ...chat, occurredAt: '2026-09-10', competencyIds: [competencies[0].id] });
    await log(as, { kind: 'workshop', title: 'Math talks', occurredAt: '2026-10-02', durationMinutes: 120 });
    await log(as, {
      kind: 'workshop',
      title: 'Number routines',
      occurredAt: '2026-11-20',
      durationMinutes: 90,
      competencyIds: [competencies[0].id, competencies[1].id],
    });
    const all = (await as.get('/api/learning/totals')).json().data;
    expect(all.totalMinutes).toBe(270);
    expect(all.entries).toBe(3);
    expect(all.byKind).toEqual([
      { kind: 'workshop', label: 'Workshop', minutes: 210, entries: 2 },
      {
        kind: 'online_social',
        label: 'Online or social-media learning (e.g. a Twitter/X chat)',
        minutes: 60,
        entries: 1,
      },
    ]);
    expect(all.byCompetency.map((c: { code: string; minutes: number }) => [c.code, c.minutes])).toEqual([
      ['TP.1', 150],
      ['TP.2', 90],
    ]);
    const autumn = (await as.get('/api/learning/totals?from=2026-10-01&to=2026-10-31')).json().data;
    expect(autumn).toMatchObject({ from: '2026-10-01', to: '2026-10-31', totalMinutes: 120, entries: 1 });
  });

  it('offers every kind and the competencies of my district’s frameworks', async () => {
    const { as } = await world();
    const options = (await as.get('/api/learning/options')).json().data;
    const kinds = options.kinds.map((k: { kind: string }) => k.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['online_social', 'workshop', 'credential_earned', 'resource_tried']),
    );
    expect(options.frameworks).toHaveLength(1);
    expect(options.frameworks[0].competencies.map((c: { code: string }) => c.code)).toEqual(['TP.1', 'TP.2']);
  });
});

describe('evidence', () => {
  it('keeps an uploaded file checked by its content, readable by me alone', async () => {
    const { as, colleague } = await world();
    const uploaded = await upload(as, 'certificate.png', 'image/png', await png());
    expect(uploaded.statusCode).toBe(201);
    const { fileId } = uploaded.json().data;
    const entry = await log(as, {
      ...chat,
      kind: 'workshop',
      evidence: [
        { type: 'file', fileId, filename: 'certificate.png' },
        { type: 'link', url: 'https://example.org/slides', title: 'Slides' },
      ],
    });
    const [file, link] = entry.evidence as Array<{ href: string; title: string; contentType: string }>;
    expect(file).toMatchObject({ title: 'certificate.png', contentType: 'image/png' });
    expect(link).toMatchObject({ title: 'Slides', href: 'https://example.org/slides' });
    const download = await as.get(file.href);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toMatch(/^attachment/);
    expect(download.rawPayload.equals(await png())).toBe(true);
    const them = await signedIn(ctx, colleague.id);
    expect((await them.get(file.href)).statusCode).toBe(404);
    // Someone else cannot offer my file as their evidence.
    const stolen = await them.post('/api/learning/entries', {
      ...chat,
      evidence: [{ type: 'file', fileId }],
    });
    expect(stolen.json().errors[0].path).toBe('/body/evidence/0/fileId');
    // Removing the evidence removes the file.
    await as.patch(`/api/learning/entries/${entry.id}`, { evidence: [] });
    const { rows } = await db().execute(sql`select 1 from files where key = ${`learning/${fileId}`}`);
    expect(rows).toEqual([]);
  });

  it('removes files uploaded a day ago that no entry names, and keeps those an entry names', async () => {
    const { as } = await world();
    const unused = (await upload(as, 'draft.png', 'image/png', await png())).json().data.fileId;
    const used = (await upload(as, 'kept.png', 'image/png', await png())).json().data.fileId;
    const fresh = (await upload(as, 'fresh.png', 'image/png', await png())).json().data.fileId;
    await log(as, { ...chat, evidence: [{ type: 'file', fileId: used, filename: 'kept.png' }] });
    await db().execute(sql`update files set created_at = now() - interval '2 days'
                            where key in (${`learning/${unused}`}, ${`learning/${used}`})`);
    expect(await removeUnusedEvidence(ctx.app)).toBeGreaterThanOrEqual(1);
    const { rows } = await db().execute<{ key: string }>(sql`
      select key from files where key in (${`learning/${unused}`}, ${`learning/${used}`}, ${`learning/${fresh}`})
       order by key`);
    expect(rows.map((r) => r.key).sort()).toEqual([`learning/${fresh}`, `learning/${used}`].sort());
    expect(await ctx.app.storage.get(`learning/${unused}`)).toBeNull();
    expect(await ctx.app.storage.get(`learning/${used}`)).not.toBeNull();
  });

  it('refuses a file that is not what it says it is, and an empty one', async () => {
    const { as } = await world();
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const disguised = await upload(as, 'notes.pdf', 'application/pdf', html);
    expect(disguised.statusCode).toBe(400);
    expect(disguised.json().errors[0].path).toBe('/body/file');
    const exe = await upload(
      as,
      'tool.exe',
      'application/octet-stream',
      Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]),
    );
    expect(exe.statusCode).toBe(400);
    expect((await upload(as, 'empty.txt', 'text/plain', Buffer.alloc(0))).statusCode).toBe(400);
  });

  it('takes a resource I can see as evidence', async () => {
    const { as, teacher, district, school } = await world();
    const resource = await buildResource(db(), {
      ownerId: teacher.id,
      districtId: district.id,
      schoolId: school.id,
      audience: 'district',
      audienceId: district.id,
      title: 'Exit ticket bank',
    });
    const entry = await log(as, { ...chat, evidence: [{ type: 'resource', resourceId: resource.id }] });
    expect((entry.evidence as unknown[])[0]).toMatchObject({
      type: 'resource',
      title: 'Exit ticket bank',
      href: `/resources/${resource.id}`,
    });
  });
});

describe('evidence from Trellis', () => {
  it('takes a thread I can read, and refuses one I cannot', async () => {
    const { as, district, teacher, outsider } = await world();
    const mine = await buildCommunity(db(), {
      districtId: district.id,
      createdBy: teacher.id,
      joinPolicy: 'invitation',
      members: [{ userId: teacher.id, role: 'facilitator' }],
    });
    const theirs = await buildCommunity(db(), {
      districtId: outsider.districtId,
      createdBy: outsider.id,
      joinPolicy: 'invitation',
      members: [{ userId: outsider.id, role: 'facilitator' }],
    });
    const readable = await buildThread(db(), {
      communityId: mine.id,
      authorId: teacher.id,
      title: 'Exit tickets',
    });
    const hidden = await buildThread(db(), { communityId: theirs.id, authorId: outsider.id });
    const entry = await log(as, { ...chat, evidence: [{ type: 'thread', threadId: readable.threadId }] });
    expect((entry.evidence as unknown[])[0]).toMatchObject({
      type: 'thread',
      title: 'Exit tickets',
      href: `/communities/${mine.id}/threads/${readable.threadId}`,
    });
    const refused = await as.post('/api/learning/entries', {
      ...chat,
      evidence: [{ type: 'thread', threadId: hidden.threadId }],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('/body/evidence/0/threadId');
  });

  it('answers 401 on every route to someone not signed in', async () => {
    const id = uuidv7();
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/learning/entries'],
      ['POST', '/api/learning/entries', chat],
      ['GET', '/api/learning/totals'],
      ['GET', '/api/learning/options'],
      ['GET', `/api/learning/entries/${id}`],
      ['PATCH', `/api/learning/entries/${id}`, { title: 'Changed' }],
      ['DELETE', `/api/learning/entries/${id}`],
      ['POST', `/api/learning/entries/${id}/merged`, { entryId: uuidv7() }],
      ['DELETE', `/api/learning/entries/${id}/merged/${uuidv7()}`],
      ['POST', '/api/learning/evidence-files'],
      ['GET', `/api/learning/entries/${id}/evidence/${uuidv7()}/file`],
    ];
    for (const [method, url, payload] of routes) {
      const response = await ctx.app.inject({
        method: method as 'GET',
        url,
        headers: { origin: ctx.config.PUBLIC_URL },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
  });
});

describe('one activity, counted once', () => {
  it('merges my hand entry into the one a tool reported, and gives it back', async () => {
    const { as, teacher, district, competencies } = await world();
    const statementId = uuidv7();
    const reportedId = await logReportedLearning(db(), {
      statementId,
      userId: teacher.id,
      districtId: district.id,
      provider: 'Conference app',
      statement: {
        verb: { id: 'http://adlnet.gov/expapi/verbs/attended' },
        object: {
          id: 'https://conf.example.org/sessions/42',
          definition: { name: { 'en-US': 'Feedback that moves learning' } },
        },
        result: { duration: 'PT1H30M' },
        timestamp: '2026-10-14T16:00:00Z',
      },
    });
    expect(reportedId).toBeTruthy();
    const hand = await log(as, {
      kind: 'workshop',
      title: 'Feedback workshop at the conference',
      occurredAt: '2026-10-14',
      durationMinutes: 120,
      practiceChange: 'I now give feedback during the task.',
      competencyIds: [competencies[0].id],
      evidence: [{ type: 'link', url: 'https://conf.example.org/slides/42', title: 'Slides' }],
    });
    expect((await as.get('/api/learning/totals')).json().data.totalMinutes).toBe(210);
    // Only a hand entry goes into a recorded one, not the other way round.
    const wrongWay = await as.post(`/api/learning/entries/${hand.id}/merged`, { entryId: reportedId });
    expect(wrongWay.statusCode).toBe(400);
    const merged = await as.post(`/api/learning/entries/${reportedId}/merged`, { entryId: hand.id });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().data).toMatchObject({
      source: 'xapi',
      durationMinutes: 90,
      practiceChange: 'I now give feedback during the task.',
      competencies: [{ id: competencies[0].id }],
      merged: [{ id: hand.id, title: 'Feedback workshop at the conference' }],
      evidence: [{ type: 'link', title: 'Slides' }],
    });
    const list = (await as.get('/api/learning/entries')).json().data;
    expect(list.map((e: { id: string }) => e.id)).toEqual([reportedId]);
    expect((await as.get('/api/learning/totals')).json().data.totalMinutes).toBe(90);
    // Merged, the hand entry can no longer be changed nor merged again.
    expect((await as.patch(`/api/learning/entries/${hand.id}`, { title: 'x' })).statusCode).toBe(404);
    const back = await as.delete(`/api/learning/entries/${reportedId}/merged/${hand.id}`);
    expect(back.json().data.merged).toEqual([]);
    expect((await as.get('/api/learning/entries')).json().data).toHaveLength(2);
  });

  it('lets the reflection of a recorded entry change, never what its source said', async () => {
    const { as, teacher, district } = await world();
    const id = await logReportedLearning(db(), {
      statementId: uuidv7(),
      userId: teacher.id,
      districtId: district.id,
      provider: 'District LMS',
      statement: {
        verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
        object: { id: 'https://lms.example.org/c/2', definition: { name: { 'en-US': 'Course two' } } },
        timestamp: '2026-10-20T10:00:00Z',
      },
    });
    const title = await as.patch(`/api/learning/entries/${id}`, { title: 'Renamed' });
    expect(title.statusCode).toBe(400);
    expect(title.json().errors[0].path).toBe('/body/title');
    const reflected = await as.patch(`/api/learning/entries/${id}`, {
      willTry: 'Retrieval practice on Mondays.',
    });
    expect(reflected.json().data).toMatchObject({
      title: 'Course two',
      willTry: 'Retrieval practice on Mondays.',
    });
    expect((await as.delete(`/api/learning/entries/${id}`)).statusCode).toBe(409);
  });
});
