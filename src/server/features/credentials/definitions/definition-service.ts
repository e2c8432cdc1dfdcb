import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import type { EvidencePrompt } from '#server/db/schema.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeTimeCursor, keysetPage } from '#server/platform/cursor.ts';
import {
  ConflictError,
  type FieldError,
  ForbiddenError,
  InvalidError,
  invalidField,
  NotFoundError,
  PayloadTooLargeError,
} from '#server/platform/errors.ts';
import { detectType } from '#server/platform/file-types.ts';
import type { Storage } from '#server/platform/storage.ts';
import {
  BADGE_IMAGE_MAX_BYTES,
  type CreateMicroCredentialBody,
  type CredentialKind,
  type MicroCredentialDetail,
  type MicroCredentialListQuery,
  type MicroCredentialListResponse,
  type MicroCredentialOptions,
  type MicroCredentialSummary,
  type MicroCredentialVersion,
  type UpdateMicroCredentialBody,
} from '#shared/contracts/micro-credentials.ts';
import { canAdministerIssuer, issuerOrgIds, scopeOrgIds } from '../policy.ts';
import { unshareWithFormerAssessors } from '../earning/evidence-video.ts';
import {
  activePeopleInIssuerScope,
  alignedCompetencies,
  type CompetencyRow,
  type CredentialRow,
  competenciesVisibleToIssuer,
  credentialStatuses,
  findCompetencies,
  findIssuerOrg,
  findIssuerOrgs,
  findPublicImage,
  findReadableCredential,
  findReadableImage,
  findStackCandidates,
  findVersion,
  imageStillUsed,
  insertCredential,
  insertVersion,
  isAssessorOf,
  listAssessors,
  listParentStacks,
  listStackMembers,
  listVersions,
  replaceAssessors,
  replaceStackMembers,
  searchCredentials,
  setCredentialStatus,
  stackMemberIds,
  updateCredentialHead,
  updateVersion,
  type VersionFields,
  type VersionRow,
  versionFieldsOf,
  versionInUse,
} from './queries.ts';

const iso = (d: Date | string) => new Date(d).toISOString();
const OBJECT_TYPE = 'micro_credential';
const BADGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg']);

/**
 * Where the web app loads a version's image from: the public address once published, the signed-in
 * one for a draft. The image's own key rides along, so a replaced image is never shown from cache.
 */
function imageUrlFor(
  credential: Pick<CredentialRow, 'id' | 'status'>,
  version: number,
  imageKey: string | null,
): string | null {
  if (!imageKey) return null;
  const base =
    credential.status === 'draft'
      ? `/api/micro-credentials/${credential.id}/versions/${version}/image`
      : `/api/public/micro-credentials/${credential.id}/versions/${version}/image`;
  return `${base}?v=${imageKey.slice(-12)}`;
}

const competencyRef = (c: CompetencyRow) => ({ id: c.id, code: c.code, statement: c.statement });

function presentSummary(
  row: CredentialRow,
  competencies: Map<string, CompetencyRow>,
): MicroCredentialSummary {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    title: row.title,
    summary: row.summary,
    issuer: { id: row.issuer_org_id, name: row.issuer_name, kind: row.issuer_kind },
    currentVersion: row.current_version,
    imageUrl: imageUrlFor(row, row.current_version, row.image_key),
    competencies: row.competency_ids.flatMap((id) => {
      const c = competencies.get(id);
      return c ? [competencyRef(c)] : [];
    }),
    earnedCount: row.earned_count,
    assessorCount: row.assessor_count,
    updatedAt: iso(row.updated_at),
  };
}

