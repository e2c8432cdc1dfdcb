import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { buildMicroCredential, buildSubmission } from '#server/test/credential-builders.ts';
import { AWARD_CSV_HEADER, csvCell, EXPORT_BATCH_SIZE } from './award-list.ts';

const t = setupTestApp();
const db = () => t.database.db;

/** An issuing district with its admin, three teachers holding its credential, and a district outside. */
async function world() {
  const district = await buildDistrict(db());
  const outside = await buildDistrict(db());
  const admin = await buildUser(db(), { districtId: district.id, role: 'district_admin' });
  const ada = await buildUser(db(), { districtId: district.id, name: 'Ada Lovelace' });
  const ben = await buildUser(db(), { districtId: district.id, name: 'Ben Okafor' });
  const cy = await buildUser(db(), { districtId: district.id, name: '=HYPERLINK("http://evil.test","x")' });
  const teacher = await buildUser(db(), { districtId: district.id });
  const outsideAdmin = await buildUser(db(), { districtId: outside.id, role: 'district_admin' });
  const { credential } = await buildMicroCredential(db(), {
    issuerOrgId: district.id,
    createdBy: admin.id,
    validForDays: 365,
  });
  const awards: Record<string, string> = {};
  for (const person of [ada, ben, cy]) {
    const [issued] = await db().transaction((tx) =>
      t.app.credentialIssuer.issue(tx, {
        credentialId: credential.id,
        version: 1,
        recipientIds: [person.id],
        submissionId: null,
        issuedBy: admin.id,
      }),
    );
    awards[person.id] = issued.awardId;
  }
  return { district, admin, ada, ben, cy, teacher, outsideAdmin, credential, awards };
}

type Listed = { id: string; recipient: { name: string; email: string }; status: string; expiresAt: string };

