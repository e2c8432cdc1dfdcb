import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { decodeCursor, keysetPage } from '#server/platform/cursor.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import {
  type CaseImportResult,
  type Competency,
  type CompetencyChoice,
  type CompetencySearchQuery,
  type CreateCompetencyBody,
  type CreateFrameworkBody,
  FRAMEWORK_COMPETENCIES_MAX,
  type FrameworkDetail,
  type FrameworkListQuery,
  type FrameworkListResponse,
  type FrameworkOwner,
  type FrameworkSummary,
  type UpdateCompetencyBody,
  type UpdateFrameworkBody,
} from '#shared/contracts/frameworks.ts';
import { canAdministerIssuer, issuerOrgIds, scopeOrgIds } from '../policy.ts';
import { caseItem, casePackage, type ExportedCompetency, type ExportedFramework } from './case-export.ts';
import { type CaseFramework, parseCasePackage } from './case-import.ts';
import {
  alignedCompetencyIds,
  appendCompetency,
  type CompetencyChoiceRow,
  type CompetencyRow,
  type CompetencyWrite,
  competenciesByIds,
  deleteCompetencies,
  deleteFramework as deleteFrameworkRows,
  findCaseFramework,
  findCompetency,
  findFramework,
  findPublicCompetency,
  findPublicFramework,
  type FrameworkRow,
  hasChildCompetencies,
  insertCompetencies,
  insertFramework,
  isSelfOrAncestor,
  issuerOrganizations,
  listCompetencies,
  renumberCompetencies,
  rewriteCompetencies,
  searchCompetencies,
  searchFrameworks,
  setFrameworkPublished,
  siblingOrder,
  touchFramework,
  updateCompetencyFields,
  updateFrameworkFields,
} from './queries.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * The organizations whose frameworks the actor reads: those in their scope, and any they administer
 * as an issuer (a network admin may administer a network their own district is not part of).
 */
export const readableOrgIds = (actor: Actor): string[] => [
  ...new Set([...scopeOrgIds(actor), ...issuerOrgIds(actor)]),
];

function presentSummary(row: FrameworkRow): FrameworkSummary {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    owner: { id: row.owner_org_id, name: row.owner_name, kind: row.owner_kind },
    competencyCount: row.competency_count,
    importedFromCase: row.case_identifier !== null,
    published: row.published,
    updatedAt: iso(row.updated_at),
  };
}

function presentCompetency(row: CompetencyRow): Competency {
  return {
    id: row.id,
    parentId: row.parent_id,
    code: row.code,
    statement: row.statement,
    description: row.description,
    position: row.position,
    caseIdentifier: row.case_identifier,
  };
}

const presentChoice = (row: CompetencyChoiceRow): CompetencyChoice => ({
  id: row.id,
  code: row.code,
  statement: row.statement,
  framework: { id: row.framework_id, title: row.framework_title },
});

/**
 * Competencies in tree order: each parent followed by its children (siblings in order). Ones whose
 * parent is missing are treated as top level, so nothing is ever lost from view.
 */
