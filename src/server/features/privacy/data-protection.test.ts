import path from 'node:path';
import { sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { writeDistrictArchive } from '#server/platform/data-archive.ts';
import { readOutbox } from '#server/platform/mail.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { buildCommunity, buildReply, buildThread } from '#server/test/community-builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';
import { failDataExport } from './export-job.ts';
import { decideErasureRequest, markExportReady } from './queries.ts';
import { allTables } from './registry.ts';

const t = setupTestApp();
const db = () => t.database.db;
const outbox = () => readOutbox(path.join(t.config.dataDir, 'outbox'), 1000);
const mailsTo = async (email: string) => (await outbox()).filter((m) => m.to.includes(email));

/** Stores a file and its row, owned by a person. */
async function storeFile(key: string, ownerId: string, content: string) {
  await t.app.storage.put(key, Buffer.from(content));
  await db().execute(sql`
    insert into files (key, owner_id, content_type, byte_size)
    values (${key}, ${ownerId}, 'text/plain', ${Buffer.byteLength(content)})`);
}

/** A resource with one file in its first version. */
async function resourceWithFile(args: {
  ownerId: string;
  districtId: string;
  audience: 'district' | 'private';
  content: string;
}) {
  const resource = await buildResource(db(), {
    ownerId: args.ownerId,
    districtId: args.districtId,
    audience: args.audience,
  });
  const key = `resources/${resource.id}/plan.txt`;
  await storeFile(key, args.ownerId, args.content);
  const { rows } = await db().execute<{ id: string }>(sql`
    insert into resource_files (id, uploader_id, file_key, filename, content_type, byte_size)
    values (gen_random_uuid(), ${args.ownerId}, ${key}, 'plan.txt', 'text/plain', ${args.content.length})
    returning id`);
  await db().execute(sql`
    insert into resource_version_files (resource_id, version, file_id) values (${resource.id}, 1, ${rows[0].id})`);
  return { ...resource, key };
}

/** A district with an administrator and two teachers who talk, files of both kinds, and another district. */
async function buildWorld() {
  const district = await buildDistrict(db());
  const admin = await buildUser(db(), { districtId: district.id, role: 'district_admin' });
  const ana = await buildUser(db(), { districtId: district.id, name: `Ana Quill ${district.id.slice(-6)}` });
  const ben = await buildUser(db(), { districtId: district.id, name: `Ben, "Orr" ${district.id.slice(-6)}` });
  const { id: community } = await buildCommunity(db(), {
    districtId: district.id,
    createdBy: ben.id,
    joinPolicy: 'open',
    members: [
      { userId: ben.id, role: 'facilitator' },
      { userId: ana.id, role: 'member' },
    ],
  });
  const thread = await buildThread(db(), { communityId: community, authorId: ben.id, title: 'Exit tickets' });
  const reply = await buildReply(db(), {
    threadId: thread.threadId,
    communityId: community,
    authorId: ana.id,
    body: '=SUM(A1) and a line\nbreak, with "quotes"',
  });
  const shared = await resourceWithFile({
    ownerId: ana.id,
    districtId: district.id,
    audience: 'district',
    content: 'the shared lesson plan',
  });
  const hidden = await resourceWithFile({
    ownerId: ben.id,
    districtId: district.id,
    audience: 'private',
    content: 'a private draft plan',
  });
  const photo = `photos/${ana.id}.txt`;
  await storeFile(photo, ana.id, 'a photo of Ana');
  await db().execute(sql`update profiles set photo_key = ${photo} where user_id = ${ana.id}`);

  const other = await buildDistrict(db());
  const stranger = await buildUser(db(), {
    districtId: other.id,
    name: `Sam Stranger ${other.id.slice(-6)}`,
  });
  const otherAdmin = await buildUser(db(), { districtId: other.id, role: 'district_admin' });
  const strangerFile = await resourceWithFile({
    ownerId: stranger.id,
    districtId: other.id,
    audience: 'district',
    content: 'another district’s plan',
  });
  return {
    district,
    admin,
    ana,
    ben,
    community,
    reply,
    shared,
    hidden,
    photo,
    other,
    stranger,
    otherAdmin,
    strangerFile,
  };
}

/** Every value of every column classed secret, across the whole database, long enough to find. */
async function secretValues(): Promise<string[]> {
  const values: string[] = [];
  for (const table of await allTables()) {
    const columns =
      table.class === 'secret'
        ? (
            await db().execute<{ column_name: string }>(sql`
              select column_name from information_schema.columns
               where table_schema = current_schema() and table_name = ${table.name}`)
          ).rows.map((r) => r.column_name)
        : Object.entries(table.columns ?? {})
            .filter(([, cls]) => cls === 'secret')
            .map(([column]) => column);
    for (const column of columns) {
      const { rows } = await db().execute<{ v: string }>(
        sql`select ${sql.identifier(column)}::text as v from ${sql.identifier(table.name)} where ${sql.identifier(column)} is not null`,
      );
      for (const row of rows) if (row.v.length >= 12 && !/^\d+$/.test(row.v)) values.push(row.v);
    }
  }
  return values;
}

/** Starts an export as the agent, works the queue, and returns the export as the agent then reads it. */
async function runExport(as: Awaited<ReturnType<typeof signedIn>>, url: string) {
  const started = await as.post(url);
  expect(started.statusCode).toBe(202);
  const id = started.json().data.id as string;
  expect(started.json().data).toMatchObject({ status: 'queued', stepsDone: 0, downloadUrl: null });
  await t.app.jobs.drain({ names: ['privacy.export'] });
  const done = await as.get(`/api/data-exports/${id}`);
  expect(done.statusCode).toBe(200);
  return done.json().data as {
    id: string;
    status: string;
    stepsDone: number;
    stepsTotal: number;
    rows: number;
    files: number;
    downloadUrl: string | null;
  };
}

const csvLines = (text: string) => text.trimEnd().split('\r\n');

describe('a district’s export, made in the background', () => {
  it('holds each table as CSV and JSON with the files its rows name, no secret and nothing of another district', async () => {
    const world = await buildWorld();
    const admin = await signedIn(t, world.admin.id);
    // Secrets of this district that must never leave: an API client's hash, an invitation's token hash.
    await db().execute(sql`
      insert into api_clients (id, district_id, name, key, scopes, secret_hash, created_by)
      values (gen_random_uuid(), ${world.district.id}, 'SIS', 'key-known-to-the-test',
              array['directory:read'], 'secret-hash-that-must-never-leave-0001', ${world.admin.id})`);
    // A single sign-on provider's client secret and a roster source's, both sealed at rest.
    await db().execute(sql`
      insert into sign_on_providers (id, district_id, kind, name, issuer, client_id, client_secret_encrypted)
      values (gen_random_uuid(), ${world.district.id}, 'google', 'Google Workspace', 'https://accounts.google.com',
              'client-id-1', 'sso-client-secret-sealed-that-must-never-leave')`);
    await db().execute(sql`
      insert into roster_sources (id, district_id, base_url, token_url, client_id, client_secret_encrypted,
                                  grace_days, confirm_share_percent, connected_by)
      values (gen_random_uuid(), ${world.district.id}, 'https://sis.example.org/ims/oneroster/v1p2',
              'https://sis.example.org/token', 'roster-client', 'roster-secret-sealed-that-must-never-leave',
              14, 5, ${world.admin.id})`);
    await signedIn(t, world.ana.id);

    const ready = await runExport(admin, '/api/district/data-exports');
    expect(ready.status).toBe('ready');
    expect(ready.stepsDone).toBe(ready.stepsTotal);
    expect(ready.downloadUrl).toBe(`/api/data-exports/${ready.id}/file`);

    const response = await admin.get(ready.downloadUrl!);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toMatch(
      /attachment; filename="trellis-district-data-.*\.zip"/,
    );
    const zip = unzipSync(new Uint8Array(response.rawPayload));
    const entries = Object.keys(zip);
    expect(entries).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'csv/users.csv',
        'json/users.json',
        'csv/posts.csv',
        'json/posts.json',
        `files/${world.shared.key}`,
        `files/${world.photo}`,
      ]),
    );
    // What is private to people, secret, or a private resource's, stays out.
    // The providers and the roster source are the district's, without their secrets.
    expect(strFromU8(zip['csv/sign_on_providers.csv'])).toContain('Google Workspace');
    expect(strFromU8(zip['csv/roster_sources.csv'])).toContain('roster-client');
    expect(entries).not.toContain('csv/sessions.csv');
    expect(entries).not.toContain('json/notifications.json');
    expect(entries).not.toContain(`files/${world.hidden.key}`);
    expect(entries).not.toContain(`files/${world.strangerFile.key}`);
    expect(strFromU8(zip[`files/${world.shared.key}`])).toBe('the shared lesson plan');

    const users = JSON.parse(strFromU8(zip['json/users.json'])) as Record<string, unknown>[];
    expect(users.map((u) => u.id)).toEqual(
      expect.arrayContaining([world.ana.id, world.ben.id, world.admin.id]),
    );
    expect(users.map((u) => u.id)).not.toContain(world.stranger.id);
    expect(Object.keys(users[0])).not.toContain('password_hash');

    // CSV: a header row, one line a row, quotes doubled, formulas kept as text.
    const userLines = csvLines(strFromU8(zip['csv/users.csv']));
    expect(userLines[0].split(',')).toEqual(expect.arrayContaining(['id', 'email', 'name', 'district_id']));
    expect(userLines[0]).not.toContain('password_hash');
    expect(userLines).toHaveLength(users.length + 1);
    expect(strFromU8(zip['csv/users.csv'])).toContain(`"Ben, ""Orr"" ${world.district.id.slice(-6)}"`);
    expect(strFromU8(zip['csv/posts.csv'])).toContain(`"'=SUM(A1) and a line\nbreak, with ""quotes"""`);
    const posts = JSON.parse(strFromU8(zip['json/posts.json'])) as { id: string; body_md: string }[];
    expect(posts.find((p) => p.id === world.reply.postId)?.body_md).toBe(
      '=SUM(A1) and a line\nbreak, with "quotes"',
    );

    const manifest = JSON.parse(strFromU8(zip['manifest.json']));
    expect(manifest.tablesLeftOut.map((x: { name: string }) => x.name)).toEqual(
      expect.arrayContaining(['sessions', 'notifications', 'person_settings', 'password_resets']),
    );
    expect(manifest.tables.find((x: { table: string }) => x.table === 'posts').rows).toBe(2);
    expect(manifest.tables.find((x: { table: string }) => x.table === 'users').columnsLeftOut).toContain(
      'password_hash',
    );

    // No secret value anywhere in the archive: every secret column of the database, scanned for.
    const everything = Object.values(zip)
      .map((bytes) => strFromU8(bytes))
      .join('\n');
    const secrets = await secretValues();
    expect(secrets).toEqual(
      expect.arrayContaining([
        'secret-hash-that-must-never-leave-0001',
        'sso-client-secret-sealed-that-must-never-leave',
        'roster-secret-sealed-that-must-never-leave',
      ]),
    );
    for (const secret of secrets)
      expect(everything.includes(secret), 'a secret value was exported').toBe(false);
    // Nor anything naming the other district's person.
    expect(everything).not.toContain(world.stranger.id);
    expect(everything).not.toContain(world.stranger.name);
  });

  it('reports its progress step by step while it runs', async () => {
    const world = await buildWorld();
    const tables = await allTables();
    const seen: { done: number; total: number; step: string }[] = [];
    await writeDistrictArchive({
      pool: t.database.pool,
      storage: t.app.storage,
      tables,
      districtId: world.district.id,
      key: `exports/district/progress-${world.district.id}.zip`,
      onProgress: async (p) => {
        seen.push({ done: p.done, total: p.total, step: p.step });
      },
    });
    const total = seen[0].total;
    expect(seen.map((p) => p.done)).toEqual([...Array(total + 1).keys()]);
    expect(seen.map((p) => p.step)).toContain('Reading users');
    expect(seen.at(-2)?.step).toBe('Adding files');
    expect(seen.at(-1)).toEqual({ done: total, total, step: 'Done' });

    // What an administrator polls while it runs: the steps done so far, saved by the job.
    const admin = await signedIn(t, world.admin.id);
    const started = (await admin.post('/api/district/data-exports')).json().data;
    expect((await admin.post('/api/district/data-exports')).statusCode).toBe(409);
    const { rows } = await db().execute<{ status: string }>(
      sql`select status from data_exports where id = ${started.id}`,
    );
    expect(rows[0].status).toBe('queued');
    await t.app.jobs.drain({ names: ['privacy.export'] });
    const list = (await admin.get('/api/district/data-exports')).json().data;
    expect(list[0]).toMatchObject({ id: started.id, status: 'ready', requestedBy: world.admin.name });
    expect(list[0].stepsDone).toBe(list[0].stepsTotal);
    expect(list[0].rows).toBeGreaterThan(0);
  });

  it('leaves no partial archive in storage when writing it fails, at any stage', async () => {
    const world = await buildWorld();
    const tables = await allTables();
    for (const failAt of ['Reading users', 'Adding files', 'Done']) {
      const key = `exports/district/failing-${failAt.length}-${world.district.id}.zip`;
      await expect(
        writeDistrictArchive({
          pool: t.database.pool,
          storage: t.app.storage,
          tables,
          districtId: world.district.id,
          key,
          onProgress: async (p) => {
            if (p.step === failAt) throw new Error('the disk is full');
          },
        }),
      ).rejects.toThrow('the disk is full');
      expect(await t.app.storage.get(key)).toBeNull();
    }

    // An export that failed (or stopped while its archive was written) keeps no file either.
    const admin = await signedIn(t, world.admin.id);
    const started = (await admin.post('/api/district/data-exports')).json().data;
    const key = `exports/district/${started.id}.zip`;
    await t.app.storage.put(key, Buffer.from('half an archive'));
    await failDataExport(t.app, started.id);
    expect(await t.app.storage.get(key)).toBeNull();
    expect(
      await markExportReady(db(), { id: started.id, key, bytes: 1, rows: 1, files: 0, keepDays: 7 }),
    ).toBe(false);
    const { rows } = await db().execute<{ status: string; file_key: string | null }>(
      sql`select status, file_key from data_exports where id = ${started.id}`,
    );
    expect(rows[0]).toEqual({ status: 'failed', file_key: null });
  });

  it('leaves an anonymous table’s rows unlinkable: no ids, no times, no order', async () => {
    const district = await buildDistrict(db());
    await db().execute(sql`
      create table if not exists survey_answers_fixture (
        id uuid primary key default gen_random_uuid(), district_id uuid not null, answer text not null,
        created_at timestamptz not null default now())`);
    await db().execute(sql`
      insert into survey_answers_fixture (district_id, answer)
      select ${district.id}, 'answer ' || i from generate_series(1, 40) i`);
    const key = `exports/district/anonymous-${district.id}.zip`;
    await writeDistrictArchive({
      pool: t.database.pool,
      storage: t.app.storage,
      tables: [{ name: 'survey_answers_fixture', class: 'anonymous', district: 'district_id = $1' }],
      districtId: district.id,
      key,
      onProgress: async () => {},
    });
    const stored = await t.app.storage.get(key);
    const chunks: Buffer[] = [];
    for await (const chunk of stored!.stream) chunks.push(chunk as Buffer);
    const zip = unzipSync(new Uint8Array(Buffer.concat(chunks)));
    const rows = JSON.parse(strFromU8(zip['json/survey_answers_fixture.json'])) as Record<string, unknown>[];
    expect(rows).toHaveLength(40);
    expect(Object.keys(rows[0]).sort()).toEqual(['answer', 'district_id']);
    expect(csvLines(strFromU8(zip['csv/survey_answers_fixture.csv']))[0]).toBe('district_id,answer');
    // In random order: 40 answers in the order written would be a 1 in 40! chance.
    expect(rows.map((r) => r.answer)).not.toEqual(Array.from({ length: 40 }, (_, i) => `answer ${i + 1}`));
  });

  it('is started and downloaded by the district’s administrators only, audited, until it expires', async () => {
    const world = await buildWorld();
    const admin = await signedIn(t, world.admin.id);
    const teacher = await signedIn(t, world.ana.id);
    expect((await agent(t).post('/api/district/data-exports')).statusCode).toBe(401);
    expect((await teacher.post('/api/district/data-exports')).statusCode).toBe(403);
    expect((await teacher.get('/api/district/data-exports')).statusCode).toBe(403);

    const ready = await runExport(admin, '/api/district/data-exports');
    // A teacher of the district and another district's administrator find no such export.
    const otherAdmin = await signedIn(t, world.otherAdmin.id);
    for (const as of [teacher, otherAdmin]) {
      expect((await as.get(`/api/data-exports/${ready.id}`)).statusCode).toBe(404);
      expect((await as.get(`/api/data-exports/${ready.id}/file`)).statusCode).toBe(404);
    }
    expect((await otherAdmin.get('/api/district/data-exports')).json().data).toEqual([]);

    expect((await admin.get(ready.downloadUrl!)).statusCode).toBe(200);
    const { rows: audit } = await db().execute<{ action: string; actor_id: string }>(sql`
      select action, actor_id from audit_events
       where district_id = ${world.district.id}
         and action in ('district.data_export_started', 'district.data_exported')
       order by at`);
    expect(audit).toEqual([
      { action: 'district.data_export_started', actor_id: world.admin.id },
      { action: 'district.data_exported', actor_id: world.admin.id },
    ]);

    // Past its time the link answers 404, and the hourly run deletes the file.
    await db().execute(
      sql`update data_exports set expires_at = now() - interval '1 minute' where id = ${ready.id}`,
    );
    const expired = await admin.get(ready.downloadUrl!);
    expect(expired.statusCode).toBe(404);
    expect(expired.json().detail).toMatch(/expired/);
    const { rows: before } = await db().execute<{ file_key: string }>(
      sql`select file_key from data_exports where id = ${ready.id}`,
    );
    const expireJob = t.app.jobs.definitions.get('privacy.expire-exports');
    await expireJob?.work(
      {
        id: 'test',
        name: 'privacy.expire-exports',
        data: { districtId: null },
        attempt: 1,
        lastAttempt: true,
      },
      t.app,
    );
    expect(await t.app.storage.get(before[0].file_key)).toBeNull();
    expect((await admin.get(`/api/data-exports/${ready.id}`)).json().data.status).toBe('expired');
  });
});