async function presentVersion(
  tx: Tx,
  credential: Pick<CredentialRow, 'id' | 'status' | 'kind'>,
  version: VersionRow,
): Promise<MicroCredentialVersion> {
  const competencies = await findCompetencies(tx, version.competency_ids);
  return {
    credentialId: credential.id,
    kind: credential.kind,
    version: version.version,
    title: version.title,
    description: version.description,
    criteria: version.criteria,
    imageUrl: imageUrlFor(credential, version.version, version.image_key),
    competencies: competencies.map((c) => ({
      ...competencyRef(c),
      framework: { id: c.framework_id, title: c.framework_title },
    })),
    evidencePrompts: version.evidence_prompts,
    rubric: version.rubric,
    maxTeamSize: version.max_team_size,
    secondAssessor: version.second_assessor,
    validForDays: version.valid_for_days,
    createdAt: iso(version.created_at),
  };
}

async function loadReadable(tx: Tx, actor: Actor, credentialId: string, lock = false) {
  const row = await findReadableCredential(tx, actor, credentialId, lock);
  if (!row) throw new NotFoundError('No such micro-credential.');
  return row;
}

/** The credential, locked, for its issuer's admins: 404 when they may not see it, 403 when they only see it. */
async function loadManageable(tx: Tx, actor: Actor, credentialId: string) {
  const row = await loadReadable(tx, actor, credentialId, true);
  if (!canAdministerIssuer(actor, row.issuer_org_id))
    throw new ForbiddenError("Only the issuer's administrators may change this micro-credential.");
  return row;
}

async function loadVersion(tx: Tx, credentialId: string, version: number) {
  const row = await findVersion(tx, credentialId, version);
  if (!row) throw new NotFoundError('No such version of this micro-credential.');
  return row;
}

/** Micro-credentials and stacks the viewer may see, most recently changed first. */
export async function listMicroCredentials(args: {
  db: Db;
  actor: Actor;
  query: MicroCredentialListQuery;
}): Promise<MicroCredentialListResponse> {
  const { query } = args;
  const rows = await searchCredentials(args.db, args.actor, {
    q: query.q?.trim() || undefined,
    issuerOrgId: query.issuerOrgId,
    competencyId: query.competencyId,
    kind: query.kind,
    status: query.status,
    after: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
    limit: query.limit,
  });
  const { shown, nextCursor } = keysetPage(rows, query.limit, (row) => [row.updated_key, row.id]);
  const competencies = await findCompetencies(args.db, [...new Set(shown.flatMap((r) => r.competency_ids))]);
  const byId = new Map(competencies.map((c) => [c.id, c]));
  return { data: shown.map((row) => presentSummary(row, byId)), nextCursor };
}

/** A credential whole: its current version, versions, assessors, stack members and parents. */
export async function getMicroCredential(args: {
  db: Tx;
  actor: Actor;
  credentialId: string;
}): Promise<MicroCredentialDetail> {
  const { db, actor } = args;
  const row = await loadReadable(db, actor, args.credentialId);
  const current = await loadVersion(db, row.id, row.current_version);
  const [version, versions, assessors, members, stacks, isAssessor] = await Promise.all([
    presentVersion(db, row, current),
    listVersions(db, row.id),
    listAssessors(db, row.id),
    row.kind === 'stack' ? listStackMembers(db, actor, row.id) : Promise.resolve([]),
    row.kind === 'micro' ? listParentStacks(db, actor, row.id) : Promise.resolve([]),
    isAssessorOf(db, row.id, actor.userId),
  ]);
  const competencies = new Map(
    version.competencies.map((c) => [
      c.id,
      { ...c, framework_id: c.framework.id, framework_title: c.framework.title },
    ]),
  );
  return {
    ...presentSummary(row, competencies),
    current: version,
    versions: versions.map((v) => ({ version: v.version, title: v.title, createdAt: iso(v.created_at) })),
    assessors,
    members,
    stacks,
    createdAt: iso(row.created_at),
    viewer: { canManage: canAdministerIssuer(actor, row.issuer_org_id), isAssessor },
  };
}