export function inTreeOrder<T extends { id: string; parent_id: string | null }>(rows: T[]): T[] {
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<string | null, T[]>();
  for (const row of rows) {
    const parent = row.parent_id && ids.has(row.parent_id) ? row.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const ordered: T[] = [];
  const stack = [...(children.get(null) ?? [])].reverse();
  for (let next = stack.pop(); next; next = stack.pop()) {
    ordered.push(next);
    stack.push(...[...(children.get(next.id) ?? [])].reverse());
  }
  return ordered;
}

async function loadReadableFramework(tx: Tx, actor: Actor, frameworkId: string, lock = false) {
  const row = await findFramework(tx, frameworkId, readableOrgIds(actor), lock);
  if (!row) throw new NotFoundError('No such framework.');
  return row;
}

/** The framework, locked, for its owner's admins: 404 when the actor may not see it, 403 when they only read it. */
async function loadManagedFramework(tx: Tx, actor: Actor, frameworkId: string) {
  const row = await loadReadableFramework(tx, actor, frameworkId, true);
  if (!canAdministerIssuer(actor, row.owner_org_id))
    throw new ForbiddenError('Only the administrators of the framework’s district or network may change it.');
  return row;
}

/** The competency and its framework (locked), for the framework owner's admins. */
async function loadManagedCompetency(tx: Tx, actor: Actor, competencyId: string) {
  const competency = await findCompetency(tx, competencyId, readableOrgIds(actor));
  if (!competency) throw new NotFoundError('No such competency.');
  const framework = await loadManagedFramework(tx, actor, competency.framework_id);
  return { competency, framework };
}

/** Frameworks the actor may read, by title, filtered by words in the title or description. */
export async function listFrameworks(args: {
  db: Db;
  actor: Actor;
  query: FrameworkListQuery;
}): Promise<FrameworkListResponse> {
  const { query } = args;
  const rows = await searchFrameworks(args.db, readableOrgIds(args.actor), {
    q: query.q?.trim() || undefined,
    after: query.cursor ? decodeTitleCursor(query.cursor) : undefined,
    limit: query.limit,
  });
  const { shown, nextCursor } = keysetPage(rows, query.limit, (row) => [row.title, row.id]);
  return { data: shown.map(presentSummary), nextCursor };
}

function decodeTitleCursor(cursor: string): { title: string; id: string } {
  const bad = () => invalidField('/querystring/cursor', 'is not a cursor this list gave');
  const [title, id] = decodeCursor(cursor, 2, bad) as [unknown, string];
  if (typeof title !== 'string') throw bad();
  return { title, id };
}

/** A framework with all its competencies, flat in tree order; 404 when the actor may not see it. */
export async function getFramework(args: {
  db: Tx;
  actor: Actor;
  frameworkId: string;
}): Promise<FrameworkDetail> {
  const row = await loadReadableFramework(args.db, args.actor, args.frameworkId);
  const competencies = inTreeOrder(await listCompetencies(args.db, row.id));
  return {
    ...presentSummary(row),
    creator: row.creator,
    version: row.version,
    caseIdentifier: row.case_identifier,
    caseUri: row.case_uri,
    competencies: competencies.map(presentCompetency),
    createdAt: iso(row.created_at),
    viewer: { canManage: canAdministerIssuer(args.actor, row.owner_org_id) },
  };
}

function requireIssuer(actor: Actor, ownerOrgId: string): void {
  if (!canAdministerIssuer(actor, ownerOrgId))
    throw new ForbiddenError(
      'Frameworks belong to a district or network, and you administer neither this one.',
    );
}

/** An issuer's admin creates an empty framework, recorded in the activity stream. */
export async function createFramework(args: {
  db: Db;
  actor: Actor;
  body: CreateFrameworkBody;
}): Promise<FrameworkDetail> {
  const { actor, body } = args;
  requireIssuer(actor, body.ownerOrgId);
  const id = uuidv7();
  await args.db.transaction(async (tx) => {
    await insertFramework(tx, {
      id,
      ownerOrgId: body.ownerOrgId,
      title: body.title,
      description: body.description,
      createdBy: actor.userId,
    });
    await recordActivity(tx, {
      actor,
      verb: 'created',
      object: { type: 'competency-framework', id, name: body.title },
    });
  });
  return getFramework({ db: args.db, actor, frameworkId: id });
}

/**
 * The owner's admins edit the title or description, or publish the framework on the public CASE
 * addresses (or make it private again), which the audit log records.
 */
export async function updateFramework(args: {
  db: Db;
  actor: Actor;
  frameworkId: string;
  body: UpdateFrameworkBody;
}): Promise<FrameworkDetail> {
  const { published, ...words } = args.body;
  await args.db.transaction(async (tx) => {
    const row = await loadManagedFramework(tx, args.actor, args.frameworkId);
    if (words.title !== undefined || words.description !== undefined)
      await updateFrameworkFields(tx, row.id, { ...words, caseLastChangeAt: null });
    if (published !== undefined && published !== row.published) {
      await setFrameworkPublished(tx, row.id, published);
      await recordAudit(tx, {
        actorId: args.actor.userId,
        action: published ? 'framework.published' : 'framework.unpublished',
        target: { type: 'competency_framework', id: row.id },
        districtId: args.actor.districtId,
        details: { title: row.title },
      });
    }
  });
  return getFramework({ db: args.db, actor: args.actor, frameworkId: args.frameworkId });
}

/** The owner's admins delete a framework and its competencies, unless a credential is aligned to one. */
export async function deleteFramework(args: { db: Db; actor: Actor; frameworkId: string }): Promise<void> {
  await args.db.transaction(async (tx) => {
    const row = await loadManagedFramework(tx, args.actor, args.frameworkId);
    const ids = (await listCompetencies(tx, row.id)).map((c) => c.id);
    const aligned = await alignedCompetencyIds(tx, ids);
    if (aligned.size)
      throw new ConflictError(
        `Micro-credentials are aligned to ${aligned.size} of this framework’s competencies, so it cannot be deleted.`,
      );
    await deleteFrameworkRows(tx, row.id);
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'framework.deleted',
      target: { type: 'competency_framework', id: row.id },
      districtId: args.actor.districtId,
      details: { title: row.title, competencies: ids.length },
    });
  });
}