describe('a person’s own archive', () => {
  it('holds their data as JSON and CSV with their files, and is theirs alone', async () => {
    const world = await buildWorld();
    const ana = await signedIn(t, world.ana.id);
    const ready = await runExport(ana, '/api/me/data-exports');
    expect(ready.status).toBe('ready');
    const response = await ana.get(ready.downloadUrl!);
    expect(response.statusCode).toBe(200);
    const zip = unzipSync(new Uint8Array(response.rawPayload));
    expect(Object.keys(zip)).toEqual(
      expect.arrayContaining([
        'trellis-data.json',
        'csv/users.csv',
        'json/posts.json',
        `files/${world.photo}`,
        `files/${world.shared.key}`,
      ]),
    );
    expect(Object.keys(zip)).not.toContain(`files/${world.hidden.key}`);
    const data = JSON.parse(strFromU8(zip['trellis-data.json']));
    expect(data.tables.users.rows).toEqual([expect.objectContaining({ id: world.ana.id })]);
    const everything = Object.values(zip)
      .map((bytes) => strFromU8(bytes))
      .join('\n');
    expect(everything).not.toContain('password_hash');
    expect(everything).not.toContain(world.ben.email);

    // The administrator of her district may not read it.
    const admin = await signedIn(t, world.admin.id);
    expect((await admin.get(ready.downloadUrl!)).statusCode).toBe(404);
    expect((await admin.get('/api/district/data-exports')).json().data).toEqual([]);
    expect((await ana.get('/api/me/data-exports')).json().data.map((e: { id: string }) => e.id)).toEqual([
      ready.id,
    ]);
  });
});

