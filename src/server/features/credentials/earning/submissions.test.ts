import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { recordStatement } from '#server/platform/statements.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildResource } from '#server/test/resource-builders.ts';
import { png } from '../../resources/test-world.ts';
import {
  buildAward,
  buildEarningWorld,
  credentialOf,
  notificationsOf,
  paths,
  save,
  start,
  startAndSubmit,
  statementsOf,
  uploadEvidenceFile,
} from './test-world.ts';

const t = setupTestApp();
const db = () => t.database.db;

const PROMPTS = [
  { id: 'reflect', kind: 'reflection', prompt: 'What did you try?', required: true },
  { id: 'link', kind: 'link', prompt: 'A link to your lesson plan', required: false },
  { id: 'doc', kind: 'file', prompt: 'Student work (a document or a photo)', required: false },
  { id: 'clip', kind: 'video', prompt: 'A clip of the practice', required: false },
  { id: 'shared', kind: 'resource', prompt: 'A resource you used', required: false },
  { id: 'done', kind: 'activity', prompt: 'An activity you completed', required: true },
] as const;

describe('starting a submission', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w);
    expect((await agent(t).post(`/api/micro-credentials/${credential.id}/submissions`, {})).statusCode).toBe(
      401,
    );
    expect((await agent(t).get('/api/submissions')).statusCode).toBe(401);
  });

  it('starts a draft on the current version for the teacher and records started', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w);
    const response = await (await signedIn(t, w.teacher.id)).post(
      `/api/micro-credentials/${credential.id}/submissions`,
      {},
    );
    expect(response.statusCode).toBe(201);
    const data = response.json().data;
    expect(data).toMatchObject({
      status: 'draft',
      round: 1,
      version: 1,
      owner: { id: w.teacher.id },
      members: [{ id: w.teacher.id, name: 'Tess Teacher' }],
      evidence: [],
      rounds: [],
      abilities: { editEvidence: true, submit: true, withdraw: true, review: false },
    });
    expect(data.definition.prompts.map((p: { id: string }) => p.id)).toEqual(['reflect', 'video']);
    const started = await statementsOf(t, 'started', credential.id);
    expect(started).toHaveLength(1);
    expect(started[0].actor_id).toBe(w.teacher.id);
    expect(started[0].body.context.extensions['https://trellis.dev/xapi/extensions/submission']).toBe(
      data.id,
    );
  });

  it('refuses a second active submission, naming the one under way, and a credential already held', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w);
    const as = await signedIn(t, w.teacher.id);
    const first = await start(as, credential.id);
    const again = await as.post(`/api/micro-credentials/${credential.id}/submissions`, {});
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().detail).toContain(first.id);
    await buildAward(db(), {
      credentialId: credential.id,
      recipientId: w.colleague.id,
      issuerOrgId: w.district.id,
    });
    const holder = await (await signedIn(t, w.colleague.id)).post(
      `/api/micro-credentials/${credential.id}/submissions`,
      {},
    );
    expect(holder.statusCode).toBe(409);
    expect(holder.json().detail).toMatch(/already hold/);
    const { rows } = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from submissions where credential_id = ${credential.id}`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('hides a draft credential and one outside the teacher’s scope, and refuses a stack', async () => {
    const w = await buildEarningWorld(db());
    const { credential: draft } = await credentialOf(db(), w, { status: 'draft' });
    const { credential: published } = await credentialOf(db(), w);
    const { credential: stack } = await credentialOf(db(), w, { kind: 'stack', memberIds: [published.id] });
    const teacher = await signedIn(t, w.teacher.id);
    expect((await teacher.post(`/api/micro-credentials/${draft.id}/submissions`, {})).statusCode).toBe(404);
    const stranger = await signedIn(t, w.stranger.id);
    expect((await stranger.post(`/api/micro-credentials/${published.id}/submissions`, {})).statusCode).toBe(
      404,
    );
    expect((await teacher.post(`/api/micro-credentials/${stack.id}/submissions`, {})).statusCode).toBe(409);
    // The issuer's admin sees the draft but may not earn it before it is published.
    const admin = await signedIn(t, w.admin.id);
    expect((await admin.post(`/api/micro-credentials/${draft.id}/submissions`, {})).statusCode).toBe(409);
  });

  it('starts a team within the limit and refuses teams too large, teammates out of scope or already busy', async () => {
    const w = await buildEarningWorld(db());
    const { credential: solo } = await credentialOf(db(), w);
    const { credential } = await credentialOf(db(), w, { maxTeamSize: 2 });
    const as = await signedIn(t, w.teacher.id);
    const url = `/api/micro-credentials/${credential.id}/submissions`;

    const individual = await as.post(`/api/micro-credentials/${solo.id}/submissions`, {
      teammateIds: [w.teammate.id],
    });
    expect(individual.statusCode).toBe(400);
    expect(paths(individual)).toEqual(['/body/teammateIds']);
    const tooMany = await as.post(url, { teammateIds: [w.teammate.id, w.colleague.id] });
    expect(tooMany.statusCode).toBe(400);
    expect(paths(tooMany)).toEqual(['/body/teammateIds']);
    const self = await as.post(url, { teammateIds: [w.teacher.id] });
    expect(paths(self)).toEqual(['/body/teammateIds']);
    const outside = await as.post(url, { teammateIds: [w.stranger.id] });
    expect(outside.statusCode).toBe(400);
    expect(paths(outside)).toEqual(['/body/teammateIds/0']);

    await start(await signedIn(t, w.colleague.id), credential.id);
    const busy = await as.post(url, { teammateIds: [w.colleague.id] });
    expect(busy.statusCode).toBe(400);
    expect(busy.json().errors[0]).toMatchObject({
      path: '/body/teammateIds/0',
      message: expect.stringMatching(/already/),
    });

    const team = await start(as, credential.id, [w.teammate.id]);
    const seen = (await (await signedIn(t, w.teammate.id)).get(`/api/submissions/${team.id}`)).json().data;
    expect(seen.members.map((m: { id: string }) => m.id)).toEqual([w.teacher.id, w.teammate.id]);
    // The teammate now has an active submission too, so cannot start another.
    const teammateAgain = await (await signedIn(t, w.teammate.id)).post(url, {});
    expect(teammateAgain.statusCode).toBe(409);
  });

  it('lets a network credential be earned with a teammate from a partner district', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w, { issuerOrgId: w.network.id, maxTeamSize: 2 });
    const team = await start(await signedIn(t, w.teacher.id), credential.id, [w.partnerTeacher.id]);
    expect(team.status).toBe('draft');
  });
});

describe('reading submissions', () => {
  it('lists mine as owner or teammate, newest first, by status, and hides them from others', async () => {
    const w = await buildEarningWorld(db());
    const { credential: a } = await credentialOf(db(), w, { maxTeamSize: 2 });
    const { credential: b } = await credentialOf(db(), w);
    const teacher = await signedIn(t, w.teacher.id);
    const older = await start(teacher, a.id, [w.teammate.id]);
    const newer = await startAndSubmit(teacher, b.id);
    const mine = (await teacher.get('/api/submissions')).json();
    expect(mine.data.map((s: { id: string }) => s.id)).toEqual([newer, older.id]);
    const teammate = await signedIn(t, w.teammate.id);
    expect((await teammate.get('/api/submissions')).json().data.map((s: { id: string }) => s.id)).toEqual([
      older.id,
    ]);
    const submitted = (await teacher.get('/api/submissions?status=submitted')).json().data;
    expect(submitted.map((s: { id: string }) => s.id)).toEqual([newer]);
    const paged = (await teacher.get('/api/submissions?limit=1')).json();
    expect(paged.data).toHaveLength(1);
    const next = (await teacher.get(`/api/submissions?limit=1&cursor=${paged.nextCursor}`)).json();
    expect(next.data.map((s: { id: string }) => s.id)).toEqual([older.id]);
    expect((await teacher.get('/api/submissions?cursor=nonsense')).statusCode).toBe(400);

    expect((await (await signedIn(t, w.colleague.id)).get(`/api/submissions/${older.id}`)).statusCode).toBe(
      404,
    );
    // Assessors do not see a draft; they see it once submitted.
    const assessor = await signedIn(t, w.assessor.id);
    expect((await assessor.get(`/api/submissions/${older.id}`)).statusCode).toBe(404);
    expect((await assessor.get(`/api/submissions/${newer}`)).statusCode).toBe(200);
    expect((await (await signedIn(t, w.admin.id)).get(`/api/submissions/${newer}`)).statusCode).toBe(200);
  });

  it('tells the earn panel where the teacher stands', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w, { maxTeamSize: 3 });
    const as = await signedIn(t, w.teacher.id);
    const before = (await as.get(`/api/micro-credentials/${credential.id}/my-progress`)).json().data;
    expect(before).toEqual({ submission: null, award: null, maxTeamSize: 3, abilities: { start: true } });
    const { id } = await start(as, credential.id);
    const during = (await as.get(`/api/micro-credentials/${credential.id}/my-progress`)).json().data;
    expect(during).toMatchObject({
      submission: { id, status: 'draft' },
      award: null,
      abilities: { start: false },
    });
    const awardId = await buildAward(db(), {
      credentialId: credential.id,
      recipientId: w.colleague.id,
      issuerOrgId: w.district.id,
    });
    const holder = (
      await (await signedIn(t, w.colleague.id)).get(`/api/micro-credentials/${credential.id}/my-progress`)
    ).json().data;
    expect(holder).toMatchObject({ award: { id: awardId }, abilities: { start: false } });
    expect(
      (await (await signedIn(t, w.stranger.id)).get(`/api/micro-credentials/${credential.id}/my-progress`))
        .statusCode,
    ).toBe(404);
  });
});

describe('autosaving evidence', () => {
  it('saves a draft and refuses a save over a teammate’s newer one, returning the current evidence', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w, { maxTeamSize: 2 });
    const teacher = await signedIn(t, w.teacher.id);
    const teammate = await signedIn(t, w.teammate.id);
    const { id, updatedAt: base } = await start(teacher, credential.id, [w.teammate.id]);

    const mine = await teacher.put(`/api/submissions/${id}/evidence`, {
      evidence: [{ promptId: 'reflect', text: 'My first paragraph.' }],
      baseUpdatedAt: base,
    });
    expect(mine.statusCode).toBe(200);
    const savedAt = mine.json().data.updatedAt;
    expect(savedAt).not.toBe(base);

    const stale = await teammate.put(`/api/submissions/${id}/evidence`, {
      evidence: [{ promptId: 'reflect', text: 'Their words would overwrite mine.' }],
      baseUpdatedAt: base,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json().current).toEqual({
      evidence: [{ promptId: 'reflect', text: 'My first paragraph.', private: true }],
      updatedAt: savedAt,
    });

    const onTop = await teammate.put(`/api/submissions/${id}/evidence`, {
      evidence: [{ promptId: 'reflect', text: 'My first paragraph. And theirs.' }],
      baseUpdatedAt: savedAt,
    });
    expect(onTop.statusCode).toBe(200);
    const seen = (await teacher.get(`/api/submissions/${id}`)).json().data;
    expect(seen.evidence[0].text).toBe('My first paragraph. And theirs.');
    expect(seen.updatedAt).toBe(onTop.json().data.updatedAt);
  });

  it('lets only members save, and only while drafting', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w);
    const teacher = await signedIn(t, w.teacher.id);
    const id = await startAndSubmit(teacher, credential.id);
    const body = { evidence: [], baseUpdatedAt: new Date().toISOString() };
    expect(
      (await (await signedIn(t, w.colleague.id)).put(`/api/submissions/${id}/evidence`, body)).statusCode,
    ).toBe(404);
    expect(
      (await (await signedIn(t, w.assessor.id)).put(`/api/submissions/${id}/evidence`, body)).statusCode,
    ).toBe(403);
    expect((await save(teacher, id, [])).statusCode).toBe(409);
    const notTime = await teacher.put(`/api/submissions/${id}/evidence`, {
      evidence: [],
      baseUpdatedAt: 'yesterday',
    });
    expect(notTime.statusCode).toBe(400);
    // Dates JavaScript accepts but PostgreSQL would not read are refused the same way, not a 500.
    for (const baseUpdatedAt of ['1', '2024-02-30T00:00:00Z']) {
      const odd = await teacher.put(`/api/submissions/${id}/evidence`, { evidence: [], baseUpdatedAt });
      expect(odd.statusCode).toBe(400);
    }
  });

  it('checks each answer against its prompt’s kind and keeps only what the kind reads', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w, { prompts: [...PROMPTS] });
    const teacher = await signedIn(t, w.teacher.id);
    const { id } = await start(teacher, credential.id);
    const hidden = await buildResource(db(), {
      ownerId: w.stranger.id,
      districtId: w.outside.id,
      audience: 'district',
    });
    const shared = await buildResource(db(), {
      ownerId: w.colleague.id,
      districtId: w.district.id,
      audience: 'district',
    });
    const theirs = await db().transaction((tx) =>
      recordStatement(tx, {
        actor: { id: w.colleague.id },
        verb: 'posted',
        object: { type: 'thread', id: w.colleague.id },
      }),
    );
    const own = await db().transaction((tx) =>
      recordStatement(tx, {
        actor: { id: w.teacher.id },
        verb: 'tried',
        object: { type: 'resource', id: shared.id, name: 'Number talks' },
      }),
    );

    const bad = await save(teacher, id, [
      { promptId: 'nope', text: 'x' },
      { promptId: 'link', url: 'javascript:alert(1)' },
      { promptId: 'shared', resourceId: hidden.id },
      { promptId: 'done', statementId: theirs },
      { promptId: 'doc', fileId: '0190aaaa-0000-7000-8000-000000000000' },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(paths(bad).sort()).toEqual(
      [
        '/body/evidence/0/promptId',
        '/body/evidence/1/url',
        '/body/evidence/2/resourceId',
        '/body/evidence/3/statementId',
        '/body/evidence/4/fileId',
      ].sort(),
    );
    const linkPrompt = PROMPTS.find((p) => p.id === 'link')!;
    expect(bad.json().detail).toContain(`“${linkPrompt.prompt}”: must be an http or https address`);
    expect(bad.json().detail).not.toContain('/body/');
    const long = await save(teacher, id, [{ promptId: 'reflect', text: 'x'.repeat(20_001) }]);
    expect(paths(long)).toEqual(['/body/evidence/0/text']);
    expect((await teacher.get(`/api/submissions/${id}`)).json().data.evidence).toEqual([]);
    const twice = await save(teacher, id, [
      { promptId: 'reflect', text: 'a' },
      { promptId: 'reflect', text: 'b' },
    ]);
    expect(paths(twice)).toEqual(['/body/evidence/1/promptId']);

    const good = await save(teacher, id, [
      { promptId: 'done', statementId: own },
      { promptId: 'reflect', text: 'What happened', url: 'https://ignored.example' },
      { promptId: 'link', url: 'https://docs.example/plan', private: true },
      { promptId: 'shared', resourceId: shared.id },
      { promptId: 'clip' },
    ]);
    expect(good.statusCode).toBe(200);
    const data = (await teacher.get(`/api/submissions/${id}`)).json().data;
    // Every answer is private unless the earner chose otherwise.
    expect(data.evidence).toEqual([
      { promptId: 'reflect', text: 'What happened', private: true },
      { promptId: 'link', url: 'https://docs.example/plan', private: true },
      { promptId: 'shared', resourceId: shared.id, private: true },
      { promptId: 'done', statementId: own, private: true },
    ]);
    const chosen = await save(teacher, id, [
      { promptId: 'reflect', text: 'What happened', private: false },
      { promptId: 'link', url: 'https://docs.example/plan' },
    ]);
    expect(chosen.statusCode).toBe(200);
    expect((await teacher.get(`/api/submissions/${id}`)).json().data.evidence).toEqual([
      { promptId: 'reflect', text: 'What happened', private: false },
      { promptId: 'link', url: 'https://docs.example/plan', private: true },
    ]);
    expect(data.activities).toEqual([
      expect.objectContaining({ id: own, verb: 'tried', name: 'Number talks' }),
    ]);
    const options = (await teacher.get('/api/submissions/activity-options')).json().data;
    expect(options.map((o: { id: string }) => o.id)).toContain(own);
    expect(options.map((o: { id: string }) => o.id)).not.toContain(theirs);
  });
});

describe('evidence files', () => {
  it('takes a document for a file prompt and a video only for a video prompt, private by default', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w, { prompts: [...PROMPTS] });
    const teacher = await signedIn(t, w.teacher.id);
    const { id } = await start(teacher, credential.id);
    const image = await png();
    const notVideo = await uploadEvidenceFile(teacher, id, 'clip', 'clip.mp4', 'video/mp4', image);
    expect(notVideo.statusCode).toBe(400);
    expect(paths(notVideo)).toEqual(['/body/file']);
    const notFilePrompt = await uploadEvidenceFile(teacher, id, 'reflect', 'a.png', 'image/png', image);
    expect(paths(notFilePrompt)).toEqual(['/querystring/promptId']);
    const stranger = await uploadEvidenceFile(
      await signedIn(t, w.colleague.id),
      id,
      'doc',
      'a.png',
      'image/png',
      image,
    );
    expect(stranger.statusCode).toBe(404);

    const uploaded = await uploadEvidenceFile(teacher, id, 'doc', '../work sample.png', 'image/png', image);
    expect(uploaded.statusCode).toBe(201);
    const file = uploaded.json().data;
    expect(file).toMatchObject({
      filename: 'work sample.png',
      contentType: 'image/png',
      byteSize: image.length,
    });
    // An image is not a video, even when uploaded: the video prompt refuses it.
    const wrongPrompt = await save(teacher, id, [
      { promptId: 'clip', fileId: file.fileId, filename: 'x.png' },
    ]);
    expect(paths(wrongPrompt)).toEqual(['/body/evidence/0/fileId']);
    const saved = await save(teacher, id, [
      { promptId: 'doc', fileId: file.fileId, filename: file.filename },
    ]);
    expect(saved.statusCode).toBe(200);
    const evidence = (await teacher.get(`/api/submissions/${id}`)).json().data.evidence;
    expect(evidence).toEqual([
      {
        promptId: 'doc',
        fileId: file.fileId,
        filename: 'work sample.png',
        contentType: 'image/png',
        private: true,
      },
    ]);
  });

  it('serves a file only to members, assessors and the issuer’s admins, as a private download, auditing each access', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w, { prompts: [...PROMPTS] });
    const teacher = await signedIn(t, w.teacher.id);
    const { id } = await start(teacher, credential.id);
    const file = (await uploadEvidenceFile(teacher, id, 'doc', 'work.png', 'image/png', await png())).json()
      .data;
    await save(teacher, id, [{ promptId: 'doc', fileId: file.fileId, filename: 'work.png' }]);
    const url = `/api/submissions/${id}/files/${file.fileId}`;

    const own = await teacher.get(url);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-disposition']).toMatch(/^attachment; filename="work.png"/);
    expect(own.headers['cache-control']).toBe('private, no-store');
    expect(own.headers['content-type']).toBe('image/png');
    expect(own.rawPayload.equals(await png())).toBe(true);

    expect((await (await signedIn(t, w.colleague.id)).get(url)).statusCode).toBe(404);
    expect((await (await signedIn(t, w.assessor.id)).get(url)).statusCode).toBe(404); // still a draft
    expect((await agent(t).get(url)).statusCode).toBe(401);
    await save(teacher, id, [
      { promptId: 'doc', fileId: file.fileId, filename: 'work.png' },
      { promptId: 'reflect', text: 'It worked.' },
      { promptId: 'done', statementId: await ownActivity(w.teacher.id) },
    ]);
    expect((await teacher.post(`/api/submissions/${id}/submit`)).statusCode).toBe(200);
    expect((await (await signedIn(t, w.assessor.id)).get(url)).statusCode).toBe(200);
    expect((await (await signedIn(t, w.admin.id)).get(url)).statusCode).toBe(200);
    expect((await (await signedIn(t, w.stranger.id)).get(url)).statusCode).toBe(404);

    const { rows } = await db().execute<{ actor_id: string }>(sql`
      select actor_id from audit_events where action = 'submission_file.read' and target_id = ${file.fileId}
       order by at`);
    expect(rows.map((r) => r.actor_id)).toEqual([w.teacher.id, w.assessor.id, w.admin.id]);
  });
});

async function ownActivity(userId: string) {
  return db().transaction((tx) =>
    recordStatement(tx, {
      actor: { id: userId },
      verb: 'joined',
      object: { type: 'community', id: userId, name: 'PLC' },
    }),
  );
}

describe('submitting and withdrawing', () => {
  it('refuses to submit until every required prompt is answered, naming each', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w, { prompts: [...PROMPTS] });
    const teacher = await signedIn(t, w.teacher.id);
    const { id } = await start(teacher, credential.id);
    await save(teacher, id, [{ promptId: 'link', url: 'https://plan.example' }]);
    const early = await teacher.post(`/api/submissions/${id}/submit`);
    expect(early.statusCode).toBe(400);
    expect(paths(early)).toEqual(['/body/evidence/reflect', '/body/evidence/done']);
    // People read the prompts' words, never their internal keys.
    const titles = PROMPTS.filter((p) => p.id === 'reflect' || p.id === 'done').map((p) => `“${p.prompt}”`);
    expect(early.json().errors.map((e: { message: string }) => e.message)).toEqual(
      titles.map((title) => `${title} is required`),
    );
    expect(early.json().detail).toBe(`Answer every required prompt before submitting: ${titles.join(', ')}.`);
    expect(early.json().detail).not.toMatch(/reflect|done/);
    expect((await teacher.get(`/api/submissions/${id}`)).json().data.status).toBe('draft');
  });

  it('submits for a teammate too: a round is kept, submitted recorded, assessors told', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w, { maxTeamSize: 2 });
    const teacher = await signedIn(t, w.teacher.id);
    const teammate = await signedIn(t, w.teammate.id);
    const { id } = await start(teacher, credential.id, [w.teammate.id]);
    await save(teammate, id, [{ promptId: 'reflect', text: 'Our reflection.' }]);
    expect((await (await signedIn(t, w.colleague.id)).post(`/api/submissions/${id}/submit`)).statusCode).toBe(
      404,
    );
    const response = await teammate.post(`/api/submissions/${id}/submit`);
    expect(response.statusCode).toBe(200);
    const data = response.json().data;
    expect(data).toMatchObject({
      status: 'submitted',
      round: 1,
      abilities: { editEvidence: false, submit: false },
    });
    expect(data.submittedAt).not.toBeNull();
    expect(data.rounds).toEqual([
      expect.objectContaining({
        round: 1,
        evidence: [{ promptId: 'reflect', text: 'Our reflection.', private: true }],
        reviews: [],
      }),
    ]);
    const submitted = await statementsOf(t, 'submitted', credential.id);
    expect(submitted.map((s) => s.actor_id)).toEqual([w.teammate.id]);
    const told = await notificationsOf(t, 'credential_submitted', id);
    expect(told.map((n) => n.user_id).sort()).toEqual([w.assessor.id, w.second.id, w.lead.id].sort());
    expect(told[0].data.credentialTitle).toBe(credential.title);
    expect((await teacher.post(`/api/submissions/${id}/submit`)).statusCode).toBe(409);
  });

  it('lets only the owner withdraw, and never an earned submission', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w, { maxTeamSize: 2 });
    const teacher = await signedIn(t, w.teacher.id);
    const { id } = await start(teacher, credential.id, [w.teammate.id]);
    expect(
      (await (await signedIn(t, w.teammate.id)).post(`/api/submissions/${id}/withdraw`)).statusCode,
    ).toBe(403);
    const withdrawn = await teacher.post(`/api/submissions/${id}/withdraw`);
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().data.status).toBe('withdrawn');
    // Withdrawn is no longer active: a new one may start.
    await start(teacher, credential.id);
    await db().execute(sql`update submissions set status = 'earned' where id = ${id}`);
    expect((await teacher.post(`/api/submissions/${id}/withdraw`)).statusCode).toBe(409);
  });
});