describe('the awards of a credential', () => {
  it('lists who holds it, newest first, with date, standing and expiry, for the issuer’s admins only', async () => {
    const w = await world();
    const url = `/api/micro-credentials/${w.credential.id}/awards`;
    expect((await agent(t).get(url)).statusCode).toBe(401);
    expect((await (await signedIn(t, w.teacher.id)).get(url)).statusCode).toBe(403);
    expect((await (await signedIn(t, w.outsideAdmin.id)).get(url)).statusCode).toBe(404);
    const admin = await signedIn(t, w.admin.id);
    const response = await admin.get(url);
    expect(response.statusCode).toBe(200);
    const list = response.json().data as Listed[];
    expect(list.map((a) => a.recipient.name)).toEqual([w.cy.name, 'Ben Okafor', 'Ada Lovelace']);
    expect(list[2]).toMatchObject({ id: w.awards[w.ada.id], status: 'active' });
    expect(list[2].recipient.email).toBe(w.ada.email);
    expect(Date.parse(list[2].expiresAt)).toBeGreaterThan(Date.now() + 360 * 86_400_000);
  });

  it('finds people by name or email, filters by standing, and pages with a cursor', async () => {
    const w = await world();
    const admin = await signedIn(t, w.admin.id);
    const url = `/api/micro-credentials/${w.credential.id}/awards`;
    const names = async (query: string) =>
      ((await admin.get(`${url}?${query}`)).json().data as Listed[]).map((a) => a.recipient.name);
    expect(await names('q=okafor')).toEqual(['Ben Okafor']);
    expect(await names(`q=${encodeURIComponent(w.ada.email.toUpperCase())}`)).toEqual(['Ada Lovelace']);
    await admin.post(`/api/awards/${w.awards[w.ben.id]}/revoke`, { reason: 'Issued in error' });
    expect(await names('status=revoked')).toEqual(['Ben Okafor']);
    expect(await names('status=active')).toEqual([w.cy.name, 'Ada Lovelace']);
    const first = (await admin.get(`${url}?limit=2`)).json();
    expect(first.data).toHaveLength(2);
    const second = (await admin.get(`${url}?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.data.map((a: Listed) => a.recipient.name)).toEqual(['Ada Lovelace']);
    expect(second.nextCursor).toBeNull();
    const bad = await admin.get(`${url}?status=lost&cursor=nope`);
    expect(bad.statusCode).toBe(400);
  });

  it('revokes several at once for one reason, telling each earner and counting ones revoked already', async () => {
    const w = await world();
    const admin = await signedIn(t, w.admin.id);
    const url = `/api/micro-credentials/${w.credential.id}/awards/revoke`;
    await admin.post(`/api/awards/${w.awards[w.ben.id]}/revoke`, { reason: 'Earlier' });
    const teacher = await (await signedIn(t, w.teacher.id)).post(url, {
      awardIds: [w.awards[w.ada.id]],
      reason: 'No',
    });
    expect(teacher.statusCode).toBe(403);
    const blank = await admin.post(url, { awardIds: [w.awards[w.ada.id]], reason: ' ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors[0].path).toBe('/body/reason');

    const response = await admin.post(url, {
      awardIds: [w.awards[w.ada.id], w.awards[w.ben.id], w.awards[w.cy.id]],
      reason: 'The workshop did not meet the criteria',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toEqual({ revoked: 2, alreadyRevoked: 1 });
    const { rows } = await db().execute<{ recipient_id: string; revocation_reason: string }>(
      sql`select recipient_id, revocation_reason from awards where credential_id = ${w.credential.id}
           order by recipient_id`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.recipient_id, r.revocation_reason]))).toEqual({
      [w.ada.id]: 'The workshop did not meet the criteria',
      [w.ben.id]: 'Earlier',
      [w.cy.id]: 'The workshop did not meet the criteria',
    });
    const { rows: told } = await db().execute<{ user_id: string }>(
      sql`select user_id from notifications where kind = 'credential_revoked'
           and user_id = any(${sql.param([w.ada.id, w.cy.id])}::uuid[])`,
    );
    expect(told).toHaveLength(2);
    const page = (await agent(t).get(`/api/public/awards/${w.awards[w.ada.id]}`)).json().data;
    expect(page.status).toBe('revoked');
    expect(page.verification.verified).toBe(false);
  });

  it('refuses an award of another credential, and revokes nothing', async () => {
    const w = await world();
    const admin = await signedIn(t, w.admin.id);
    const { credential: other } = await buildMicroCredential(db(), {
      issuerOrgId: w.district.id,
      createdBy: w.admin.id,
    });
    const response = await admin.post(`/api/micro-credentials/${other.id}/awards/revoke`, {
      awardIds: [w.awards[w.ada.id]],
      reason: 'Wrong list',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { path: '/body/awardIds/0', message: 'is not an award of this credential' },
    ]);
    const { rows } = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from awards where credential_id = ${w.credential.id} and revoked_at is not null`,
    );
    expect(rows[0].n).toBe(0);
  });
});

describe('the CSV export of a credential’s awards', () => {
  it('defuses cells a spreadsheet would run as formulas and quotes what needs quoting', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+44 20')).toBe("'+44 20");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('Okafor, Ben')).toBe('"Okafor, Ben"');
    expect(csvCell('say "hi"\nthen')).toBe('"say ""hi""\nthen"');
    expect(csvCell('Ada')).toBe('Ada');
  });

  it('exports the matching awards as CSV for the issuer’s admins only', async () => {
    const w = await world();
    const url = `/api/micro-credentials/${w.credential.id}/awards.csv`;
    expect((await (await signedIn(t, w.teacher.id)).get(url)).statusCode).toBe(403);
    expect((await (await signedIn(t, w.outsideAdmin.id)).get(url)).statusCode).toBe(404);
    const admin = await signedIn(t, w.admin.id);
    const response = await admin.get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="[a-z0-9-]+-awards\.csv"$/,
    );
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(AWARD_CSV_HEADER.join(','));
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil\.test"",""x""\)",/);
    expect(lines[3]).toContain(`Ada Lovelace,${w.ada.email},active,`);
    expect(lines[3]).toContain(`http://trellis.test/credentials/${w.awards[w.ada.id]}`);
    const searched = await admin.get(`${url}?q=ben`);
    expect(searched.body.trimEnd().split('\r\n')).toHaveLength(2);
  });

  it('writes every award once across its batches', async () => {
    const w = await world();
    const template = w.awards[w.ada.id];
    const extra = EXPORT_BATCH_SIZE * 2 + 7;
    // Revoked copies of an award, each a second older than the last: many rows without signing each.
    await db().execute(sql`
      insert into awards (id, credential_id, version, recipient_id, issuer_org_id, status_list_id, status_index,
                          document, issued_at, revoked_at, revocation_reason)
      select gen_random_uuid(), a.credential_id, a.version, a.recipient_id, a.issuer_org_id, a.status_list_id,
             100000 + g, a.document, a.issued_at - g * interval '1 second', now(), 'copy ' || g
        from awards a cross join generate_series(1, ${extra}) g where a.id = ${template}`);
    const response = await (await signedIn(t, w.admin.id)).get(
      `/api/micro-credentials/${w.credential.id}/awards.csv`,
    );
    const rows = response.body.trimEnd().split('\r\n').slice(1);
    expect(rows).toHaveLength(extra + 3);
    const addresses = rows.map((r) => r.split(',').at(-1));
    expect(new Set(addresses).size).toBe(extra + 3);
  });
});