describe('asking to be erased', () => {
  it('waits for an administrator where the district requires it; declined, the person is told why', async () => {
    const world = await buildWorld();
    const ana = await signedIn(t, world.ana.id);
    const admin = await signedIn(t, world.admin.id);
    expect((await ana.get('/api/me/erasure-request')).json().data).toEqual({
      request: null,
      needsApproval: true,
    });

    const wrong = await ana.post('/api/me/erasure-request', { confirm: 'ana' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe('/body/confirm');
    expect(
      (await db().execute(sql`select 1 from erasure_requests where user_id = ${world.ana.id}`)).rows,
    ).toEqual([]);

    const asked = await ana.post('/api/me/erasure-request', {
      confirm: world.ana.email,
      note: 'I am leaving.',
    });
    expect(asked.statusCode).toBe(200);
    expect(asked.json().data).toMatchObject({ status: 'pending', note: 'I am leaving.' });
    expect((await ana.post('/api/me/erasure-request', { confirm: world.ana.email })).statusCode).toBe(409);

    expect((await mailsTo(world.admin.email)).map((m) => m.subject)).toContain(
      'A request to be erased waits for your decision',
    );
    const listed = (await admin.get('/api/district/erasure-requests')).json().data;
    expect(listed).toEqual([
      expect.objectContaining({
        id: asked.json().data.id,
        status: 'pending',
        person: expect.objectContaining({ id: world.ana.id }),
      }),
    ]);
    // Another district's administrator and a teacher cannot decide it.
    const otherAdmin = await signedIn(t, world.otherAdmin.id);
    const url = `/api/district/erasure-requests/${asked.json().data.id}/decision`;
    expect((await otherAdmin.post(url, { decision: 'approve' })).statusCode).toBe(404);
    expect((await (await signedIn(t, world.ben.id)).post(url, { decision: 'approve' })).statusCode).toBe(403);
    expect((await admin.post(url, { decision: 'maybe' })).statusCode).toBe(400);

    const declined = await admin.post(url, { decision: 'decline', note: 'Records must be kept until June.' });
    expect(declined.statusCode).toBe(200);
    expect(declined.json().data.status).toBe('declined');
    expect((await admin.post(url, { decision: 'approve' })).statusCode).toBe(409);
    const mine = (await ana.get('/api/me/erasure-request')).json().data.request;
    expect(mine).toMatchObject({ status: 'declined', decisionNote: 'Records must be kept until June.' });
    const mail = await mailsTo(world.ana.email);
    expect(mail.map((m) => m.subject)).toContain('Your request to erase your Trellis account was declined');
    expect(mail.find((m) => m.subject.includes('declined'))?.text).toContain(
      'Records must be kept until June.',
    );
    expect((await db().execute(sql`select 1 from users where id = ${world.ana.id}`)).rows).toHaveLength(1);
  });

  it('erases the person once approved, through the same hooks, audited, and tells them', async () => {
    const world = await buildWorld();
    const ana = await signedIn(t, world.ana.id);
    const admin = await signedIn(t, world.admin.id);
    const asked = (await ana.post('/api/me/erasure-request', { confirm: world.ana.email })).json().data;
    const approved = await admin.post(`/api/district/erasure-requests/${asked.id}/decision`, {
      decision: 'approve',
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().data).toMatchObject({ status: 'completed', person: null });

    // Nothing names her; her reply stays as a Former member's; her photo is gone from storage.
    expect((await db().execute(sql`select 1 from users where id = ${world.ana.id}`)).rows).toEqual([]);
    expect((await db().execute(sql`select 1 from sessions where user_id = ${world.ana.id}`)).rows).toEqual(
      [],
    );
    const { rows: reply } = await db().execute<{ name: string }>(sql`
      select u.name from posts p join users u on u.id = p.author_id where p.id = ${world.reply.postId}`);
    expect(reply).toEqual([{ name: 'Former member' }]);
    expect(await t.app.storage.get(world.photo)).toBeNull();
    expect((await ana.get('/api/me/erasure-request')).statusCode).toBe(401);
    const { rows: request } = await db().execute<{ user_id: string; status: string; decided_by: string }>(
      sql`select user_id, status, decided_by from erasure_requests where id = ${asked.id}`,
    );
    expect(request[0]).toMatchObject({ status: 'completed', decided_by: world.admin.id });
    expect(request[0].user_id).not.toBe(world.ana.id);
    const { rows: audit } = await db().execute<{
      action: string;
      actor_id: string;
      details: { approval: string };
    }>(sql`
      select action, actor_id, details from audit_events
       where district_id = ${world.district.id} and action in ('user.erasure_requested', 'user.erased')
       order by at`);
    expect(audit.map((a) => a.action)).toEqual(['user.erasure_requested', 'user.erased']);
    expect(audit[1]).toMatchObject({ actor_id: world.admin.id, details: { approval: 'approved' } });
    expect((await mailsTo(world.ana.email)).map((m) => m.subject)).toContain(
      'Your Trellis account was erased',
    );
  });

  it('proceeds at once where the district requires no approval, and never erases the last administrator', async () => {
    const world = await buildWorld();
    const admin = await signedIn(t, world.admin.id);
    const ben = await signedIn(t, world.ben.id);
    expect(
      (await ben.put('/api/district/privacy-settings', { erasureNeedsApproval: false })).statusCode,
    ).toBe(403);
    const bad = await admin.put('/api/district/privacy-settings', { erasureNeedsApproval: 'no' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/body/erasureNeedsApproval');
    const set = await admin.put('/api/district/privacy-settings', { erasureNeedsApproval: false });
    expect(set.json().data).toEqual({ erasureNeedsApproval: false });

    const done = await ben.post('/api/me/erasure-request', { confirm: world.ben.email.toUpperCase() });
    expect(done.statusCode).toBe(200);
    expect(done.json().data.status).toBe('completed');
    expect((await db().execute(sql`select 1 from users where id = ${world.ben.id}`)).rows).toEqual([]);
    expect((await ben.get('/api/me/erasure-request')).statusCode).toBe(401);
    expect((await mailsTo(world.ben.email)).map((m) => m.subject)).toContain(
      'Your Trellis account was erased',
    );
    // Ana's data is untouched.
    expect((await db().execute(sql`select 1 from users where id = ${world.ana.id}`)).rows).toHaveLength(1);

    const last = await admin.post('/api/me/erasure-request', { confirm: world.admin.email });
    expect(last.statusCode).toBe(409);
    expect((await db().execute(sql`select 1 from users where id = ${world.admin.id}`)).rows).toHaveLength(1);
  });

  it('can be withdrawn while it waits', async () => {
    const world = await buildWorld();
    const ana = await signedIn(t, world.ana.id);
    await ana.post('/api/me/erasure-request', { confirm: world.ana.email });
    const withdrawn = await ana.delete('/api/me/erasure-request');
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().data.status).toBe('withdrawn');
    expect((await ana.delete('/api/me/erasure-request')).statusCode).toBe(404);
  });

  it('is never decided twice: a withdrawal or decision after another changes nothing', async () => {
    const world = await buildWorld();
    const ana = await signedIn(t, world.ana.id);
    const asked = (await ana.post('/api/me/erasure-request', { confirm: world.ana.email })).json().data;
    const decline = {
      id: asked.id,
      status: 'declined' as const,
      decidedBy: world.admin.id,
      decisionNote: 'No.',
    };
    expect(await decideErasureRequest(db(), decline)).toBe(true);
    // A withdrawal (or a second decision) that read the request while it waited finds it decided.
    expect(
      await decideErasureRequest(db(), {
        id: asked.id,
        status: 'withdrawn',
        decidedBy: null,
        decisionNote: null,
      }),
    ).toBe(false);
    const { rows } = await db().execute<{ status: string; decided_by: string | null }>(
      sql`select status, decided_by from erasure_requests where id = ${asked.id}`,
    );
    expect(rows[0]).toEqual({ status: 'declined', decided_by: world.admin.id });
  });

  it('is never decided by the administrator who asked', async () => {
    const world = await buildWorld();
    await buildUser(db(), { districtId: world.district.id, role: 'district_admin', name: 'Second Admin' });
    const admin = await signedIn(t, world.admin.id);
    const asked = await admin.post('/api/me/erasure-request', { confirm: world.admin.email });
    expect(asked.statusCode).toBe(200);
    expect(asked.json().data.status).toBe('pending');
    const url = `/api/district/erasure-requests/${asked.json().data.id}/decision`;
    expect((await admin.post(url, { decision: 'approve' })).statusCode).toBe(403);
    expect((await admin.post(url, { decision: 'decline' })).statusCode).toBe(403);
    const { rows } = await db().execute<{ status: string }>(
      sql`select status from erasure_requests where id = ${asked.json().data.id}`,
    );
    expect(rows[0].status).toBe('pending');
  });
});

describe('the data-protection page', () => {
  it('states per data class what is kept, how long and what is exported, from the declarations', async () => {
    const world = await buildWorld();
    const admin = await signedIn(t, world.admin.id);
    await admin.put('/api/district/retention', { settings: [{ kind: 'activity', days: 400 }] });
    const ana = await signedIn(t, world.ana.id);
    expect((await agent(t).get('/api/data-protection')).statusCode).toBe(401);
    const page = (await ana.get('/api/data-protection')).json().data;
    expect(page.source.subprocessors).toBe('None.');
    expect(page.html.subprocessors).toBe('<p>None.</p>');
    expect(page.abilities).toEqual({ edit: false });
    const district = page.classes.find((c: { class: string }) => c.class === 'district');
    expect(district.records).toEqual(expect.arrayContaining(['users', 'statements']));
    expect(district.retention.join(' ')).toContain('deleted after 400 days');
    const secret = page.classes.find((c: { class: string }) => c.class === 'secret');
    expect(secret.exported).toMatch(/Never exported/);
    expect(page.secrets).toEqual(expect.arrayContaining(['users: password hash', 'sessions: token hash']));
  });

  it('is written by the operator alone, and hostile markup never survives', async () => {
    const world = await buildWorld();
    const operator = await buildUser(db(), { districtId: world.district.id, role: 'platform_admin' });
    const as = await signedIn(t, operator.id);
    const body = {
      hosting: 'EU-West, Frankfurt <script>alert(1)</script><img src=x onerror="alert(2)">',
      subprocessors: '[Mail](javascript:alert(3)) — none else',
      contact: 'privacy@example.org',
      notes: '<iframe src="https://evil.example"></iframe>**Backups** are kept 30 days.',
    };
    expect((await (await signedIn(t, world.admin.id)).put('/api/data-protection', body)).statusCode).toBe(
      403,
    );
    const empty = await as.put('/api/data-protection', { ...body, hosting: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe('/body/hosting');

    const saved = await as.put('/api/data-protection', body);
    expect(saved.statusCode).toBe(200);
    const read = (await (await signedIn(t, world.ana.id)).get('/api/data-protection')).json().data;
    expect(read.source.hosting).toBe(body.hosting);
    const html = Object.values(read.html as Record<string, string>).join('\n');
    // Whatever was typed shows as words: no element, handler or script address gets through.
    expect(html).not.toMatch(/<(script|img|iframe)/i);
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('&lt;script&gt;');
    expect(read.html.notes).toContain('<strong>Backups</strong>');
    const { rows } = await db().execute(
      sql`select 1 from audit_events where action = 'platform.data_protection_changed' and actor_id = ${operator.id}`,
    );
    expect(rows).toHaveLength(1);
  });
});
