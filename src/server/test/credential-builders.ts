/**
 * Test data for competencies and micro-credentials, written straight to the tables so a feature's
 * tests depend only on the schema and not on another feature's routes.
 */
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import {
  competencies,
  competencyFrameworks,
  type EvidencePrompt,
  microCredentialAssessors,
  microCredentials,
  microCredentialVersions,
  type Rubric,
  stackMembers,
  submissionMembers,
  submissions,
} from '#server/db/schema.ts';
import type { TestContext } from './app.ts';
import { buildDistrict, buildUser, uniqueWord } from './builders.ts';

/** A framework of an organization with the given competencies (flat, in order). */
export async function buildFramework(
  db: Db,
  f: { ownerOrgId: string; title?: string; competencies?: Array<{ code: string; statement: string }> },
) {
  const [framework] = await db
    .insert(competencyFrameworks)
    .values({ id: uuidv7(), ownerOrgId: f.ownerOrgId, title: f.title ?? `Framework ${uniqueWord()}` })
    .returning();
  const items = f.competencies ?? [{ code: 'C.1', statement: `Competency ${uniqueWord()}` }];
  const rows = await db
    .insert(competencies)
    .values(items.map((c, position) => ({ id: uuidv7(), frameworkId: framework.id, position, ...c })))
    .returning();
  return { framework, competencies: rows };
}

/** A two-criterion rubric on three levels; passing needs every criterion at level 1 ("Proficient"). */
export const TEST_RUBRIC: Rubric = {
  levels: [
    { id: 'developing', name: 'Developing' },
    { id: 'proficient', name: 'Proficient' },
    { id: 'exemplary', name: 'Exemplary' },
  ],
  criteria: [
    {
      id: 'plan',
      name: 'Plan',
      descriptors: ['Plan is vague', 'Plan is clear', 'Plan is clear and adaptive'],
    },
    {
      id: 'impact',
      name: 'Impact',
      descriptors: ['No evidence of impact', 'Evidence of impact', 'Strong, varied evidence of impact'],
    },
  ],
  passing: { minLevel: 1 },
};

export const TEST_PROMPTS: EvidencePrompt[] = [
  { id: 'reflect', kind: 'reflection', prompt: 'What did you try, and what happened?', required: true },
  { id: 'video', kind: 'video', prompt: 'A short clip of the practice in your classroom', required: false },
];

/** A micro-credential at version 1 with its version row and assessors. */
export async function buildMicroCredential(
  db: Db,
  c: {
    issuerOrgId: string;
    createdBy: string;
    title?: string;
    status?: 'draft' | 'published' | 'retired';
    kind?: 'micro' | 'stack';
    competencyIds?: string[];
    prompts?: EvidencePrompt[];
    rubric?: Rubric | null;
    maxTeamSize?: number;
    secondAssessor?: boolean;
    validForDays?: number | null;
    assessors?: Array<{ userId: string; lead?: boolean }>;
    /** For a stack: its member credentials, in order. */
    memberIds?: string[];
  },
) {
  const title = c.title ?? `Credential ${uniqueWord()}`;
  const [credential] = await db
    .insert(microCredentials)
    .values({
      id: uuidv7(),
      kind: c.kind ?? 'micro',
      issuerOrgId: c.issuerOrgId,
      createdBy: c.createdBy,
      status: c.status ?? 'published',
      title,
      summary: `About ${title}`,
    })
    .returning();
  const [version] = await db
    .insert(microCredentialVersions)
    .values({
      credentialId: credential.id,
      version: 1,
      title,
      description: `About ${title}`,
      criteria: 'Show the practice with evidence from your classroom.',
      competencyIds: c.competencyIds ?? [],
      evidencePrompts: c.prompts ?? (c.kind === 'stack' ? [] : TEST_PROMPTS),
      rubric: c.rubric === undefined ? (c.kind === 'stack' ? null : TEST_RUBRIC) : c.rubric,
      maxTeamSize: c.maxTeamSize ?? 1,
      secondAssessor: c.secondAssessor ?? false,
      validForDays: c.validForDays ?? null,
      createdBy: c.createdBy,
    })
    .returning();
  if (c.assessors?.length) {
    await db
      .insert(microCredentialAssessors)
      .values(
        c.assessors.map((a) => ({ credentialId: credential.id, userId: a.userId, lead: a.lead ?? false })),
      );
  }
  if (c.memberIds?.length) {
    await db
      .insert(stackMembers)
      .values(
        c.memberIds.map((credentialId, position) => ({ stackId: credential.id, credentialId, position })),
      );
  }
  return { credential, version };
}

/** A submission (draft unless said otherwise) by an owner and any teammates. */
export async function buildSubmission(
  db: Db,
  s: {
    credentialId: string;
    ownerId: string;
    teammateIds?: string[];
    status?: 'draft' | 'submitted' | 'escalated' | 'revise' | 'earned';
    evidence?: Array<{ promptId: string; text?: string; url?: string; private?: boolean }>;
    submittedAt?: Date;
  },
) {
  const [submission] = await db
    .insert(submissions)
    .values({
      id: uuidv7(),
      credentialId: s.credentialId,
      version: 1,
      ownerId: s.ownerId,
      status: s.status ?? 'draft',
      evidence: (s.evidence ?? [{ promptId: 'reflect', text: 'I tried it.' }]).map((e) => ({
        ...e,
        private: e.private ?? false,
      })),
      submittedAt: s.status && s.status !== 'draft' ? (s.submittedAt ?? new Date()) : null,
    })
    .returning();
  await db
    .insert(submissionMembers)
    .values([s.ownerId, ...(s.teammateIds ?? [])].map((userId) => ({ submissionId: submission.id, userId })));
  return submission;
}

/** An issuing district with its admin, a teacher and a credential aligned to one competency. */
export async function buildIssuerWorld(db: Db, options: { validForDays?: number | null } = {}) {
  const district = await buildDistrict(db);
  const admin = await buildUser(db, { districtId: district.id, role: 'district_admin' });
  const teacher = await buildUser(db, { districtId: district.id });
  const { framework, competencies } = await buildFramework(db, {
    ownerOrgId: district.id,
    competencies: [{ code: 'TL.1', statement: 'Leads professional learning' }],
  });
  const { credential } = await buildMicroCredential(db, {
    issuerOrgId: district.id,
    createdBy: admin.id,
    competencyIds: competencies.map((c) => c.id),
    validForDays: options.validForDays ?? null,
  });
  return { district, admin, teacher, framework, competencies, credential };
}

/** Issues through the app's credential issuer, as an assessor's decision does. */
export async function issueAwards(
  context: TestContext,
  credentialId: string,
  recipientIds: string[],
  submissionId: string | null = null,
) {
  return context.database.db.transaction((tx) =>
    context.app.credentialIssuer.issue(tx, {
      credentialId,
      version: 1,
      recipientIds,
      submissionId,
      issuedBy: null,
    }),
  );
}