/** One version of a credential the viewer may read, whole. */
export async function getMicroCredentialVersion(args: {
  db: Db;
  actor: Actor;
  credentialId: string;
  version: number;
}): Promise<MicroCredentialVersion> {
  const row = await loadReadable(args.db, args.actor, args.credentialId);
  return presentVersion(args.db, row, await loadVersion(args.db, row.id, args.version));
}

/** The issuers the viewer may browse and create under, and the competencies credentials align to. */
export async function getMicroCredentialOptions(args: {
  db: Db;
  actor: Actor;
}): Promise<MicroCredentialOptions> {
  const administered = issuerOrgIds(args.actor);
  const [issuers, administers, competencies] = await Promise.all([
    findIssuerOrgs(args.db, [...new Set([...scopeOrgIds(args.actor), ...administered])]),
    findIssuerOrgs(args.db, administered),
    alignedCompetencies(args.db, args.actor),
  ]);
  return { issuers, administers, competencies };
}

// ─── Writing definitions ──────────────────────────────────────────────────────────────────────────

/** The state of a definition being written: its versioned fields and its assessors and members. */
interface Definition extends VersionFields {
  summary: string;
  assessors: Array<{ userId: string; lead: boolean }>;
  memberIds: string[];
}

type PromptInput = { id?: string; kind: EvidencePrompt['kind']; prompt: string; required: boolean };

/** Prompts as stored: each keeps its id, and a new one gets a fresh one. */
function withPromptIds(prompts: PromptInput[]): EvidencePrompt[] {
  const taken = new Set(prompts.flatMap((p) => (p.id ? [p.id] : [])));
  return prompts.map((p) => {
    let id = p.id;
    while (!id || (taken.has(id) && id !== p.id)) id = `p-${randomBytes(4).toString('hex')}`;
    taken.add(id);
    return { id, kind: p.kind, prompt: p.prompt, required: p.required };
  });
}

/** Errors for the positions of values already seen earlier in the list. */
function repeated(values: string[], path: (i: number) => string, message: string): FieldError[] {
  const seen = new Set<string>();
  return values.flatMap((value, i) => {
    const again = seen.has(value);
    seen.add(value);
    return again ? [{ path: path(i), message }] : [];
  });
}

/**
 * Checks a definition about to be written, as a whole; `given` names the fields the request carried
 * (errors name them where it did). Throws one 400 listing every problem.
 */
