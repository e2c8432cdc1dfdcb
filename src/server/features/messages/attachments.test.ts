import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { applyRetention } from '#server/features/privacy/service.ts';
import { type Agent, agent, setupTestApp } from '#server/test/app.ts';
import { multipart } from '#server/test/multipart.ts';
import { sweepMessageAttachments } from './jobs.ts';
import { buildMessagingWorld } from './test-support.ts';

const t = setupTestApp({ ATTACHMENT_MAX_BYTES: String(2 * 1024 * 1024) });
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';

function upload(as: Agent, filename: string, type: string, data: Buffer, field = 'file') {
  return as.request({
    method: 'POST',
    url: '/api/message-attachments',
    ...multipart(field, filename, type, data),
  });
}

const png = () =>
  sharp({ create: { width: 4, height: 4, channels: 3, background: '#37a' } })
    .png()
    .toBuffer();

async function count(table: 'files' | 'message_attachments') {
  const { rows } = await t.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from ${sql.identifier(table)}`,
  );
  return rows[0].n;
}

describe('files in direct messages', () => {
  it('checks an upload by its content as every upload is, and changes nothing when refused', async () => {
    const w = await buildMessagingWorld(t);
    expect((await upload(agent(t), 'a.png', 'image/png', await png())).statusCode).toBe(401);
    const image = await upload(w.as.ana, '../../plan.png', 'application/octet-stream', await png());
    expect(image.statusCode).toBe(201);
    expect(image.json().data).toMatchObject({ filename: 'plan.png', contentType: 'image/png' });
    const before = [await count('files'), await count('message_attachments')];
    for (const [name, type, data] of [
      ['page.html', 'text/html', Buffer.from('<html><script>alert(1)</script>')],
      ['fake.png', 'image/png', Buffer.from('<svg onload=alert(1)>')],
      ['bin.txt', 'text/plain', Buffer.from([0x41, 0x00, 0x42])],
      ['empty.txt', 'text/plain', Buffer.alloc(0)],
    ] as const) {
      const refused = await upload(w.as.ana, name, type, data);
      expect(refused.statusCode, name).toBe(400);
      expect(refused.json().errors[0].path).toBe('/body/file');
    }
    const tooBig = await upload(w.as.ana, 'big.txt', 'text/plain', Buffer.alloc(2 * 1024 * 1024 + 10, 0x61));
    expect(tooBig.statusCode).toBe(413);
    expect([await count('files'), await count('message_attachments')]).toEqual(before);
  });

  it('serves a file to the conversation’s people only, as an inert download, and never to anyone else', async () => {
    const w = await buildMessagingWorld(t);
    const image = (await upload(w.as.ana, 'seating.png', 'image/png', await png())).json().data;
    const notes = (await upload(w.as.ana, 'notes.txt', 'text/plain', Buffer.from('Exit tickets ✓'))).json()
      .data;
    // Before it is sent, an upload is its uploader's alone.
    expect((await w.as.ana.get(notes.url)).statusCode).toBe(200);
    expect((await w.as.ben.get(notes.url)).statusCode).toBe(404);

    // Someone else's upload cannot be sent.
    const stolen = await w.as.cal.post('/api/conversations', {
      participantIds: [w.ana.id],
      body: 'Mine now',
      attachmentIds: [notes.id],
    });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().errors[0].path).toBe('/body/attachmentIds');
    expect(
      (await t.database.db.execute(sql`select 1 from messages where body_md = 'Mine now'`)).rows,
    ).toEqual([]);

    const started = await w.as.ana.post('/api/conversations', {
      participantIds: [w.ben.id],
      body: `Our plan: ![seating](${image.url})`,
      attachmentIds: [image.id, notes.id],
    });
    expect(started.statusCode).toBe(201);
    const { conversationId, message } = started.json().data;
    expect(message.attachments.map((a: { filename: string }) => a.filename)).toEqual([
      'seating.png',
      'notes.txt',
    ]);
    expect(message.html).toContain(`<img src="${image.url}"`);
    const read = (await w.as.ben.get(`/api/conversations/${conversationId}/messages`)).json().data[0];
    expect(read.attachments).toHaveLength(2);

    const file = await w.as.ben.get(notes.url);
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe('Exit tickets ✓');
    expect(file.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="notes.txt"/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-security-policy']).toContain('sandbox');
    expect(file.headers['cache-control']).toContain('no-store');
    expect((await w.as.ben.get(image.url)).headers['content-disposition']).toMatch(/^attachment;/);

    // Nobody outside the conversation, administrators of either district included.
    for (const outsider of [w.as.cal, w.as.dee, w.as.southAdmin, w.as.northAdmin])
      expect((await outsider.get(notes.url)).statusCode).toBe(404);
    expect((await agent(t).get(notes.url)).statusCode).toBe(401);
    expect((await w.as.ben.get(`/api/message-attachments/${MISSING}`)).statusCode).toBe(404);

    // A file already sent cannot be sent again.
    const again = await w.as.ana.post(`/api/conversations/${conversationId}/messages`, {
      body: 'Again',
      attachmentIds: [notes.id],
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].path).toBe('/body/attachmentIds');
  });

  it('deletes the files of messages past their district’s retention and uploads never sent', async () => {
    const w = await buildMessagingWorld(t);
    const db = t.database.db;
    const sent = (await upload(w.as.ana, 'old.txt', 'text/plain', Buffer.from('old'))).json().data;
    const unsent = (await upload(w.as.ana, 'draft.txt', 'text/plain', Buffer.from('draft'))).json().data;
    const { conversationId } = (
      await w.as.ana.post('/api/conversations', {
        participantIds: [w.ben.id],
        body: 'Old',
        attachmentIds: [sent.id],
      })
    ).json().data;
    await db.execute(
      sql`update messages set created_at = now() - interval '40 days' where conversation_id = ${conversationId}`,
    );
    await db.execute(sql`update message_attachments set created_at = now() - interval '40 days'
      where id = any(${sql.param([sent.id, unsent.id])}::uuid[])`);
    const set = await w.as.northAdmin.put('/api/district/retention', {
      settings: [{ kind: 'messages', days: 30 }],
    });
    expect(set.statusCode).toBe(200);
    await applyRetention({ db });
    expect((await w.as.ben.get(sent.url)).statusCode).toBe(404);
    expect(await sweepMessageAttachments(t.app)).toBeGreaterThanOrEqual(2);
    const { rows } = await db.execute(
      sql`select 1 from message_attachments where id = any(${sql.param([sent.id, unsent.id])}::uuid[])`,
    );
    expect(rows).toEqual([]);
    expect(await t.app.storage.get(`message-attachments/${sent.id}`)).toBeNull();
    expect(await t.app.storage.get(`message-attachments/${unsent.id}`)).toBeNull();
  });
});
