import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { type Agent, agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { multipart } from '#server/test/multipart.ts';
import { buildCast, count, startThread } from './test-support.ts';

const t = setupTestApp({ ATTACHMENT_MAX_BYTES: String(6 * 1024 * 1024) });
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';

function upload(as: Agent, filename: string, type: string, data: Buffer, field = 'file') {
  return as.request({ method: 'POST', url: '/api/attachments', ...multipart(field, filename, type, data) });
}

const png = () =>
  sharp({ create: { width: 4, height: 4, channels: 3, background: '#3a7' } })
    .png()
    .toBuffer();

describe('uploading', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const response = await upload(agent(t), 'a.png', 'image/png', await png());
    expect(response.statusCode).toBe(401);
  });

  it('accepts images by content and plain UTF-8 text, and names the file field otherwise', async () => {
    const db = t.database.db;
    const { member } = await buildCast(db);
    const as = await signedIn(t, member.id);
    const image = await upload(as, '../../photo.png', 'application/octet-stream', await png());
    expect(image.statusCode).toBe(201);
    expect(image.json().data).toMatchObject({ filename: 'photo.png', contentType: 'image/png' });
    const text = await upload(as, 'notes.txt', 'text/plain', Buffer.from('Exit ticket ideas ✓'));
    expect(text.statusCode).toBe(201);
    expect(text.json().data.contentType).toBe('text/plain; charset=utf-8');
    const before = await count(db, 'files');
    for (const [name, type, data] of [
      ['page.html', 'text/html', Buffer.from('<script>alert(1)</script>')],
      ['fake.png', 'image/png', Buffer.from('<svg onload=alert(1)>')],
      ['bin.txt', 'text/plain', Buffer.from([0x41, 0x00, 0x42])],
      ['bad.txt', 'text/plain', Buffer.from([0xff, 0xfe, 0xfd])],
      ['empty.txt', 'text/plain', Buffer.alloc(0)],
    ] as const) {
      const response = await upload(as, name, type, data);
      expect(response.statusCode, name).toBe(400);
      expect(response.json().errors[0].path).toBe('/body/file');
    }
    const wrongField = await upload(as, 'a.png', 'image/png', await png(), 'photo');
    expect(wrongField.statusCode).toBe(400);
    const tooBig = await upload(as, 'big.txt', 'text/plain', Buffer.alloc(6 * 1024 * 1024 + 10, 0x61));
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().errors[0].path).toBe('/body/file');
    expect(await count(db, 'files')).toBe(before);
  });
});

describe('reading', () => {
  it('serves an unused upload to its uploader only, then to readers of the post, inert', async () => {
    const db = t.database.db;
    const { member, facilitator, colleague, stranger, community } = await buildCast(db);
    const as = await signedIn(t, member.id);
    const lead = await signedIn(t, facilitator.id);
    const file = (await upload(as, 'chart.png', 'image/png', await png())).json().data;
    const doc = (await upload(as, 'notes.txt', 'text/plain', Buffer.from('hello'))).json().data;
    expect((await agent(t).get(file.url)).statusCode).toBe(401);
    expect((await as.get(file.url)).statusCode).toBe(200);
    expect((await lead.get(file.url)).statusCode).toBe(404);

    // Someone else's upload cannot be attached.
    const stolen = await lead.post(`/api/communities/${community.id}/threads`, {
      type: 'practice',
      title: 'Mine now',
      body: 'x',
      attachmentIds: [file.id],
    });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().errors[0].path).toBe('/body/attachmentIds');

    const { threadId } = await startThread(as, community.id, {
      body: `See ![chart](${file.url})`,
      attachmentIds: [file.id, doc.id],
    });
    const page = (await lead.get(`/api/threads/${threadId}`)).json().data;
    expect(page.opening.attachments.map((a: { id: string }) => a.id).sort()).toEqual(
      [file.id, doc.id].sort(),
    );
    expect(page.opening.bodyHtml).toContain(`<img src="${file.url}" alt="chart" />`);

    const image = await lead.get(file.url);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    expect(image.headers['content-security-policy']).toContain('sandbox');
    expect(image.headers['content-disposition']).toMatch(/^inline;/);
    const text = await lead.get(doc.url);
    expect(text.headers['content-disposition']).toMatch(/^attachment;/);
    expect(text.body).toBe('hello');

    for (const outsider of [colleague, stranger])
      expect((await (await signedIn(t, outsider.id)).get(file.url)).statusCode).toBe(404);
    expect((await lead.get(`/api/attachments/${MISSING}`)).statusCode).toBe(404);

    // A reply claims its files with it, or, when one of them is not the author's to use, nothing at all.
    const fresh = (await upload(as, 'plan.txt', 'text/plain', Buffer.from('Warm-up plan'))).json().data;
    const other = (await upload(as, 'notes.txt', 'text/plain', Buffer.from('More notes'))).json().data;
    const posts = await count(db, 'posts', sql`thread_id = ${threadId}`);
    const statements = await count(db, 'statements');
    const refused = await as.post(`/api/threads/${threadId}/posts`, {
      body: 'Both files',
      attachmentIds: [fresh.id, file.id],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('/body/attachmentIds');
    expect(await count(db, 'posts', sql`thread_id = ${threadId}`)).toBe(posts);
    expect(await count(db, 'statements')).toBe(statements);
    expect(await count(db, 'post_attachments', sql`id = ${fresh.id} and post_id is null`)).toBe(1);
    const withFiles = await as.post(`/api/threads/${threadId}/posts`, {
      body: 'The plan and the notes',
      attachmentIds: [fresh.id, other.id],
    });
    expect(withFiles.statusCode).toBe(201);
    const attached = withFiles.json().data.attachments.map((a: { filename: string }) => a.filename);
    expect(attached.sort()).toEqual(['notes.txt', 'plan.txt']);
    const shown = (await lead.get(`/api/threads/${threadId}`)).json().data;
    const onPage = shown.replies.find((r: { id: string }) => r.id === withFiles.json().data.id);
    expect(onPage.attachments).toEqual(withFiles.json().data.attachments);

    // Used once, never again.
    const reuse = await as.post(`/api/threads/${threadId}/posts`, {
      body: 'again',
      attachmentIds: [file.id],
    });
    expect(reuse.statusCode).toBe(400);
    expect(await count(db, 'post_attachments', sql`id = ${file.id} and post_id is not null`)).toBe(1);

    // Access is checked on every request: a removed member loses it at once.
    await db.execute(
      sql`update community_members set status = 'removed' where community_id = ${community.id} and user_id = ${facilitator.id}`,
    );
    expect((await lead.get(file.url)).statusCode).toBe(404);
  });
});