async function checkDefinition(
  tx: Tx,
  issuerOrgId: string,
  kind: CredentialKind,
  d: Definition,
  given: ReadonlySet<string>,
  self?: string,
): Promise<void> {
  const errors: FieldError[] = [];
  if (kind === 'micro') {
    if (!d.rubric) errors.push({ path: '/body/rubric', message: 'is required for a micro-credential' });
    if (d.memberIds.length)
      errors.push({ path: '/body/memberIds', message: 'only a stack has member micro-credentials' });
  } else {
    if (given.has('rubric'))
      errors.push({
        path: '/body/rubric',
        message: 'a stack has no rubric: it is earned by earning its members',
      });
    if (d.evidencePrompts.length)
      errors.push({ path: '/body/evidencePrompts', message: 'a stack asks for no evidence of its own' });
  }
  if (given.has('evidencePrompts'))
    errors.push(
      ...repeated(
        d.evidencePrompts.map((p) => p.id),
        (i) => `/body/evidencePrompts/${i}/id`,
        'must be unique among the prompts',
      ),
    );
  if (given.has('competencyIds')) errors.push(...(await competencyErrors(tx, issuerOrgId, d.competencyIds)));
  if (given.has('assessors')) errors.push(...(await assessorErrors(tx, issuerOrgId, d.assessors)));
  if (d.secondAssessor && !d.assessors.some((a) => a.lead))
    errors.push({
      path: given.has('assessors') ? '/body/assessors' : '/body/secondAssessor',
      message: 'name a lead assessor to settle disagreements when a second assessor is required',
    });
  if (given.has('memberIds') && kind === 'stack')
    errors.push(...(await memberErrors(tx, issuerOrgId, d.memberIds, self)));
  if (errors.length) throw new InvalidError(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
}

async function competencyErrors(tx: Tx, issuerOrgId: string, ids: string[]): Promise<FieldError[]> {
  const usable = await competenciesVisibleToIssuer(tx, issuerOrgId, ids);
  return [
    ...repeated(ids, (i) => `/body/competencyIds/${i}`, 'is listed twice'),
    ...ids.flatMap((id, i) =>
      usable.has(id)
        ? []
        : [
            {
              path: `/body/competencyIds/${i}`,
              message: 'is not a competency of a framework this issuer may use',
            },
          ],
    ),
  ];
}

async function assessorErrors(
  tx: Tx,
  issuerOrgId: string,
  assessors: Definition['assessors'],
): Promise<FieldError[]> {
  const ids = assessors.map((a) => a.userId);
  const eligible = await activePeopleInIssuerScope(tx, issuerOrgId, ids);
  const leads = assessors.flatMap((a, i) => (a.lead ? [i] : []));
  return [
    ...repeated(ids, (i) => `/body/assessors/${i}/userId`, 'is listed twice'),
    ...ids.flatMap((id, i) =>
      eligible.has(id)
        ? []
        : [
            {
              path: `/body/assessors/${i}/userId`,
              message: "is not an active person in the issuer's districts",
            },
          ],
    ),
    ...leads
      .slice(1)
      .map((i) => ({ path: `/body/assessors/${i}/lead`, message: 'only one assessor may lead' })),
  ];
}

async function memberErrors(
  tx: Tx,
  issuerOrgId: string,
  memberIds: string[],
  self?: string,
): Promise<FieldError[]> {
  const found = await findStackCandidates(tx, memberIds);
  return [
    ...repeated(memberIds, (i) => `/body/memberIds/${i}`, 'is listed twice'),
    ...memberIds.flatMap((id, i): FieldError[] => {
      const member = found.get(id);
      const path = `/body/memberIds/${i}`;
      if (!member || member.issuer_org_id !== issuerOrgId || id === self)
        return [{ path, message: 'is not a micro-credential of this issuer' }];
      if (member.kind === 'stack')
        return [{ path, message: 'is a stack: a stack holds micro-credentials only' }];
      return [];
    }),
  ];
}

const auditDistrict = (actor: Actor, issuer: { id: string; kind: string }) =>
  issuer.kind === 'district' ? issuer.id : actor.districtId;

async function recordChange(
  tx: Tx,
  args: {
    actor: Actor;
    verb: 'created' | 'updated';
    action: string;
    credential: { id: string; title: string };
    issuer: { id: string; kind: string };
    details: Record<string, unknown>;
  },
): Promise<void> {
  const { actor } = args;
  await recordActivity(tx, {
    actor,
    verb: args.verb,
    object: { type: OBJECT_TYPE, id: args.credential.id, name: args.credential.title },
    context: { extensions: { 'https://trellis.dev/xapi/extensions/issuer': args.issuer.id } },
  });
  await recordAudit(tx, {
    actorId: actor.userId,
    action: args.action,
    target: { type: OBJECT_TYPE, id: args.credential.id },
    districtId: auditDistrict(actor, args.issuer),
    details: args.details,
  });
}

/** An issuer's admin defines a micro-credential or stack: a draft at version 1. */
export async function createMicroCredential(args: {
  db: Db;
  actor: Actor;
  body: CreateMicroCredentialBody;
}): Promise<MicroCredentialDetail> {
  const { actor, body } = args;
  const id = uuidv7();
  await args.db.transaction(async (tx) => {
    const issuer = await findIssuerOrg(tx, body.issuerOrgId);
    if (!issuer) throw invalidField('/body/issuerOrgId', 'is not a district or network');
    if (!canAdministerIssuer(actor, issuer.id))
      throw new ForbiddenError("Only the issuer's administrators may define its micro-credentials.");
    const definition: Definition = {
      title: body.title,
      summary: body.summary,
      description: body.description,
      criteria: body.criteria,
      imageKey: null,
      imageType: null,
      competencyIds: body.competencyIds,
      evidencePrompts: withPromptIds(body.evidencePrompts),
      rubric: body.rubric ?? null,
      maxTeamSize: body.maxTeamSize,
      secondAssessor: body.secondAssessor,
      validForDays: body.validForDays,
      assessors: body.assessors,
      memberIds: body.memberIds,
    };
    const given = new Set(Object.keys(body).filter((k) => k !== 'rubric' || body.rubric !== undefined));
    await checkDefinition(tx, issuer.id, body.kind, definition, given);
    await insertCredential(tx, {
      id,
      kind: body.kind,
      issuerOrgId: issuer.id,
      createdBy: actor.userId,
      title: body.title,
      summary: body.summary,
    });
    await insertVersion(tx, id, 1, actor.userId, definition);
    await replaceAssessors(tx, id, definition.assessors);
    await replaceStackMembers(tx, id, definition.memberIds);
    await recordChange(tx, {
      actor,
      verb: 'created',
      action: 'micro_credential.created',
      credential: { id, title: body.title },
      issuer,
      details: { kind: body.kind, issuerOrgId: issuer.id },
    });
  });
  return getMicroCredential({ db: args.db, actor, credentialId: id });
}

/** JSON with object keys sorted, so values read back from jsonb (which reorders keys) compare equal. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

const VERSIONED_FIELDS = [
  'title',
  'description',
  'criteria',
  'competencyIds',
  'evidencePrompts',
  'rubric',
  'maxTeamSize',
  'secondAssessor',
  'validForDays',
] as const;

/**
 * Writes the credential's versioned fields: in place while no one has started on or been awarded
 * the current version, otherwise as a new version (so what was started or awarded stays as it was).
 * Returns the version now current.
 */
async function writeVersion(
  tx: Tx,
  actor: Actor,
  row: CredentialRow,
  fields: VersionFields,
): Promise<{ version: number; created: boolean }> {
  if (await versionInUse(tx, row.id, row.current_version)) {
    const version = row.current_version + 1;
    await insertVersion(tx, row.id, version, actor.userId, fields);
    return { version, created: true };
  }
  await updateVersion(tx, row.id, row.current_version, fields);
  return { version: row.current_version, created: false };
}

/** An issuer's admin edits a definition (any of its fields); see writeVersion for how versions move. */
export async function updateMicroCredential(args: {
  db: Db;
  actor: Actor;
  credentialId: string;
  body: UpdateMicroCredentialBody;
}): Promise<MicroCredentialDetail> {
  const { actor, body } = args;
  await args.db.transaction(async (tx) => {
    const row = await loadManageable(tx, actor, args.credentialId);
    const current = versionFieldsOf(await loadVersion(tx, row.id, row.current_version));
    const given = new Set(Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined));
    const definition: Definition = {
      ...current,
      title: body.title ?? current.title,
      summary: body.summary ?? row.summary,
      description: body.description ?? current.description,
      criteria: body.criteria ?? current.criteria,
      competencyIds: body.competencyIds ?? current.competencyIds,
      evidencePrompts: body.evidencePrompts ? withPromptIds(body.evidencePrompts) : current.evidencePrompts,
      rubric: body.rubric ?? current.rubric,
      maxTeamSize: body.maxTeamSize ?? current.maxTeamSize,
      secondAssessor: body.secondAssessor ?? current.secondAssessor,
      validForDays: body.validForDays === undefined ? current.validForDays : body.validForDays,
      assessors:
        body.assessors ?? (await listAssessors(tx, row.id)).map((a) => ({ userId: a.id, lead: a.lead })),
      memberIds: body.memberIds ?? (await stackMemberIds(tx, row.id)),
    };
    await checkDefinition(tx, row.issuer_org_id, row.kind, definition, given, row.id);
    // A field sent as it already stands changes nothing, so it makes no new version.
    const versioned = VERSIONED_FIELDS.some(
      (field) => given.has(field) && canonicalJson(definition[field]) !== canonicalJson(current[field]),
    );
    const { version, created } = versioned
      ? await writeVersion(tx, actor, row, definition)
      : { version: row.current_version, created: false };
    await updateCredentialHead(tx, row.id, {
      title: definition.title,
      summary: definition.summary,
      currentVersion: version,
    });
    if (body.assessors) {
      const removed = await replaceAssessors(tx, row.id, definition.assessors);
      // A former assessor stops watching the classroom-video clips offered as evidence at once.
      await unshareWithFormerAssessors(tx, row.id, removed);
    }
    if (body.memberIds) await replaceStackMembers(tx, row.id, definition.memberIds);
    await recordChange(tx, {
      actor,
      verb: 'updated',
      action: 'micro_credential.updated',
      credential: { id: row.id, title: definition.title },
      issuer: { id: row.issuer_org_id, kind: row.issuer_kind },
      details: { fields: [...given], version, newVersion: created },
    });
  });
  return getMicroCredential({ db: args.db, actor, credentialId: args.credentialId });
}

