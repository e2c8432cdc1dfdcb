import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parseCasePackage } from '#server/features/credentials/frameworks/case-import.ts';
import { buildWorld, uploadResourceFile, png } from '#server/features/resources/test-world.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { displayName, displayNameProblem } from '#shared/contracts/common.ts';
import { cleanFilename } from './file-types.ts';

const t = setupTestApp();

const ZWNJ = '\u200C';
const ZWJ = '\u200D';

describe('names that show as they read', () => {
  it.each([
    ['a Latin name with an accent', 'Ana María O’Brien'],
    ['Persian with a zero-width non-joiner', `نرگس${ZWNJ}ها محمدی`],
    ['Hindi with a joiner', `क्${ZWJ}ष्मा शर्मा`],
    ['an emoji family (joined by ZWJ)', `Team 👩${ZWJ}👩${ZWJ}👧`],
    ['an emoji with a variation selector', 'Maths ❤\uFE0F'],
    ['Arabic with a right-to-left mark', 'مدرسة النور\u200F'],
  ])('accepts %s', (_case, name) => {
    expect(displayNameProblem(name)).toBeNull();
    expect(displayName(120).safeParse(name).success).toBe(true);
  });

  it.each([
    ['a right-to-left override', '\u202Egnp.exe'],
    ['a left-to-right override', 'Ada \u202DLovelace'],
    ['an embedding', '\u202BAda\u202C'],
    ['an isolate', 'Ada \u2067Lovelace\u2069'],
  ])('refuses %s', (_case, name) => {
    expect(displayNameProblem(name)).toBe('must not contain characters that override the direction of text');
    expect(displayName(120).safeParse(name).success).toBe(false);
  });

  it.each([
    ['only a zero-width space', '\u200B'],
    ['only zero-width spaces and joiners', `\u200B${ZWNJ}${ZWJ}\u2060`],
    ['only a variation selector', '\uFE0F'],
    ['only a combining mark', '\u0301'],
    ['only Hangul fillers', '\u3164\u3164'],
    ['only a blank Braille pattern', '\u2800'],
    ['only a byte order mark between spaces', ' \uFEFF\u200B '],
  ])('refuses a name with %s', (_case, name) => {
    const parsed = displayName(120).safeParse(name);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/must have at least one visible character|must not be empty/),
    ]);
  });

  it('cleans uploaded file names: overrides dropped, an invisible name becomes "file"', () => {
    expect(cleanFilename('\u202Egnp.exe')).toBe('gnp.exe');
    expect(cleanFilename('report\u2066 final\u2069.pdf')).toBe('report final.pdf');
    expect(cleanFilename('\u200B\u200B')).toBe('file');
    expect(cleanFilename(`گزارش${ZWNJ}ها.pdf`)).toBe(`گزارش${ZWNJ}ها.pdf`);
  });
});

describe('names through the API', () => {
  it('refuses a resource title that shows nothing and a community name with an override, naming the field', async () => {
    const w = await buildWorld(t.database.db);
    const as = await signedIn(t, w.owner.id);
    const resource = await as.post('/api/resources', {
      kind: 'lesson',
      title: '\u200B\u200B',
      licence: 'cc-by',
      audience: 'public',
    });
    expect(resource.statusCode).toBe(400);
    expect(resource.json().errors).toEqual([
      { path: '/body/title', message: 'must have at least one visible character' },
    ]);
    const community = await as.post('/api/communities', {
      kind: 'plc',
      ownerId: w.district.id,
      name: 'Maths \u202Esrehcaet',
      joinPolicy: 'request',
    });
    expect(community.statusCode).toBe(400);
    expect(community.json().errors).toEqual([
      { path: '/body/name', message: 'must not contain characters that override the direction of text' },
    ]);
    const stored = await t.database.db.execute(
      sql`select count(*)::int as n from resources where owner_id = ${w.owner.id}`,
    );
    expect(stored.rows[0].n).toBe(0);
  });

  it('keeps a Persian name with its non-joiner on the profile, and refuses an override there', async () => {
    const district = await buildDistrict(t.database.db);
    const user = await buildUser(t.database.db, { districtId: district.id });
    const browser = await signedIn(t, user.id);
    const persian = `نرگس${ZWNJ}ها محمدی`;
    const saved = await browser.patch('/api/profile', { name: persian });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await browser.get('/api/profile')).json().data.name).toBe(persian);
    const refused = await browser.patch('/api/profile', { name: '\u202EnimdA' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('/body/name');
    expect((await browser.get('/api/profile')).json().data.name).toBe(persian);
  });

  it('marks a bulk invitation row whose name holds an override as invalid', async () => {
    const district = await buildDistrict(t.database.db);
    const admin = await buildUser(t.database.db, { districtId: district.id, role: 'district_admin' });
    const browser = await signedIn(t, admin.id);
    const response = await browser.post('/api/invitations/bulk', {
      role: 'teacher',
      rows: [{ email: `rlo-${district.id.slice(-8)}@example.test`, name: 'Ada \u202Eecalevol' }],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data.results[0].status).toBe('invalid');
  });

  it('rejects a rostered person whose name holds an override, and imports the others', async () => {
    const district = await buildDistrict(t.database.db);
    const admin = await buildUser(t.database.db, { districtId: district.id, role: 'district_admin' });
    const browser = await signedIn(t, admin.id);
    const bundle = path.join(import.meta.dirname, '../features/accounts/fixtures/oneroster/bundle');
    const domain = `names-${district.id.slice(-8)}.example`;
    const file = (name: string) =>
      readFileSync(path.join(bundle, name), 'utf8').replaceAll('@riverbend.example', `@${domain}`);
    const users = file('users.csv').replace(',Daniel,Okafor,', ',\u202ELeinad,Okafor,');
    expect(users).toContain('\u202E');
    const boundary = `----trellis${district.id}`;
    const payload = Buffer.concat([
      ...(
        [
          ['manifest', file('manifest.csv')],
          ['orgs', file('orgs.csv')],
          ['users', users],
        ] as const
      ).map(([field, content]) =>
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${field}.csv"\r\n` +
            `Content-Type: text/csv\r\n\r\n${content}\r\n`,
        ),
      ),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    const response = await browser.request({
      method: 'POST',
      url: '/api/roster-imports',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(response.statusCode, response.body).toBe(201);
    const rejected = response.json().data.plan.rejected as Array<{ sourcedId: string; reason: string }>;
    expect(rejected.find((r) => r.sourcedId === 'usr-t-0002')?.reason).toContain(
      'must not contain characters that override the direction of text',
    );
    expect(rejected.find((r) => r.sourcedId === 'usr-t-0001')).toBeUndefined();
  });

  it('refuses a CASE package whose framework title holds an override, naming the field', () => {
    const casePackage = {
      CFDocument: { identifier: 'doc', title: 'Discourse \u202Esecitcarp' },
      CFItems: [{ identifier: 'a', fullStatement: 'Ask open questions.' }],
    };
    expect(() => parseCasePackage(casePackage, '/body/package')).toThrow(
      expect.objectContaining({
        errors: [
          {
            path: '/body/package/CFDocument/title',
            message: 'must not contain characters that override the direction of text',
          },
        ],
      }),
    );
  });

  it('stores an uploaded file under its name without the override', async () => {
    const w = await buildWorld(t.database.db);
    const as = await signedIn(t, w.owner.id);
    const response = await uploadResourceFile(as, '\u202Egnp.exe.png', 'image/png', await png());
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().data.filename).toBe('gnp.exe.png');
  });
});
