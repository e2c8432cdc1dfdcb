/** Shared set-up of the earning and review tests: an issuer, its teachers, assessors, and helpers. */
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import { VERBS } from '#server/platform/statements.ts';
import type { Agent, TestContext } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser } from '#server/test/builders.ts';
import { buildMicroCredential } from '#server/test/credential-builders.ts';
import { multipart } from '#server/test/multipart.ts';

/**
 * A district issuing credentials in a network with a partner district, and a district outside:
 * its admin, three teachers, a partner teacher, a stranger, two assessors and a lead assessor.
 */
export async function buildEarningWorld(db: Db) {
  const district = await buildDistrict(db);
  const partner = await buildDistrict(db);
  const outside = await buildDistrict(db);
  const network = await buildNetwork(db, [district.id, partner.id]);
  const admin = await buildUser(db, {
    districtId: district.id,
    role: 'district_admin',
    name: 'Issuer Admin',
  });
  const teacher = await buildUser(db, { districtId: district.id, name: 'Tess Teacher' });
  const teammate = await buildUser(db, { districtId: district.id, name: 'Tom Teammate' });
  const colleague = await buildUser(db, { districtId: district.id, name: 'Cara Colleague' });
  const partnerTeacher = await buildUser(db, { districtId: partner.id, name: 'Pat Partner' });
  const stranger = await buildUser(db, { districtId: outside.id, name: 'Sam Stranger' });
  const assessor = await buildUser(db, { districtId: district.id, role: 'coach', name: 'Ada Assessor' });
  const second = await buildUser(db, { districtId: district.id, role: 'coach', name: 'Ben Second' });
  const lead = await buildUser(db, { districtId: district.id, role: 'coach', name: 'Lee Lead' });
  return {
    district,
    partner,
    outside,
    network,
    admin,
    teacher,
    teammate,
    colleague,
    partnerTeacher,
    stranger,
    assessor,
    second,
    lead,
  };
}
export type EarningWorld = Awaited<ReturnType<typeof buildEarningWorld>>;

/** A published credential of the world's district, assessed by its assessor, second and lead. */
export const credentialOf = (
  db: Db,
  w: EarningWorld,
  overrides: Partial<Parameters<typeof buildMicroCredential>[1]> = {},
) =>
  buildMicroCredential(db, {
    issuerOrgId: w.district.id,
    createdBy: w.admin.id,
    assessors: [{ userId: w.assessor.id }, { userId: w.second.id }, { userId: w.lead.id, lead: true }],
    ...overrides,
  });

/** Starts a submission through the API and gives its detail; throws unless it was created. */
export async function start(as: Agent, credentialId: string, teammateIds: string[] = []) {
  const response = await as.post(`/api/micro-credentials/${credentialId}/submissions`, { teammateIds });
  if (response.statusCode !== 201) throw new Error(`start failed: ${response.statusCode} ${response.body}`);
  return response.json().data as { id: string; updatedAt: string; status: string };
}

/** Saves evidence over the latest save and gives the response. */
export async function save(as: Agent, submissionId: string, evidence: unknown[]) {
  const current = (await as.get(`/api/submissions/${submissionId}`)).json().data;
  return as.put(`/api/submissions/${submissionId}/evidence`, { evidence, baseUpdatedAt: current.updatedAt });
}

/** Starts, writes a reflection and submits; gives the submission id. */
export async function startAndSubmit(as: Agent, credentialId: string, teammateIds: string[] = []) {
  const { id } = await start(as, credentialId, teammateIds);
  const saved = await save(as, id, [
    { promptId: 'reflect', text: 'We tried think-pair-share; talk doubled.' },
  ]);
  if (saved.statusCode !== 200) throw new Error(`save failed: ${saved.statusCode} ${saved.body}`);
  const submitted = await as.post(`/api/submissions/${id}/submit`);
  if (submitted.statusCode !== 200)
    throw new Error(`submit failed: ${submitted.statusCode} ${submitted.body}`);
  return id;
}

export const uploadEvidenceFile = (
  as: Agent,
  submissionId: string,
  promptId: string,
  filename: string,
  type: string,
  data: Buffer,
) =>
  as.request({
    method: 'POST',
    url: `/api/submissions/${submissionId}/files?promptId=${promptId}`,
    ...multipart('file', filename, type, data),
  });

type StatementBody = {
  result?: { response?: string; success?: boolean; extensions?: Record<string, unknown> };
  context: { extensions: Record<string, unknown> };
};

/** Statements of a verb about a credential, oldest first. */
export async function statementsOf(ctx: TestContext, verb: keyof typeof VERBS, credentialId: string) {
  const { rows } = await ctx.database.db.execute<{ actor_id: string; body: StatementBody }>(sql`
    select actor_id, body from statements
     where verb = ${VERBS[verb]} and object_type = 'micro_credential' and object_id = ${credentialId}
     order by timestamp, id`);
  return rows;
}

/** Notifications of a kind, with who was told. */
export async function notificationsOf(ctx: TestContext, kind: string, submissionId: string) {
  const { rows } = await ctx.database.db.execute<{ user_id: string; data: Record<string, string> }>(sql`
    select user_id, data from notifications where kind = ${kind} and data->>'submissionId' = ${submissionId}`);
  return rows;
}

/** An unrevoked award of a credential held by a person, written straight to the tables. */
export async function buildAward(
  db: Db,
  args: { credentialId: string; recipientId: string; issuerOrgId: string },
) {
  const listId = uuidv7();
  await db.execute(sql`
    insert into status_lists (id, org_id, length, next_index) values (${listId}, ${args.issuerOrgId}, 131072, 1)`);
  const id = uuidv7();
  await db.execute(sql`
    insert into awards (id, credential_id, version, recipient_id, issuer_org_id, status_list_id, status_index, document)
    values (${id}, ${args.credentialId}, 1, ${args.recipientId}, ${args.issuerOrgId}, ${listId}, 0, '{}'::jsonb)`);
  return id;
}

export const paths = (response: { json(): { errors: Array<{ path: string }> } }) =>
  response.json().errors.map((e) => e.path);