/** What a credential still lacks before people can earn it; empty when it is complete. */
async function publishProblems(tx: Tx, row: CredentialRow, version: VersionRow): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  if (row.kind === 'micro') {
    const assessors = await listAssessors(tx, row.id);
    if (!assessors.length)
      problems.push({ path: '/body/assessors', message: 'appoint at least one assessor before publishing' });
    if (version.second_assessor && (assessors.length < 2 || !assessors.some((a) => a.lead)))
      problems.push({
        path: '/body/assessors',
        message: 'a second assessor is required: appoint at least two assessors, one of them the lead',
      });
    if (!version.rubric) problems.push({ path: '/body/rubric', message: 'add a rubric before publishing' });
    if (!version.evidence_prompts.length)
      problems.push({
        path: '/body/evidencePrompts',
        message: 'add at least one evidence prompt before publishing',
      });
    return problems;
  }
  const members = await stackMemberIds(tx, row.id);
  if (members.length < 2)
    problems.push({ path: '/body/memberIds', message: 'a stack needs at least two micro-credentials' });
  const statuses = await credentialStatuses(tx, members);
  members.forEach((id, i) => {
    if (statuses.get(id) !== 'published')
      problems.push({ path: `/body/memberIds/${i}`, message: 'publish this micro-credential first' });
  });
  return problems;
}