describe('a revoked award on its submission’s page', () => {
  it('says when it was revoked and why, not that it was earned', async () => {
    const w = await world();
    const submission = await buildSubmission(db(), {
      credentialId: w.credential.id,
      ownerId: w.teacher.id,
      status: 'earned',
    });
    const [issued] = await db().transaction((tx) =>
      t.app.credentialIssuer.issue(tx, {
        credentialId: w.credential.id,
        version: 1,
        recipientIds: [w.teacher.id],
        submissionId: submission.id,
        issuedBy: w.admin.id,
      }),
    );
    const teacher = await signedIn(t, w.teacher.id);
    const before = (await teacher.get(`/api/submissions/${submission.id}`)).json().data;
    expect(before).toMatchObject({ awardId: issued.awardId, revocation: null });
    await (await signedIn(t, w.admin.id)).post(`/api/awards/${issued.awardId}/revoke`, {
      reason: 'Evidence was not their own',
    });
    const after = (await teacher.get(`/api/submissions/${submission.id}`)).json().data;
    expect(after.awardId).toBeNull();
    expect(after.revocation).toMatchObject({ reason: 'Evidence was not their own' });
    expect(Date.parse(after.revocation.revokedAt)).toBeGreaterThan(Date.now() - 60_000);
    // The list of one's submissions says it too.
    const listed = (await teacher.get('/api/submissions')).json().data;
    expect(listed).toEqual([
      expect.objectContaining({ id: submission.id, revokedAt: after.revocation.revokedAt }),
    ]);
  });
});

describe('checking a cohort before awarding it', () => {
  it('reports each row: who will be awarded, who holds it already, and which rows are skipped and why', async () => {
    const w = await world();
    const outsider = await buildUser(db(), { districtId: (await buildDistrict(db())).id });
    const admin = await signedIn(t, w.admin.id);
    const url = `/api/micro-credentials/${w.credential.id}/awards/preview`;
    const emails = [
      w.teacher.email.toUpperCase(),
      'not an address',
      w.ada.email,
      outsider.email,
      'nobody@nowhere.test',
      w.teacher.email,
    ];
    const response = await admin.post(url, { emails });
    expect(response.statusCode).toBe(200);
    const { ready, rows } = response.json().data;
    expect(ready).toEqual([w.teacher.email.toLowerCase()]);
    expect(rows.map((r: { row: number; outcome: string }) => [r.row, r.outcome])).toEqual([
      [1, 'ready'],
      [2, 'not_an_address'],
      [3, 'already_holds'],
      [4, 'not_found'],
      [5, 'not_found'],
      [6, 'repeated'],
    ]);
    // Another district's account reads exactly like an address nobody has.
    expect(rows[3].message).toBe(rows[4].message);
    // Nothing is issued by checking.
    const { rows: jobs } = await db().execute(
      sql`select 1 from award_jobs where credential_id = ${w.credential.id}`,
    );
    expect(jobs).toHaveLength(0);
    expect((await (await signedIn(t, w.teacher.id)).post(url, { emails })).statusCode).toBe(403);
    expect((await admin.post(url, { emails: [] })).statusCode).toBe(400);
  });
});
