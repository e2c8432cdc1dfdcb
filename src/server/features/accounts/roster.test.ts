import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { strToU8, zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  auditEvents,
  memberships,
  organizations,
  profiles,
  rosterImports,
  statements,
  users,
} from '#server/db/schema.ts';
import { type Agent, agent, signedIn, setupTestApp } from '#server/test/app.ts';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';

const t = setupTestApp();

const fixtures = path.join(import.meta.dirname, 'fixtures/oneroster');
// Sign-in emails are unique across Trellis, so each test imports the roster under its own domain.
let domain = 'riverbend.example';
beforeEach(() => {
  domain = `riverbend-${randomUUID().slice(0, 8)}.example`;
});
const fixture = (name: string) =>
  Buffer.from(
    readFileSync(path.join(fixtures, 'bundle', name), 'utf8').replaceAll('@riverbend.example', `@${domain}`),
  );
const zipFixture = () =>
  Buffer.from(
    zipSync({
      'manifest.csv': fixture('manifest.csv'),
      'orgs.csv': fixture('orgs.csv'),
      'users.csv': fixture('users.csv'),
    }),
  );

interface UploadPart {
  field: string;
  filename?: string;
  type?: string;
  content: Buffer | string;
}

/** A multipart/form-data body, as a browser would send for a form with file inputs. */
function multipart(parts: UploadPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----trellis${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = part.filename
      ? `form-data; name="${part.field}"; filename="${part.filename}"`
      : `form-data; name="${part.field}"`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n` +
          (part.filename ? `Content-Type: ${part.type ?? 'text/csv'}\r\n` : '') +
          '\r\n',
      ),
    );
    chunks.push(Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const threeFiles = (overrides: Partial<Record<'manifest' | 'orgs' | 'users', Buffer | string>> = {}) =>
  (['manifest', 'orgs', 'users'] as const).map((field) => ({
    field,
    filename: `${field}.csv`,
    content: overrides[field] ?? fixture(`${field}.csv`),
  }));

function upload(browser: Agent, parts: UploadPart[]) {
  const body = multipart(parts);
  return browser.request({ method: 'POST', url: '/api/roster-imports', ...body });
}

async function adminOfNewDistrict() {
  const district = await buildDistrict(t.database.db);
  const admin = await buildUser(t.database.db, { districtId: district.id, role: 'district_admin' });
  return { district, admin, browser: await signedIn(t, admin.id) };
}

/** Everything an import can touch in a district, to compare before and after. */
async function districtSnapshot(districtId: string) {
  const db = t.database.db;
  const schools = await db
    .select({ id: organizations.id, name: organizations.name, sourcedId: organizations.sourcedId })
    .from(organizations)
    .where(eq(organizations.districtId, districtId))
    .orderBy(asc(organizations.id));
  const people = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      status: users.status,
      sourcedId: users.sourcedId,
      updatedAt: users.updatedAt,
      schoolId: profiles.schoolId,
      profileUpdatedAt: profiles.updatedAt,
    })
    .from(users)
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(eq(users.districtId, districtId))
    .orderBy(asc(users.id));
  const roles = await db
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.organizationId, districtId))
    .orderBy(asc(memberships.userId), asc(memberships.role));
  return { schools, people, roles };
}

describe('OneRoster staff import', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const response = await agent(t).request({
      method: 'POST',
      url: '/api/roster-imports',
      ...multipart(threeFiles()),
    });
    expect(response.statusCode).toBe(401);
    expect((await agent(t).get('/api/roster-imports')).statusCode).toBe(401);
    expect((await agent(t).post(`/api/roster-imports/${randomUUID()}/apply`)).statusCode).toBe(401);
  });

  it('refuses a teacher', async () => {
    const district = await buildDistrict(t.database.db);
    const teacher = await buildUser(t.database.db, { districtId: district.id });
    const browser = await signedIn(t, teacher.id);
    expect((await upload(browser, threeFiles())).statusCode).toBe(403);
    expect((await browser.get('/api/roster-imports')).statusCode).toBe(403);
    expect((await browser.post(`/api/roster-imports/${randomUUID()}/apply`)).statusCode).toBe(403);
  });

  it('previews the import without changing anything but the stored plan', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const before = await districtSnapshot(district.id);
    const statementsBefore = await t.database.db.$count(statements);
    const response = await upload(browser, threeFiles());
    expect(response.statusCode).toBe(201);
    const { data } = response.json();
    expect(data.appliedAt).toBeNull();
    expect(data.plan.counts).toEqual({
      schools: { create: 3, update: 0, unchanged: 0, skip: 0 },
      users: { create: 10, update: 0, unchanged: 0, deactivate: 0, skip: 0 },
      rejected: 2,
      studentsAndGuardiansSkipped: 5,
    });
    expect(data.plan.district).toEqual({
      sourcedId: 'org-rvb-district',
      name: 'Riverbend Unified School District',
    });
    expect(data.plan.rejected.map((r: { row: number }) => r.row)).toEqual([17, 18]);
    expect(await districtSnapshot(district.id)).toEqual(before);
    expect(await t.database.db.$count(statements)).toBe(statementsBefore);
    const stored = await t.database.db.select().from(rosterImports).where(eq(rosterImports.id, data.id));
    expect(stored).toHaveLength(1);
    // No trace of a student in what Trellis keeps.
    const kept = JSON.stringify(stored[0].plan);
    for (const trace of ['Avery', 'Sandoval', 'usr-s-', 'students.riverbend'])
      expect(kept).not.toContain(trace);
  });

  it('applies a preview: schools, staff with roles and schools, the audit entry and the statement', async () => {
    const { district, admin, browser } = await adminOfNewDistrict();
    const preview = (await upload(browser, threeFiles())).json().data;
    const response = await browser.post(`/api/roster-imports/${preview.id}/apply`);
    expect(response.statusCode).toBe(200);
    expect(response.json().data.appliedAt).not.toBeNull();

    const db = t.database.db;
    const schools = await db
      .select()
      .from(organizations)
      .where(and(eq(organizations.districtId, district.id), eq(organizations.kind, 'school')));
    expect(schools.map((s) => s.name).sort()).toEqual([
      'Elm Street Elementary',
      'Hawthorne Middle School',
      'Lakeside High School',
    ]);
    const elm = schools.find((s) => s.sourcedId === 'org-rvb-elm')!;
    const imported = await db
      .select({
        name: users.name,
        email: users.email,
        passwordHash: users.passwordHash,
        role: memberships.role,
        schoolId: profiles.schoolId,
      })
      .from(users)
      .innerJoin(
        memberships,
        and(eq(memberships.userId, users.id), eq(memberships.organizationId, district.id)),
      )
      .innerJoin(profiles, eq(profiles.userId, users.id))
      .where(and(eq(users.districtId, district.id), sql`${users.sourcedId} is not null`));
    expect(imported).toHaveLength(10);
    expect(imported.every((u) => u.passwordHash === null)).toBe(true);
    expect(imported.find((u) => u.email === `daniel.okafor@${domain}`)).toMatchObject({
      role: 'principal',
      schoolId: elm.id,
    });
    expect(imported.find((u) => u.email === `marisol.reyes@${domain}`)).toMatchObject({
      role: 'district_admin',
      schoolId: null,
    });
    expect(imported.some((u) => u.email.includes('students'))).toBe(false);

    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.targetId, preview.id));
    expect(audit).toMatchObject({ action: 'roster.imported', actorId: admin.id, districtId: district.id });
    expect(audit.details).toMatchObject({ counts: { users: { create: 10 } } });
    const [statement] = await db.select().from(statements).where(eq(statements.objectId, preview.id));
    expect(statement).toMatchObject({
      objectType: 'roster-import',
      actorId: admin.id,
      districtId: district.id,
    });
    expect(statement.verb).toBe('https://trellis.dev/xapi/verbs/imported');

    // Imported staff are in the directory at once.
    const found = (await browser.get('/api/directory?q=Okafor')).json().data;
    expect(found.map((p: { name: string }) => p.name)).toContain('Daniel Okafor');

    const again = await browser.post(`/api/roster-imports/${preview.id}/apply`);
    expect(again.statusCode).toBe(409);
  });

  it('finds nothing to change when the same roster is imported again, and applying it changes nothing', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const first = (
      await upload(browser, [
        { field: 'bundle', filename: 'r.zip', type: 'application/zip', content: zipFixture() },
      ])
    ).json().data;
    expect((await browser.post(`/api/roster-imports/${first.id}/apply`)).statusCode).toBe(200);
    const after = await districtSnapshot(district.id);

    const second = (await upload(browser, threeFiles())).json().data;
    expect(second.plan.counts).toMatchObject({
      schools: { create: 0, update: 0, unchanged: 3, skip: 0 },
      users: { create: 0, update: 0, unchanged: 10, deactivate: 0, skip: 0 },
    });
    expect((await browser.post(`/api/roster-imports/${second.id}/apply`)).statusCode).toBe(200);
    expect(await districtSnapshot(district.id)).toEqual(after);

    const list = (await browser.get('/api/roster-imports')).json();
    expect(list.data.map((i: { id: string }) => i.id)).toEqual([second.id, first.id]);
    expect(list.data[0].counts.users.unchanged).toBe(10);
    expect(list.data[1].appliedAt).not.toBeNull();
  });

  it('updates what changed, links staff and schools created by hand, and deactivates tobedeleted staff', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const db = t.database.db;
    const elm = await buildSchool(db, district.id, { name: 'Elm Street Elementary' });
    const existing = await buildUser(db, {
      districtId: district.id,
      name: 'Phuong Nguyen-Old',
      email: `Phuong.Nguyen@${domain}`,
    });
    const first = (await upload(browser, threeFiles())).json().data;
    expect(
      first.plan.schools.find((s: { sourcedId: string }) => s.sourcedId === 'org-rvb-elm'),
    ).toMatchObject({
      action: 'update',
      schoolId: elm.id,
      changes: ['sourcedId'],
    });
    expect(first.plan.users.find((u: { sourcedId: string }) => u.sourcedId === 'usr-t-0003')).toMatchObject({
      action: 'update',
      userId: existing.id,
      changes: ['sourcedId', 'name', 'school'],
    });
    await browser.post(`/api/roster-imports/${first.id}/apply`);
    const [linked] = await db.select().from(users).where(eq(users.id, existing.id));
    expect(linked).toMatchObject({ sourcedId: 'usr-t-0003', name: 'Phuong Nguyen' });

    const users2 = fixture('users.csv')
      .toString()
      .replace('usr-t-0009,active', 'usr-t-0009,tobedeleted')
      .replace('Ana,Alvarez', 'Ana,Alvarez-Ruiz');
    const second = (await upload(browser, threeFiles({ users: users2 }))).json().data;
    expect(second.plan.counts.users).toEqual({ create: 0, update: 1, unchanged: 8, deactivate: 1, skip: 0 });
    await browser.post(`/api/roster-imports/${second.id}/apply`);
    const [gone] = await db
      .select()
      .from(users)
      .where(and(eq(users.districtId, district.id), eq(users.sourcedId, 'usr-t-0009')));
    expect(gone.status).toBe('deactivated');
  });

  it('rotates the sessions of someone an import gives a new role, and audits it', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const db = t.database.db;
    const existing = await buildUser(db, {
      districtId: district.id,
      name: 'Phuong Nguyen',
      email: `phuong.nguyen@${domain}`,
    });
    const theirBrowser = await signedIn(t, existing.id);
    const users2 = fixture('users.csv')
      .toString()
      .replace('org-rvb-elm,teacher,pnguyen', 'org-rvb-elm,administrator,pnguyen');
    const preview = (await upload(browser, threeFiles({ users: users2 }))).json().data;
    expect((await browser.post(`/api/roster-imports/${preview.id}/apply`)).statusCode).toBe(200);
    const roles = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.userId, existing.id), eq(memberships.organizationId, district.id)));
    expect(roles.map((m) => m.role).sort()).toEqual(['principal', 'teacher']);
    expect((await theirBrowser.get('/api/session')).json().data).toBeNull();
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, existing.id), eq(auditEvents.action, 'user.role_added')));
    expect(audit.details).toMatchObject({ role: 'principal' });
  });

  it('refuses a preview that the district has moved away from', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const preview = (await upload(browser, threeFiles())).json().data;
    await buildUser(t.database.db, { districtId: district.id, email: `ana.alvarez@${domain}` });
    const response = await browser.post(`/api/roster-imports/${preview.id}/apply`);
    expect(response.statusCode).toBe(409);
    expect(await t.database.db.$count(organizations, eq(organizations.districtId, district.id))).toBe(0);
  });

  it("answers 404 for another district's import and for an unknown id", async () => {
    const other = await adminOfNewDistrict();
    const preview = (await upload(other.browser, threeFiles())).json().data;
    const { browser } = await adminOfNewDistrict();
    expect((await browser.post(`/api/roster-imports/${preview.id}/apply`)).statusCode).toBe(404);
    expect((await browser.get(`/api/roster-imports/${preview.id}`)).statusCode).toBe(404);
    expect((await browser.post(`/api/roster-imports/${randomUUID()}/apply`)).statusCode).toBe(404);
    expect((await browser.get('/api/roster-imports')).json().data).toEqual([]);
    const bad = await browser.post('/api/roster-imports/not-a-uuid/apply');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/params/id');
  });

  it('refuses a PNG, an HTML page named users.csv and a text file as the zip, naming the field', async () => {
    const { browser } = await adminOfNewDistrict();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const asPng = await upload(browser, [
      { field: 'bundle', filename: 'roster.png', type: 'image/png', content: png },
    ]);
    expect(asPng.statusCode).toBe(400);
    expect(asPng.headers['content-type']).toContain('application/problem+json');
    expect(asPng.json().errors[0].path).toBe('/body/bundle');

    const html = '<!doctype html><html><body><script>alert(1)</script></body></html>';
    const asHtml = await upload(browser, threeFiles({ users: html }));
    expect(asHtml.statusCode).toBe(400);
    expect(asHtml.json().errors).toEqual([
      { path: '/body/users', message: 'users.csv is an HTML or XML document, not CSV' },
    ]);
    const declaredHtml = await upload(browser, [
      ...threeFiles().slice(0, 2),
      { field: 'users', filename: 'users.csv', type: 'text/html', content: fixture('users.csv') },
    ]);
    expect(declaredHtml.statusCode).toBe(400);
    expect(declaredHtml.json().errors[0].path).toBe('/body/users');

    const notZip = await upload(browser, [{ field: 'bundle', filename: 'r.zip', content: 'hello' }]);
    expect(notZip.statusCode).toBe(400);
    expect(notZip.json().errors[0].path).toBe('/body/bundle');
  });

  it('refuses a bundle with a wrong version or missing file, and stores nothing', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const wrongVersion = await upload(
      browser,
      threeFiles({
        manifest: fixture('manifest.csv')
          .toString()
          .replace('oneroster.version,1.2', 'oneroster.version,1.0'),
      }),
    );
    expect(wrongVersion.statusCode).toBe(400);
    expect(wrongVersion.json().errors[0].path).toBe('/body/manifest');
    const missing = await upload(browser, threeFiles().slice(0, 2));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([
      { path: '/body/users', message: 'users.csv is missing from the bundle' },
    ]);
    const zipWithout = zipSync({ 'manifest.csv': strToU8('propertyName,value\n') });
    const zipped = await upload(browser, [
      { field: 'bundle', filename: 'r.zip', type: 'application/zip', content: Buffer.from(zipWithout) },
    ]);
    expect(zipped.statusCode).toBe(400);
    expect(zipped.json().errors.every((e: { path: string }) => e.path === '/body/bundle')).toBe(true);
    expect(await t.database.db.$count(rosterImports, eq(rosterImports.districtId, district.id))).toBe(0);
  });

  it('refuses JSON, unknown fields and files over 5 MB, naming the field', async () => {
    const { browser } = await adminOfNewDistrict();
    const json = await browser.post('/api/roster-imports', { bundle: 'x' });
    expect(json.statusCode).toBe(415);
    expect(json.headers['content-type']).toContain('application/problem+json');
    const unknown = await upload(browser, [
      ...threeFiles(),
      { field: 'extra', filename: 'x.csv', content: 'a' },
    ]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].path).toBe('/body/extra');
    const textField = await upload(browser, [{ field: 'orgs', content: 'not a file' }]);
    expect(textField.statusCode).toBe(400);
    expect(textField.json().errors[0].path).toBe('/body/orgs');
    const huge = `${fixture('users.csv')}${'x,'.repeat(3 * 1024 * 1024)}`;
    const tooBig = await upload(browser, threeFiles({ users: huge }));
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().errors[0].path).toBe('/body/users');
  });

  it('stores hostile HTML in names as inert text', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const hostile = '<img src=x onerror=alert(1)>';
    const orgs = fixture('orgs.csv').toString().replace('Elm Street Elementary', `"${hostile}"`);
    const usersCsv = fixture('users.csv')
      .toString()
      .replace('Phuong,Nguyen', `"<script>alert('x')</script>",Nguyen`);
    const preview = await upload(browser, threeFiles({ orgs, users: usersCsv }));
    expect(preview.statusCode).toBe(201);
    expect(preview.headers['content-type']).toContain('application/json');
    const id = preview.json().data.id;
    await browser.post(`/api/roster-imports/${id}/apply`);
    const [school] = await t.database.db
      .select()
      .from(organizations)
      .where(and(eq(organizations.districtId, district.id), eq(organizations.sourcedId, 'org-rvb-elm')));
    expect(school.name).toBe(hostile);
    const [person] = await t.database.db
      .select()
      .from(users)
      .where(and(eq(users.districtId, district.id), eq(users.sourcedId, 'usr-t-0003')));
    expect(person.name).toBe("<script>alert('x')</script> Nguyen");
    const detail = await browser.get(`/api/roster-imports/${id}`);
    expect(detail.headers['content-type']).toContain('application/json');
    expect(detail.json().data.plan.schools[0].name).toBe(hostile);
  });

  it("skips staff whose email belongs to another district's account without saying so, and never deactivates the importer", async () => {
    const { district, admin, browser } = await adminOfNewDistrict();
    const elsewhere = await buildDistrict(t.database.db);
    await buildUser(t.database.db, { districtId: elsewhere.id, email: `li.chen@${domain}` });
    await t.database.db.update(users).set({ sourcedId: 'usr-t-0001' }).where(eq(users.id, admin.id));
    const usersCsv = fixture('users.csv').toString().replace('usr-t-0001,active', 'usr-t-0001,tobedeleted');
    const { data } = (await upload(browser, threeFiles({ users: usersCsv }))).json();
    const bySourced = new Map(data.plan.users.map((u: { sourcedId: string }) => [u.sourcedId, u]));
    expect(bySourced.get('usr-t-0008')).toMatchObject({
      action: 'skip',
      userId: null,
      reason: 'This email address cannot be used.',
    });
    // Worded exactly as a malformed address is, and nothing in the preview mentions another account.
    const malformed = await upload(
      browser,
      threeFiles({ users: usersCsv.replace(`li.chen@${domain}`, 'li.chen-at-nowhere') }),
    );
    expect(
      malformed.json().data.plan.rejected.find((r: { sourcedId: string }) => r.sourcedId === 'usr-t-0008'),
    ).toMatchObject({ reason: 'This email address cannot be used.' });
    expect(JSON.stringify(data.plan)).not.toMatch(/another|district's|already used/i);
    expect(bySourced.get('usr-t-0001')).toMatchObject({ action: 'skip', userId: admin.id });
    await browser.post(`/api/roster-imports/${data.id}/apply`);
    const [me] = await t.database.db.select().from(users).where(eq(users.id, admin.id));
    expect(me.status).toBe('active');
    expect(await t.database.db.$count(users, eq(users.districtId, district.id))).toBe(9);
  });

  it('imports the OneRoster 1.2 conformance bundle: a dry run, then apply', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const zip = readFileSync(path.join(fixtures, 'conformance-1.2/sample-delta-1.2.zip'));
    const before = await districtSnapshot(district.id);
    const preview = await upload(browser, [
      { field: 'bundle', filename: 'sample.zip', type: 'application/zip', content: zip },
    ]);
    expect(preview.statusCode).toBe(201);
    const { data } = preview.json();
    expect(data.plan).toMatchObject({
      oneRosterVersion: '1.2',
      manifest: { orgs: 'delta', users: 'delta', roles: 'delta' },
      schools: [{ sourcedId: 'ORG_1', name: 'Gotham High School', action: 'create' }],
      users: [],
      counts: { studentsAndGuardiansSkipped: 1, rejected: 0 },
    });
    expect(JSON.stringify(data)).not.toMatch(/USER_0|Bruce|Wayne|Batman/);
    expect(await districtSnapshot(district.id)).toEqual(before);
    const applied = await browser.post(`/api/roster-imports/${data.id}/apply`);
    expect(applied.statusCode).toBe(200);
    const schools = (await districtSnapshot(district.id)).schools;
    expect(schools).toEqual([expect.objectContaining({ name: 'Gotham High School', sourcedId: 'ORG_1' })]);
    expect(await t.database.db.$count(users, eq(users.districtId, district.id))).toBe(1);
  });

  it('still imports a OneRoster 1.1 bundle', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const manifest = fixture('manifest.csv')
      .toString()
      .replace('oneroster.version,1.2', 'oneroster.version,1.1');
    const preview = await upload(browser, threeFiles({ manifest }));
    expect(preview.statusCode).toBe(201);
    expect(preview.json().data.plan.oneRosterVersion).toBe('1.1');
    expect((await browser.post(`/api/roster-imports/${preview.json().data.id}/apply`)).statusCode).toBe(200);
    expect(
      await t.database.db.$count(
        users,
        and(eq(users.districtId, district.id), sql`${users.sourcedId} is not null`),
      ),
    ).toBe(10);
  });

  it('shows the people a bulk users.csv no longer lists in the dry run, and deactivates them only on confirmation', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const first = (await upload(browser, threeFiles())).json().data;
    await browser.post(`/api/roster-imports/${first.id}/apply`);
    const without = fixture('users.csv')
      .toString()
      .split('\n')
      .filter((line) => !line.startsWith('usr-t-0005,'))
      .join('\n');
    const preview = (await upload(browser, threeFiles({ users: without }))).json().data;
    const ana = preview.plan.users.find((u: { sourcedId: string }) => u.sourcedId === 'usr-t-0005');
    expect(ana).toMatchObject({ action: 'deactivate', absent: true, name: 'Ana Alvarez', row: 0 });
    expect(preview.plan.counts.users.deactivate).toBe(1);
    const status = async () =>
      (
        await t.database.db
          .select({ status: users.status })
          .from(users)
          .where(and(eq(users.districtId, district.id), eq(users.sourcedId, 'usr-t-0005')))
      )[0].status;

    const unconfirmed = await browser.post(`/api/roster-imports/${preview.id}/apply`);
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.json().errors[0].path).toBe('/body/deactivateMissing');
    expect(await status()).toBe('active');
    const confirmed = await browser.post(`/api/roster-imports/${preview.id}/apply`, {
      deactivateMissing: true,
    });
    expect(confirmed.statusCode).toBe(200);
    expect(await status()).toBe('deactivated');
  });

  it('takes a 1.2 delta whose roles name schools Trellis already holds, and sets the schools from the roles', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const first = (await upload(browser, threeFiles())).json().data;
    await browser.post(`/api/roster-imports/${first.id}/apply`);
    const manifest = [
      'propertyName,value',
      'manifest.version,1.0',
      'oneroster.version,1.2',
      'file.orgs,absent',
      'file.users,delta',
      'file.roles,delta',
      'file.userProfiles,absent',
    ].join('\n');
    const usersCsv = [
      'sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns',
      `usr-t-0100,active,2025-09-01T08:00:00.000Z,TRUE,onew,,Olu,New,,,olu.new@${domain},,,,,,,,,,org-rvb-hawk,`,
      `usr-t-0101,active,2025-09-01T08:00:00.000Z,TRUE,lost,,Lou,Lost,,,lou.lost@${domain},,,,,,,,,,,`,
    ].join('\n');
    const rolesCsv = [
      'sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId',
      'role-1,active,2025-09-01T08:00:00.000Z,usr-t-0100,primary,teacher,2025-08-01,,org-rvb-hawk,',
      'role-2,active,2025-09-01T08:00:00.000Z,usr-t-0100,secondary,teacher,2025-08-01,,org-rvb-lake,',
      'role-3,active,2025-09-01T08:00:00.000Z,usr-t-0101,primary,teacher,,,org-nowhere,',
    ].join('\n');
    const preview = await upload(browser, [
      { field: 'manifest', filename: 'manifest.csv', content: manifest },
      { field: 'users', filename: 'users.csv', content: usersCsv },
      { field: 'roles', filename: 'roles.csv', content: rolesCsv },
    ]);
    expect(preview.statusCode).toBe(201);
    const plan = preview.json().data.plan;
    const bySourced = new Map(plan.users.map((u: { sourcedId: string }) => [u.sourcedId, u]));
    expect(bySourced.get('usr-t-0100')).toMatchObject({
      action: 'create',
      schoolSourcedIds: ['org-rvb-hawk', 'org-rvb-lake'],
      schoolNames: ['Hawthorne Middle School', 'Lakeside High School'],
    });
    expect(bySourced.get('usr-t-0101')).toMatchObject({ action: 'skip' });
    expect((bySourced.get('usr-t-0101') as { reason: string }).reason).toContain(
      'neither in orgs.csv nor in Trellis',
    );
    // A delta deactivates no one it does not mention.
    expect(plan.counts.users.deactivate).toBe(0);
    expect((await browser.post(`/api/roster-imports/${preview.json().data.id}/apply`)).statusCode).toBe(200);

    const [olu] = await t.database.db
      .select()
      .from(users)
      .where(eq(users.email, `olu.new@${domain}`));
    const schools = await t.database.db
      .select({ name: organizations.name })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .where(and(eq(memberships.userId, olu.id), eq(organizations.kind, 'school')));
    expect(schools.map((s) => s.name).sort()).toEqual(['Hawthorne Middle School', 'Lakeside High School']);
    const [profile] = await t.database.db.select().from(profiles).where(eq(profiles.userId, olu.id));
    const [hawk] = await t.database.db
      .select()
      .from(organizations)
      .where(and(eq(organizations.districtId, district.id), eq(organizations.sourcedId, 'org-rvb-hawk')));
    expect(profile.schoolId).toBe(hawk.id);
  });

  it("lets the roster decide a rostered person's schools over a change made by hand", async () => {
    const { district, admin, browser } = await adminOfNewDistrict();
    const first = (await upload(browser, threeFiles())).json().data;
    await browser.post(`/api/roster-imports/${first.id}/apply`);
    const [ana] = await t.database.db
      .select()
      .from(users)
      .where(and(eq(users.districtId, district.id), eq(users.sourcedId, 'usr-t-0005')));
    const [lake] = await t.database.db
      .select()
      .from(organizations)
      .where(and(eq(organizations.districtId, district.id), eq(organizations.sourcedId, 'org-rvb-lake')));
    const moved = await browser.put(`/api/staff/${ana.id}/schools`, { schoolIds: [lake.id] });
    expect(moved.json().data).toMatchObject({ rostered: true, schools: [{ id: lake.id }] });

    const again = (await upload(browser, threeFiles())).json().data;
    const plan = again.plan.users.find((u: { sourcedId: string }) => u.sourcedId === 'usr-t-0005');
    expect(plan).toMatchObject({
      action: 'update',
      changes: ['school'],
      schoolNames: ['Hawthorne Middle School'],
    });
    await browser.post(`/api/roster-imports/${again.id}/apply`);
    const staff = (await browser.get(`/api/staff?q=${encodeURIComponent('Ana Alvarez')}`)).json().data;
    expect(staff[0].schools.map((s: { name: string }) => s.name)).toEqual(['Hawthorne Middle School']);
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.targetId, ana.id),
          eq(auditEvents.action, 'user.schools_changed'),
          eq(auditEvents.actorId, admin.id),
          sql`${auditEvents.details}->>'source' = 'roster-import'`,
        ),
      );
    expect(audit.details).toMatchObject({ from: ['Lakeside High School'], to: ['Hawthorne Middle School'] });
  });

  it('documents the import routes in the OpenAPI document', async () => {
    const docs = (await agent(t).get('/api/docs')).json();
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining([
        '/api/roster-imports',
        '/api/roster-imports/{id}',
        '/api/roster-imports/{id}/apply',
      ]),
    );
  });
});