/** Moves a credential to published or retired, and records the move in the audit log and activity stream. */
async function moveToStatus(
  tx: Tx,
  actor: Actor,
  row: CredentialRow,
  status: 'published' | 'retired',
): Promise<void> {
  await setCredentialStatus(tx, row.id, status);
  await recordChange(tx, {
    actor,
    verb: 'updated',
    action: `micro_credential.${status}`,
    credential: row,
    issuer: { id: row.issuer_org_id, kind: row.issuer_kind },
    details: { status, from: row.status },
  });
}

/** The issuer's admin publishes a complete draft (or a retired credential again): people may earn it. */
export async function publishMicroCredential(args: {
  db: Db;
  actor: Actor;
  credentialId: string;
}): Promise<MicroCredentialDetail> {
  const { actor } = args;
  await args.db.transaction(async (tx) => {
    const row = await loadManageable(tx, actor, args.credentialId);
    if (row.status === 'published') throw new ConflictError('This micro-credential is already published.');
    const problems = await publishProblems(tx, row, await loadVersion(tx, row.id, row.current_version));
    if (problems.length)
      throw new ConflictError(
        `This ${row.kind === 'stack' ? 'stack' : 'micro-credential'} is not ready to publish: ${problems
          .map((p) => p.message)
          .join('; ')}.`,
        problems,
      );
    await moveToStatus(tx, actor, row, 'published');
  });
  return getMicroCredential({ db: args.db, actor, credentialId: args.credentialId });
}

