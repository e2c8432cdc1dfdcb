import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { buildApp } from '#server/app.ts';
import { buildEarningWorld, credentialOf, start } from '#server/features/credentials/earning/test-world.ts';
import { buildWorld, png } from '#server/features/resources/test-world.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { serializeError } from './errors.ts';
import { controlCharacterFields } from './text-input.ts';

const t = setupTestApp();

const resource = (extra: Record<string, unknown> = {}) => ({
  kind: 'lesson',
  title: 'Fractions on a number line',
  summary: 'A first lesson.',
  notesMd: 'Start with halves.',
  licence: 'cc-by',
  audience: 'public',
  items: [],
  ...extra,
});

const countResources = async (ownerId: string) =>
  Number(
    (
      await t.database.db.execute<{ n: string }>(
        sql`select count(*) as n from resources where owner_id = ${ownerId}`,
      )
    ).rows[0].n,
  );

const problemPaths = (response: { json(): { errors: Array<{ path: string }> } }) =>
  response.json().errors.map((e) => e.path);

describe('control characters in requests', () => {
  it('refuses a NUL in resource notes with a 400 naming the field, and stores nothing', async () => {
    const w = await buildWorld(t.database.db);
    const as = await signedIn(t, w.owner.id);
    const response = await as.post('/api/resources', resource({ notesMd: 'Start\u0000 with halves.' }));
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(problemPaths(response)).toEqual(['/body/notesMd']);
    expect(await countResources(w.owner.id)).toBe(0);
  });

  it('refuses a NUL in a link URL, naming the item, and stores nothing', async () => {
    const w = await buildWorld(t.database.db);
    const as = await signedIn(t, w.owner.id);
    const response = await as.post(
      '/api/resources',
      resource({
        items: [{ type: 'link', url: 'https://example.org/\u0000brief', title: 'Brief', commentary: '' }],
      }),
    );
    expect(response.statusCode, response.body).toBe(400);
    expect(problemPaths(response)).toEqual(['/body/items/0/url']);
    expect(await countResources(w.owner.id)).toBe(0);
  });

  it('refuses a NUL in evidence text and keeps the saved evidence', async () => {
    const w = await buildEarningWorld(t.database.db);
    const { credential } = await credentialOf(t.database.db, w);
    const teacher = await signedIn(t, w.teacher.id);
    const { id, updatedAt } = await start(teacher, credential.id);
    const response = await teacher.put(`/api/submissions/${id}/evidence`, {
      evidence: [{ promptId: 'reflect', text: 'Private: my class \u0000struggled.' }],
      baseUpdatedAt: updatedAt,
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(problemPaths(response)).toEqual(['/body/evidence/0/text']);
    const after = (await teacher.get(`/api/submissions/${id}`)).json().data;
    expect(after.evidence).toEqual([]);
    expect(after.updatedAt).toBe(updatedAt);
  });

  it('refuses control characters in a query string and a path parameter, naming them as validation does', async () => {
    const lookup = await agent(t).get('/api/invitations/lookup?token=abc%00def');
    expect(lookup.statusCode).toBe(400);
    expect(problemPaths(lookup)).toEqual(['/querystring/token']);
    const w = await buildWorld(t.database.db);
    const as = await signedIn(t, w.owner.id);
    const page = await as.get('/api/resources?cursor=%1Bx');
    expect(page.statusCode).toBe(400);
    expect(problemPaths(page)).toEqual(['/querystring/cursor']);
    const byId = await as.get('/api/resources/%00');
    expect(byId.statusCode).toBe(400);
    expect(problemPaths(byId)).toEqual(['/params/id']);
    // A repeated parameter, and a parameter's name.
    const repeated = await as.get('/api/resources?subject=Science&subject=Ma%00th');
    expect(repeated.statusCode).toBe(400);
    expect(problemPaths(repeated)).toEqual(['/querystring/subject/1']);
    const named = await as.get('/api/resources?q=fine&su%07bject=Science');
    expect(named.statusCode).toBe(400);
    expect(problemPaths(named)).toEqual(['/querystring/su\u0007bject']);
  });

  it('keeps tabs and line breaks, which people do write', async () => {
    const w = await buildWorld(t.database.db);
    const as = await signedIn(t, w.owner.id);
    const response = await as.post('/api/resources', resource({ notesMd: 'Step 1\r\n\tHalves\nStep 2' }));
    expect(response.statusCode, response.body).toBe(201);
  });

  it('refuses control characters in a multipart text field and in an uploaded file name', async () => {
    const w = await buildWorld(t.database.db);
    const as = await signedIn(t, w.owner.id);
    const image = await png();
    const send = (parts: Buffer[], boundary: string) =>
      as.request({
        method: 'POST',
        url: '/api/resource-files',
        payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
    const field = (boundary: string, name: string, value: string) =>
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    const file = (boundary: string, filename: string) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        image,
        Buffer.from('\r\n'),
      ]);
    const withField = await send([field('b1', 'note', 'a\u0000b'), file('b1', 'work.png')], 'b1');
    expect(withField.statusCode, withField.body).toBe(400);
    expect(problemPaths(withField)).toEqual(['/body/note']);
    const badName = await send([file('b2', 'work\u0007.png')], 'b2');
    expect(badName.statusCode, badName.body).toBe(400);
    expect(problemPaths(badName)).toEqual(['/body/file']);
    const fine = await send([file('b3', 'work.png')], 'b3');
    expect(fine.statusCode, fine.body).toBe(201);
  });

  it('names control characters in keys and nested arrays, and passes clean values', () => {
    expect(
      controlCharacterFields({ a: ['ok', 'b\u0001ad'], 'k\u0000': 1, 'x/y': { z: '\u009b' } }, '/body'),
    ).toEqual([
      { path: '/body/k\u0000', message: 'must not have control characters in its name' },
      { path: '/body/a/1', message: 'must not contain control characters' },
      { path: '/body/x~1y/z', message: 'must not contain control characters' },
    ]);
    expect(controlCharacterFields({ a: 'tab\there', b: ['line\r\nbreak'], c: 3, d: null }, '/body')).toEqual(
      [],
    );
    // A deep body is walked without recursion.
    const deep = JSON.parse(`${'['.repeat(20_000)}"\\u0000"${']'.repeat(20_000)}`);
    expect(controlCharacterFields(deep, '/body')).toHaveLength(1);
  });
});

describe('error logs', () => {
  it('never write a failed query’s parameters or the request body to the log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildApp({
      config: t.config,
      db: t.database.db,
      pool: t.database.pool,
      logger: { level: 'info', stream },
    });
    await app.ready();
    const db = t.database.db;
    await db.execute(sql`create function trellis_test_fail() returns trigger language plpgsql as $$
      begin raise exception 'forced failure for the log test'; end $$`);
    await db.execute(sql`create trigger trellis_test_fail before insert on resources
      for each row when (new.title = 'Forced failure') execute function trellis_test_fail()`);
    try {
      const w = await buildWorld(db);
      const as = await signedIn({ ...t, app }, w.owner.id);
      const secret = 'private evidence 7c1f9e';
      const response = await as.post(
        '/api/resources',
        resource({ title: 'Forced failure', notesMd: secret, summary: secret }),
      );
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toContain('forced failure');
      const log = lines.join('');
      const failure = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unhandled error');
      expect(failure?.reqId).toBe(response.headers['x-request-id']);
      // The database's own words are kept for the operator; what the person wrote is not.
      expect(log).toContain('forced failure for the log test');
      expect(log).not.toContain(secret);
      expect(log).not.toContain('params');
      expect(log).not.toContain('Forced failure');
    } finally {
      await db.execute(sql`drop trigger trellis_test_fail on resources`);
      await db.execute(sql`drop function trellis_test_fail()`);
      await app.close();
    }
  });

  it('keep an error’s kind, code and SQL but drop parameters, details and quoted values', () => {
    const pgError = Object.assign(new Error('invalid input syntax for type uuid: "my secret"'), {
      severity: 'ERROR',
      code: '22P02',
      detail: 'Key (email)=(someone@example.org) already exists.',
      where: "unnamed portal parameter $1 = 'my secret'",
    });
    const wrapped = new DrizzleQueryError('select * from users where id = $1', ['my secret'], pgError);
    const logged = serializeError(wrapped);
    const text = JSON.stringify(logged);
    expect(text).not.toContain('my secret');
    expect(text).not.toContain('someone@example.org');
    expect(logged).toMatchObject({
      type: 'DrizzleQueryError',
      message: 'Failed query: select * from users where id = $1',
      cause: { code: '22P02', message: 'invalid input syntax for type uuid: "…"' },
    });
    expect(logged.stack).toMatch(/^Error: Failed query: select \* from users where id = \$1\n\s+at /);
  });
});