/** A parent named for a competency must be one of the same framework. */
async function checkParent(tx: Tx, frameworkId: string, parentId: string | null): Promise<void> {
  if (parentId === null) return;
  const parent = await findCompetency(tx, parentId, null);
  if (!parent || parent.framework_id !== frameworkId)
    throw invalidField('/body/parentId', 'is not a competency of this framework');
}

/** The owner's admins add a competency at the end of its parent's children (or of the top level). */
export async function addCompetency(args: {
  db: Db;
  actor: Actor;
  frameworkId: string;
  body: CreateCompetencyBody;
}): Promise<Competency> {
  const { body } = args;
  const id = uuidv7();
  await args.db.transaction(async (tx) => {
    const framework = await loadManagedFramework(tx, args.actor, args.frameworkId);
    if (framework.competency_count >= FRAMEWORK_COMPETENCIES_MAX)
      throw new ConflictError(`A framework holds at most ${FRAMEWORK_COMPETENCIES_MAX} competencies.`);
    await checkParent(tx, framework.id, body.parentId);
    await appendCompetency(tx, {
      id,
      frameworkId: framework.id,
      parentId: body.parentId,
      code: body.code,
      statement: body.statement,
      description: body.description,
    });
    await touchFramework(tx, framework.id);
  });
  const row = await findCompetency(args.db, id, null);
  return presentCompetency(row!);
}

/**
 * The owner's admins edit a competency's words or move it: under another parent of the same
 * framework (never under itself or one of its own), and to a place among its new siblings (the end
 * when only the parent changes). Both old and new siblings are renumbered so places stay 0..n-1.
 */
export async function updateCompetency(args: {
  db: Db;
  actor: Actor;
  competencyId: string;
  body: UpdateCompetencyBody;
}): Promise<Competency> {
  const { body } = args;
  await args.db.transaction(async (tx) => {
    const { competency, framework } = await loadManagedCompetency(tx, args.actor, args.competencyId);
    const from = competency.parent_id;
    const to = body.parentId === undefined ? from : body.parentId;
    if (to !== from) {
      await checkParent(tx, framework.id, to);
      if (to !== null && (await isSelfOrAncestor(tx, competency.id, to)))
        throw invalidField(
          '/body/parentId',
          'is this competency or one under it; a competency cannot sit under itself',
        );
    }
    await updateCompetencyFields(tx, competency.id, {
      code: body.code,
      statement: body.statement,
      description: body.description,
      parentId: to !== from ? to : undefined,
    });
    if (to !== from || body.position !== undefined) {
      const siblings = (await siblingOrder(tx, framework.id, to)).filter((id) => id !== competency.id);
      const place = body.position ?? (to !== from ? siblings.length : competency.position);
      siblings.splice(Math.min(place, siblings.length), 0, competency.id);
      await renumberCompetencies(tx, siblings);
      if (to !== from) await renumberCompetencies(tx, await siblingOrder(tx, framework.id, from));
    }
    await touchFramework(tx, framework.id);
  });
  const row = await findCompetency(args.db, args.competencyId, null);
  return presentCompetency(row!);
}

/** The owner's admins delete a competency with no children that no micro-credential is aligned to. */
export async function deleteCompetency(args: { db: Db; actor: Actor; competencyId: string }): Promise<void> {
  await args.db.transaction(async (tx) => {
    const { competency, framework } = await loadManagedCompetency(tx, args.actor, args.competencyId);
    if (await hasChildCompetencies(tx, competency.id))
      throw new ConflictError('This competency has competencies under it: delete or move them first.');
    if ((await alignedCompetencyIds(tx, [competency.id])).size)
      throw new ConflictError('A micro-credential is aligned to this competency, so it cannot be deleted.');
    await deleteCompetencies(tx, [competency.id]);
    await renumberCompetencies(tx, await siblingOrder(tx, framework.id, competency.parent_id));
    await touchFramework(tx, framework.id);
  });
}

/** Competencies of frameworks the actor may read: by words or code, or exactly the ids named. */
export async function findCompetencyChoices(args: {
  db: Db;
  actor: Actor;
  query: CompetencySearchQuery;
}): Promise<CompetencyChoice[]> {
  const orgIds = readableOrgIds(args.actor);
  const { query } = args;
  const rows = query.ids
    ? await competenciesByIds(args.db, orgIds, [...new Set(query.ids)])
    : await searchCompetencies(args.db, orgIds, { q: query.q?.trim() || undefined, limit: query.limit });
  return rows.map(presentChoice);
}