/**
 * The issuer's admin retires a published credential: no one new may start it. Awards already issued
 * stand, and submissions under way can still be reviewed.
 */
export async function retireMicroCredential(args: {
  db: Db;
  actor: Actor;
  credentialId: string;
}): Promise<MicroCredentialDetail> {
  const { actor } = args;
  await args.db.transaction(async (tx) => {
    const row = await loadManageable(tx, actor, args.credentialId);
    if (row.status !== 'published')
      throw new ConflictError('Only a published micro-credential can be retired.');
    await moveToStatus(tx, actor, row, 'retired');
  });
  return getMicroCredential({ db: args.db, actor, credentialId: args.credentialId });
}

const badgeImageTooLarge = () => new PayloadTooLargeError('/body/image', BADGE_IMAGE_MAX_BYTES);

/**
 * The issuer's admin sets the badge image (a PNG or JPEG, judged by its content). Like any edit, it
 * makes a new version when the current one has been started on or awarded.
 */
export async function setMicroCredentialImage(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  credentialId: string;
  upload: Buffer;
  declaredType: string;
}): Promise<MicroCredentialDetail> {
  const { actor, storage, upload } = args;
  if (upload.length === 0) throw invalidField('/body/image', 'must not be empty');
  if (upload.length > BADGE_IMAGE_MAX_BYTES) throw badgeImageTooLarge();
  const imageType = await detectType(upload, args.declaredType, BADGE_TYPES);
  if (!imageType) throw invalidField('/body/image', 'must be a PNG or JPEG image');
  const key = `micro-credentials/${args.credentialId}/${uuidv7()}`;
  await storage.put(key, upload);
  let replaced: string | null = null;
  try {
    await args.db.transaction(async (tx) => {
      const row = await loadManageable(tx, actor, args.credentialId);
      const current = versionFieldsOf(await loadVersion(tx, row.id, row.current_version));
      const { version, created } = await writeVersion(tx, actor, row, {
        ...current,
        imageKey: key,
        imageType,
      });
      if (!created) replaced = current.imageKey;
      await updateCredentialHead(tx, row.id, {
        title: row.title,
        summary: row.summary,
        currentVersion: version,
      });
      await recordChange(tx, {
        actor,
        verb: 'updated',
        action: 'micro_credential.image_changed',
        credential: row,
        issuer: { id: row.issuer_org_id, kind: row.issuer_kind },
        details: { fields: ['image'], version, newVersion: created, imageType },
      });
    });
  } catch (error) {
    await storage.delete(key).catch(() => {});
    throw error;
  }
  await removeUnusedImage(args.db, storage, replaced);
  return getMicroCredential({ db: args.db, actor, credentialId: args.credentialId });
}

/** Removes an image replaced in place once no version shows it any more. */
async function removeUnusedImage(db: Db, storage: Storage, key: string | null): Promise<void> {
  if (key && !(await imageStillUsed(db, key))) await storage.delete(key);
}

async function openImage(storage: Storage, found: { image_key: string; image_type: string } | null) {
  const missing = () => new NotFoundError('No such image.');
  if (!found) throw missing();
  const file = await storage.get(found.image_key);
  if (!file) throw missing();
  return { ...file, contentType: found.image_type, etag: `"${found.image_key.split('/').pop()}"` };
}

/** A version's badge image for anyone, once the credential is published (or retired); 404 otherwise. */
export async function readPublicBadgeImage(args: {
  db: Db;
  storage: Storage;
  credentialId: string;
  version: number;
}) {
  return openImage(args.storage, await findPublicImage(args.db, args.credentialId, args.version));
}

/** A version's badge image for someone who may read the credential (drafts for its issuer's admins). */
export async function readBadgeImage(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  credentialId: string;
  version: number;
}) {
  return openImage(
    args.storage,
    await findReadableImage(args.db, args.actor, args.credentialId, args.version),
  );
}
