import { readdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '#server/db/client.ts';
import { type Agent, agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildWorld, png, uploadResourceFile } from './test-world.ts';

const MAX = 256 * 1024;
const t = setupTestApp({ RESOURCE_FILE_MAX_BYTES: String(MAX) });

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)]);

async function count(db: Db, table: string): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)}`);
  return rows[0].n;
}

/** Every file under the storage directory, partial files included. */
function storedFiles(): string[] {
  const root = path.join(t.config.dataDir, 'files');
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

describe('uploading a file for a resource', () => {
  it('asks a signed-out visitor to sign in', async () => {
    expect((await uploadResourceFile(agent(t), 'a.png', 'image/png', await png())).statusCode).toBe(401);
  });

  it('keeps an allowed file by its content, whatever its name says, with its uploader', async () => {
    const { owner } = await buildWorld(t.database.db);
    const as = await signedIn(t, owner.id);
    const response = await uploadResourceFile(as, '../../lesson.pdf', 'application/pdf', await png());
    expect(response.statusCode).toBe(201);
    const file = response.json().data;
    expect(file).toMatchObject({ filename: 'lesson.pdf', contentType: 'image/png', preview: 'image' });
    const { rows } = await t.database.db.execute<{ uploader_id: string; file_key: string }>(
      sql`select uploader_id, file_key from resource_files where id = ${file.id}`,
    );
    expect(rows[0].uploader_id).toBe(owner.id);
    expect(storedFiles().some((f) => f.endsWith(rows[0].file_key))).toBe(true);
    const doc = (await uploadResourceFile(as, 'rubric.pdf', 'application/pdf', pdf)).json().data;
    expect(doc).toMatchObject({ contentType: 'application/pdf', preview: 'pdf' });
  });

  it('refuses a wrong type, an empty file, a missing field and a file over the limit, leaving nothing behind', async () => {
    const db = t.database.db;
    const { owner } = await buildWorld(db);
    const as = await signedIn(t, owner.id);
    const filesBefore = storedFiles();
    const rowsBefore = [await count(db, 'files'), await count(db, 'resource_files')];
    for (const [name, type, data] of [
      ['page.html', 'text/html', Buffer.from('<!doctype html><script>alert(1)</script>')],
      ['page.txt', 'text/plain', Buffer.from('<html><body onload=alert(1)>')],
      ['setup.exe', 'application/octet-stream', exe],
      ['setup.pdf', 'application/pdf', exe],
      ['nul.txt', 'text/plain', Buffer.from([0x41, 0x00, 0x42])],
      ['empty.txt', 'text/plain', Buffer.alloc(0)],
    ] as const) {
      const response = await uploadResourceFile(as, name, type, data);
      expect(response.statusCode, name).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors[0].path, name).toBe('/body/file');
    }
    for (const [name, type, data] of [
      ['big.txt', 'text/plain', Buffer.alloc(MAX + 1, 0x61)],
      ['big.pdf', 'application/pdf', Buffer.concat([pdf, Buffer.alloc(MAX * 3, 0x20)])],
    ] as const) {
      const tooBig = await uploadResourceFile(as, name, type, data);
      expect(tooBig.statusCode, name).toBe(413);
      expect(tooBig.json().code, name).toBe('payload_too_large');
      expect(tooBig.json().errors[0].path, name).toBe('/body/file');
      expect(tooBig.json().detail, name).toMatch(/at most/);
    }
    const wrongField = await uploadResourceFile(as, 'a.png', 'image/png', await png(), 'photo');
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json().errors[0].path).toBe('/body/file');
    const notMultipart = await as.post('/api/resource-files', { file: 'x' });
    expect(notMultipart.statusCode).toBe(400);
    expect(storedFiles()).toEqual(filesBefore);
    expect([await count(db, 'files'), await count(db, 'resource_files')]).toEqual(rowsBefore);
  });
});

describe('downloading a file of a resource', () => {
  async function share(as: Agent, audience: string, audienceId: string | null, data: Buffer, name: string) {
    const declared = name.endsWith('.txt') ? 'text/plain' : 'application/octet-stream';
    const file = (await uploadResourceFile(as, name, declared, data)).json().data;
    const response = await as.post('/api/resources', {
      kind: 'performance_task',
      title: `Task for ${audience}`,
      licence: 'cc-by',
      audience,
      audienceId,
      items: [{ type: 'file', fileId: file.id, commentary: 'The task.' }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const resource = response.json().data;
    return {
      resource,
      url: resource.items[0].downloadUrl as string,
      previewUrl: resource.items[0].previewUrl,
    };
  }

  it('serves a file only to those who may see the resource now, for every audience', async () => {
    const db = t.database.db;
    const w = await buildWorld(db);
    const as = await signedIn(t, w.owner.id);
    const people = {
      owner: as,
      sameSchool: await signedIn(t, w.sameSchool.id),
      sameDistrict: await signedIn(t, w.sameDistrict.id),
      inNetwork: await signedIn(t, w.inNetwork.id),
      stranger: await signedIn(t, w.stranger.id),
    };
    const image = await png();
    const cases = [
      ['private', null, ['owner']],
      ['school', w.school.id, ['owner', 'sameSchool']],
      ['district', w.district.id, ['owner', 'sameSchool', 'sameDistrict']],
      ['network', w.network.id, ['owner', 'sameSchool', 'sameDistrict', 'inNetwork']],
      ['community', w.community.id, ['owner', 'inNetwork']],
      ['public', null, ['owner', 'sameSchool', 'sameDistrict', 'inNetwork', 'stranger']],
    ] as const;
    for (const [audience, audienceId, allowed] of cases) {
      const { url } = await share(as, audience, audienceId, image, `${audience}.png`);
      for (const [who, client] of Object.entries(people)) {
        const expected = (allowed as readonly string[]).includes(who) ? 200 : 404;
        expect((await client.get(url)).statusCode, `${audience} → ${who}`).toBe(expected);
        expect((await client.get(url.replace('/files/', '/../resources/x/files/'))).statusCode).not.toBe(200);
      }
    }
    expect((await agent(t).get(`/api/resources/${w.owner.id}/files/${w.owner.id}`)).statusCode).toBe(401);
  });

  it('is served inert: attachment by default, inline only for previews, never sniffed', async () => {
    const w = await buildWorld(t.database.db);
    const as = await signedIn(t, w.owner.id);
    const reader = await signedIn(t, w.sameDistrict.id);
    const picture = await share(as, 'district', w.district.id, await png(), 'photo.png');
    const download = await reader.get(picture.url);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="photo.png"/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(download.headers['cache-control']).toBe('private, no-store');
    expect(picture.previewUrl).toBe(`${picture.url}?inline=1`);
    expect((await reader.get(picture.previewUrl)).headers['content-disposition']).toMatch(/^inline;/);

    const text = await share(as, 'district', w.district.id, Buffer.from('Notes ✓'), 'notes.txt');
    expect(text.previewUrl).toBeNull();
    const inlineText = await reader.get(`${text.url}?inline=1`);
    expect(inlineText.headers['content-disposition']).toMatch(/^attachment;/);
    expect(inlineText.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(inlineText.body).toBe('Notes ✓');
    expect((await reader.get(`${text.url}?inline=yes`)).statusCode).toBe(400);
  });

  it('refuses a file reached through a resource that does not hold it, or one deleted', async () => {
    const w = await buildWorld(t.database.db);
    const as = await signedIn(t, w.owner.id);
    const reader = await signedIn(t, w.sameDistrict.id);
    const a = await share(as, 'private', null, await png(), 'secret.png');
    const b = await share(as, 'district', w.district.id, pdf, 'open.pdf');
    const fileOfA = a.resource.items[0].file.id;
    // The private file through the visible resource: not held by it, so not found.
    expect((await reader.get(`/api/resources/${b.resource.id}/files/${fileOfA}`)).statusCode).toBe(404);
    expect((await as.get(`/api/resources/${b.resource.id}/files/${fileOfA}`)).statusCode).toBe(404);
    expect((await reader.get(`/api/resources/${b.resource.id}/files/not-a-uuid`)).statusCode).toBe(400);
    expect((await as.delete(`/api/resources/${b.resource.id}`)).statusCode).toBe(204);
    expect((await reader.get(b.url)).statusCode).toBe(404);
    expect((await as.get(b.url)).statusCode).toBe(404);
  });
});