/** The districts and networks the actor may create and import frameworks for. */
export async function frameworkOwnerOptions(args: { db: Db; actor: Actor }): Promise<FrameworkOwner[]> {
  return issuerOrganizations(args.db, issuerOrgIds(args.actor));
}

/** Whether an imported competency's stored row already says what the package says. */
const sameCompetency = (row: CompetencyRow, next: CompetencyWrite) =>
  row.parent_id === next.parentId &&
  row.code === next.code &&
  row.statement === next.statement &&
  row.description === next.description &&
  row.item_type === next.itemType &&
  row.case_uri === next.caseUri &&
  isoOrNull(row.case_last_change_at) === next.caseLastChangeAt &&
  row.position === next.position;

const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

/**
 * Writes a CASE framework for an owner: new the first time, updated in place by identifier when the
 * owner imported the same CFDocument before. Competencies the package no longer has are deleted
 * unless a micro-credential is aligned to them; those are kept (at the end of their parent's
 * children, or at the top level when their parent went).
 */
async function writeCaseFramework(
  tx: Tx,
  ownerOrgId: string,
  actor: Actor,
  framework: CaseFramework,
): Promise<CaseImportResult> {
  const { document } = framework;
  const existing = await findCaseFramework(tx, ownerOrgId, document.identifier);
  const frameworkId = existing?.id ?? uuidv7();
  const fields = {
    title: document.title,
    description: document.description,
    creator: document.creator,
    version: document.version,
    caseUri: document.uri,
    caseLastChangeAt: document.lastChangeAt,
  };
  if (existing) await updateFrameworkFields(tx, frameworkId, fields);
  else
    await insertFramework(tx, {
      id: frameworkId,
      ownerOrgId,
      ...fields,
      caseIdentifier: document.identifier,
      createdBy: actor.userId,
    });

  const stored = existing ? await listCompetencies(tx, frameworkId) : [];
  const byIdentifier = new Map(stored.flatMap((c) => (c.case_identifier ? [[c.case_identifier, c]] : [])));
  const idOf = new Map<string, string>();
  for (const c of framework.competencies)
    idOf.set(c.identifier, byIdentifier.get(c.identifier)?.id ?? uuidv7());

  const inserts: CompetencyWrite[] = [];
  const rewrites: CompetencyWrite[] = [];
  let unchanged = 0;
  for (const c of framework.competencies) {
    const write: CompetencyWrite = {
      id: idOf.get(c.identifier)!,
      parentId: c.parentIdentifier === null ? null : idOf.get(c.parentIdentifier)!,
      code: c.code,
      statement: c.statement,
      description: c.description,
      itemType: c.itemType,
      caseIdentifier: c.identifier,
      caseUri: c.uri,
      caseLastChangeAt: c.lastChangeAt,
      position: c.position,
    };
    const before = byIdentifier.get(c.identifier);
    if (!before) inserts.push(write);
    else if (sameCompetency(before, write)) unchanged++;
    else rewrites.push(write);
  }

  const present = new Set(idOf.values());
  const missing = stored.filter((c) => !present.has(c.id));
  const aligned = await alignedCompetencyIds(
    tx,
    missing.map((c) => c.id),
  );
  const kept = missing.filter((c) => aligned.has(c.id));
  const removed = missing.filter((c) => !aligned.has(c.id));
  rewrites.push(...placeKept(kept, present, framework, idOf));

  await deleteCompetencies(
    tx,
    removed.map((c) => c.id),
  );
  await insertCompetencies(tx, frameworkId, inserts);
  await rewriteCompetencies(tx, rewrites);
  return {
    frameworkId,
    title: document.title,
    createdFramework: !existing,
    created: inserts.length,
    updated: rewrites.length - kept.length,
    unchanged,
    removed: removed.length,
    kept: kept.length,
  };
}

/**
 * Where kept competencies go: under their parent when it stays (in the package, or kept too), else at
 * the top level; after the package's own competencies there, in their old order.
 */
function placeKept(
  kept: CompetencyRow[],
  present: Set<string>,
  framework: CaseFramework,
  idOf: Map<string, string>,
): CompetencyWrite[] {
  const keptIds = new Set(kept.map((c) => c.id));
  const nextPlace = new Map<string | null, number>();
  for (const c of framework.competencies) {
    const parent = c.parentIdentifier === null ? null : idOf.get(c.parentIdentifier)!;
    nextPlace.set(parent, Math.max(nextPlace.get(parent) ?? 0, c.position + 1));
  }
  return inTreeOrder(kept).map((c) => {
    const parentId =
      c.parent_id && (present.has(c.parent_id) || keptIds.has(c.parent_id)) ? c.parent_id : null;
    const position = nextPlace.get(parentId) ?? 0;
    nextPlace.set(parentId, position + 1);
    return {
      id: c.id,
      parentId,
      code: c.code,
      statement: c.statement,
      description: c.description,
      itemType: c.item_type,
      caseIdentifier: c.case_identifier,
      caseUri: c.case_uri,
      caseLastChangeAt: isoOrNull(c.case_last_change_at),
      position,
    };
  });
}

/**
 * An issuer's admin imports a CASE 1.0 package (JSON already parsed; its problems are named under
 * `packagePath`) as a framework, or re-imports it, updating in place, all in one transaction.
 */
export async function importCaseFramework(args: {
  db: Db;
  actor: Actor;
  ownerOrgId: string;
  casePackage: unknown;
  packagePath: string;
}): Promise<CaseImportResult> {
  const { actor } = args;
  requireIssuer(actor, args.ownerOrgId);
  const framework = parseCasePackage(args.casePackage, args.packagePath);
  return args.db.transaction(async (tx) => {
    const result = await writeCaseFramework(tx, args.ownerOrgId, actor, framework);
    const counts = {
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
      removed: result.removed,
      kept: result.kept,
    };
    await recordActivity(tx, {
      actor,
      verb: 'imported',
      object: { type: 'competency-framework', id: result.frameworkId, name: result.title },
      result: { extensions: { 'https://trellis.dev/xapi/extensions/case-import': counts } },
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'framework.imported',
      target: { type: 'competency_framework', id: result.frameworkId },
      districtId: actor.districtId,
      details: { title: result.title, caseIdentifier: framework.document.identifier, ...counts },
    });
    return result;
  });
}

const exportedFramework = (row: FrameworkRow): ExportedFramework => ({
  id: row.id,
  title: row.title,
  description: row.description,
  creator: row.creator,
  version: row.version,
  caseIdentifier: row.case_identifier,
  caseUri: row.case_uri,
  ownerName: row.owner_name,
  lastChangeAt: new Date(row.case_last_change_at ?? row.updated_at),
});

const exportedCompetency = (row: CompetencyRow): ExportedCompetency => ({
  id: row.id,
  parentId: row.parent_id,
  code: row.code,
  statement: row.statement,
  description: row.description,
  itemType: row.item_type,
  caseIdentifier: row.case_identifier,
  caseUri: row.case_uri,
  position: row.position,
  lastChangeAt: new Date(row.case_last_change_at ?? row.updated_at),
});

/** Whose frameworks a visitor of the public CASE addresses may read although they are not published. */
const publicViewerOrgIds = (viewer: Actor | null) => (viewer ? readableOrgIds(viewer) : []);

/**
 * A competency as a public CASE CFItem: what Open Badges alignments point at. Served to anyone when
 * its framework is published, else only to the owner's scope (404 for everyone else).
 */
export async function getPublicCompetency(args: {
  db: Db;
  viewer: Actor | null;
  competencyId: string;
  publicUrl: string;
}) {
  const orgIds = publicViewerOrgIds(args.viewer);
  const competency = await findPublicCompetency(args.db, args.competencyId, orgIds);
  if (!competency) throw new NotFoundError('No such competency.');
  const framework = await findPublicFramework(args.db, competency.framework_id, orgIds);
  if (!framework) throw new NotFoundError('No such competency.');
  return caseItem(args.publicUrl, exportedFramework(framework), exportedCompetency(competency));
}

/**
 * A framework as a public CASE 1.0 CFPackage, importable again: to anyone when published, else
 * only to the owner's scope (404 for everyone else).
 */
export async function getPublicFrameworkPackage(args: {
  db: Db;
  viewer: Actor | null;
  frameworkId: string;
  publicUrl: string;
}) {
  const framework = await findPublicFramework(args.db, args.frameworkId, publicViewerOrgIds(args.viewer));
  if (!framework) throw new NotFoundError('No such framework.');
  const list = inTreeOrder(await listCompetencies(args.db, framework.id));
  return casePackage(args.publicUrl, exportedFramework(framework), list.map(exportedCompetency));
}
