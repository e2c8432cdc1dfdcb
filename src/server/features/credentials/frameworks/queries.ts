/**
 * All SQL of competency frameworks. Lists are filtered to the organizations the viewer may read
 * (given as `orgIds`, from the credentials policy) in SQL, so no other framework leaves the database.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';

export type FrameworkRow = {
  id: string;
  owner_org_id: string;
  owner_name: string;
  owner_kind: 'district' | 'network';
  title: string;
  description: string;
  creator: string;
  version: string;
  case_identifier: string | null;
  case_uri: string | null;
  case_last_change_at: Date | string | null;
  published: boolean;
  competency_count: number;
  created_at: Date | string;
  updated_at: Date | string;
};

export type CompetencyRow = {
  id: string;
  framework_id: string;
  parent_id: string | null;
  code: string;
  statement: string;
  description: string;
  item_type: string;
  case_identifier: string | null;
  case_uri: string | null;
  case_last_change_at: Date | string | null;
  position: number;
  created_at: Date | string;
  updated_at: Date | string;
};

const frameworkColumns = sql`
  f.id, f.owner_org_id, o.name as owner_name, o.kind as owner_kind, f.title, f.description, f.creator,
  f.version, f.case_identifier, f.case_uri, f.case_last_change_at, f.published,
  (select count(*) from competencies c where c.framework_id = f.id)::int as competency_count,
  f.created_at, f.updated_at`;

const readable = (orgIds: string[] | null) =>
  orgIds === null ? sql`true` : sql`f.owner_org_id = any(${sql.param(orgIds)}::uuid[])`;

/** On the public CASE addresses: published frameworks, and private ones to their owner's scope. */
const publicOrReadable = (orgIds: string[]) => sql`(f.published or ${readable(orgIds)})`;

/** The framework as the public CASE addresses serve it: published, or readable by the viewer. */
export async function findPublicFramework(
  tx: Tx,
  frameworkId: string,
  viewerOrgIds: string[],
): Promise<FrameworkRow | null> {
  const { rows } = await tx.execute<FrameworkRow>(sql`
    select ${frameworkColumns} from competency_frameworks f join organizations o on o.id = f.owner_org_id
     where f.id = ${frameworkId} and ${publicOrReadable(viewerOrgIds)}`);
  return rows[0] ?? null;
}

/** The competency as the public CASE addresses serve it: its framework published, or readable by the viewer. */
export async function findPublicCompetency(
  tx: Tx,
  competencyId: string,
  viewerOrgIds: string[],
): Promise<CompetencyRow | null> {
  const { rows } = await tx.execute<CompetencyRow>(sql`
    select c.* from competencies c join competency_frameworks f on f.id = c.framework_id
     where c.id = ${competencyId} and ${publicOrReadable(viewerOrgIds)}`);
  return rows[0] ?? null;
}

/** Publishes a framework on the public CASE addresses, or makes it private again. */
export async function setFrameworkPublished(tx: Tx, frameworkId: string, published: boolean): Promise<void> {
  await tx.execute(sql`update competency_frameworks set published = ${published} where id = ${frameworkId}`);
}

/**
 * The framework if the viewer may read it (`orgIds` null: anyone, for the public CASE answers);
 * with `lock`, locked until the transaction ends so its competencies change one writer at a time.
 */
export async function findFramework(
  tx: Tx,
  frameworkId: string,
  orgIds: string[] | null,
  lock = false,
): Promise<FrameworkRow | null> {
  const { rows } = await tx.execute<FrameworkRow>(sql`
    select ${frameworkColumns} from competency_frameworks f join organizations o on o.id = f.owner_org_id
     where f.id = ${frameworkId} and ${readable(orgIds)}
     ${lock ? sql`for no key update of f` : sql``}`);
  return rows[0] ?? null;
}

/** Frameworks the viewer may read, by title, keyset-paged; one more than `limit`. */
export async function searchFrameworks(
  tx: Tx,
  orgIds: string[],
  args: { q?: string; after?: { title: string; id: string }; limit: number },
): Promise<FrameworkRow[]> {
  const { rows } = await tx.execute<FrameworkRow>(sql`
    select ${frameworkColumns} from competency_frameworks f join organizations o on o.id = f.owner_org_id
     where ${readable(orgIds)}
       ${
         args.q
           ? sql`and (strpos(lower(f.title), lower(${args.q})) > 0
                      or strpos(lower(f.description), lower(${args.q})) > 0)`
           : sql``
       }
       ${args.after ? sql`and (f.title, f.id) > (${args.after.title}, ${args.after.id}::uuid)` : sql``}
     order by f.title, f.id
     limit ${args.limit + 1}`);
  return rows;
}

/** A framework by the CASE document it was imported from, locked, if this owner imported it before. */
export async function findCaseFramework(
  tx: Tx,
  ownerOrgId: string,
  caseIdentifier: string,
): Promise<{ id: string } | null> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    select id from competency_frameworks
     where owner_org_id = ${ownerOrgId} and case_identifier = ${caseIdentifier}
     for no key update`);
  return rows[0] ?? null;
}

export async function insertFramework(
  tx: Tx,
  f: {
    id: string;
    ownerOrgId: string;
    title: string;
    description: string;
    creator?: string;
    version?: string;
    caseIdentifier?: string | null;
    caseUri?: string | null;
    caseLastChangeAt?: string | null;
    createdBy: string;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into competency_frameworks
      (id, owner_org_id, title, description, creator, version, case_identifier, case_uri,
       case_last_change_at, created_by)
    values (${f.id}, ${f.ownerOrgId}, ${f.title}, ${f.description}, ${f.creator ?? ''}, ${f.version ?? ''},
            ${f.caseIdentifier ?? null}, ${f.caseUri ?? null}, ${f.caseLastChangeAt ?? null}::timestamptz,
            ${f.createdBy})`);
}

export async function updateFrameworkFields(
  tx: Tx,
  frameworkId: string,
  fields: {
    title?: string;
    description?: string;
    creator?: string;
    version?: string;
    caseUri?: string | null;
    /** The CASE source's change time (an import); null when the change is made in Trellis. */
    caseLastChangeAt?: string | null;
  },
): Promise<void> {
  const sets = [sql`updated_at = now()`];
  if (fields.caseLastChangeAt !== undefined)
    sets.push(sql`case_last_change_at = ${fields.caseLastChangeAt}::timestamptz`);
  if (fields.title !== undefined) sets.push(sql`title = ${fields.title}`);
  if (fields.description !== undefined) sets.push(sql`description = ${fields.description}`);
  if (fields.creator !== undefined) sets.push(sql`creator = ${fields.creator}`);
  if (fields.version !== undefined) sets.push(sql`version = ${fields.version}`);
  if (fields.caseUri !== undefined) sets.push(sql`case_uri = ${fields.caseUri}`);
  await tx.execute(
    sql`update competency_frameworks set ${sql.join(sets, sql`, `)} where id = ${frameworkId}`,
  );
}

/** Marks the framework changed in Trellis, after its competencies changed: it is now Trellis's change. */
export async function touchFramework(tx: Tx, frameworkId: string): Promise<void> {
  await tx.execute(
    sql`update competency_frameworks set updated_at = now(), case_last_change_at = null where id = ${frameworkId}`,
  );
}

export async function deleteFramework(tx: Tx, frameworkId: string): Promise<void> {
  await tx.execute(sql`delete from competencies where framework_id = ${frameworkId}`);
  await tx.execute(sql`delete from competency_frameworks where id = ${frameworkId}`);
}

/** Every competency of a framework, siblings in order (the tree is put together by the caller). */
export async function listCompetencies(tx: Tx, frameworkId: string): Promise<CompetencyRow[]> {
  const { rows } = await tx.execute<CompetencyRow>(sql`
    select * from competencies where framework_id = ${frameworkId} order by position, created_at, id`);
  return rows;
}

/** The competency with its framework's owner, if the viewer may read it (`orgIds` null: anyone). */
export async function findCompetency(
  tx: Tx,
  competencyId: string,
  orgIds: string[] | null,
): Promise<(CompetencyRow & { owner_org_id: string }) | null> {
  const { rows } = await tx.execute<CompetencyRow & { owner_org_id: string }>(sql`
    select c.*, f.owner_org_id from competencies c join competency_frameworks f on f.id = c.framework_id
     where c.id = ${competencyId} and ${readable(orgIds)}`);
  return rows[0] ?? null;
}

/** Adds a competency after its last sibling. */
export async function appendCompetency(
  tx: Tx,
  c: {
    id: string;
    frameworkId: string;
    parentId: string | null;
    code: string;
    statement: string;
    description: string;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into competencies (id, framework_id, parent_id, code, statement, description, position)
    values (${c.id}, ${c.frameworkId}, ${c.parentId}, ${c.code}, ${c.statement}, ${c.description},
            (select coalesce(max(position) + 1, 0) from competencies
              where framework_id = ${c.frameworkId} and parent_id is not distinct from ${c.parentId}::uuid))`);
}

export async function updateCompetencyFields(
  tx: Tx,
  competencyId: string,
  fields: { code?: string; statement?: string; description?: string; parentId?: string | null },
): Promise<void> {
  // Edited in Trellis: from now on its CASE lastChangeDateTime is Trellis's own update time.
  const sets = [sql`updated_at = now()`, sql`case_last_change_at = null`];
  if (fields.code !== undefined) sets.push(sql`code = ${fields.code}`);
  if (fields.statement !== undefined) sets.push(sql`statement = ${fields.statement}`);
  if (fields.description !== undefined) sets.push(sql`description = ${fields.description}`);
  if (fields.parentId !== undefined) sets.push(sql`parent_id = ${fields.parentId}::uuid`);
  await tx.execute(sql`update competencies set ${sql.join(sets, sql`, `)} where id = ${competencyId}`);
}

/** The ids of a parent's children (null: the top level), in order. */
export async function siblingOrder(tx: Tx, frameworkId: string, parentId: string | null): Promise<string[]> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    select id from competencies
     where framework_id = ${frameworkId} and parent_id is not distinct from ${parentId}::uuid
     order by position, created_at, id`);
  return rows.map((r) => r.id);
}

/** Sets positions 0..n-1 in the given order, touching only rows whose place changes. */
export async function renumberCompetencies(tx: Tx, order: string[]): Promise<void> {
  if (!order.length) return;
  await tx.execute(sql`
    update competencies c set position = o.ord - 1
      from unnest(${sql.param(order)}::uuid[]) with ordinality as o(id, ord)
     where c.id = o.id and c.position <> o.ord - 1`);
}

/** Whether `ancestorId` is `competencyId` itself or above it in the tree. */
export async function isSelfOrAncestor(tx: Tx, ancestorId: string, competencyId: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    with recursive up(id, parent_id) as (
      select id, parent_id from competencies where id = ${competencyId}
      union
      select c.id, c.parent_id from competencies c join up on c.id = up.parent_id
    )
    select 1 from up where id = ${ancestorId} limit 1`);
  return rows.length > 0;
}

export async function hasChildCompetencies(tx: Tx, competencyId: string): Promise<boolean> {
  const { rows } = await tx.execute(
    sql`select 1 from competencies where parent_id = ${competencyId} limit 1`,
  );
  return rows.length > 0;
}

/** Of the given competencies, those any version of any micro-credential is aligned to. */
export async function alignedCompetencyIds(tx: Tx, competencyIds: string[]): Promise<Set<string>> {
  if (!competencyIds.length) return new Set();
  const { rows } = await tx.execute<{ id: string }>(sql`
    select distinct a.id from micro_credential_versions v
      cross join lateral unnest(v.competency_ids) as a(id)
     where v.competency_ids && ${sql.param(competencyIds)}::uuid[]
       and a.id = any(${sql.param(competencyIds)}::uuid[])`);
  return new Set(rows.map((r) => r.id));
}

export async function deleteCompetencies(tx: Tx, competencyIds: string[]): Promise<void> {
  if (!competencyIds.length) return;
  await tx.execute(sql`delete from competencies where id = any(${sql.param(competencyIds)}::uuid[])`);
}

/** A competency row as the import writes it, whole. */
export interface CompetencyWrite {
  id: string;
  parentId: string | null;
  code: string;
  statement: string;
  description: string;
  itemType: string;
  caseIdentifier: string | null;
  caseUri: string | null;
  /** The CASE source's lastChangeDateTime (ISO), when it gave one. */
  caseLastChangeAt: string | null;
  position: number;
}

const asRecordset = (list: CompetencyWrite[]) =>
  JSON.stringify(
    list.map((c) => ({
      id: c.id,
      parent_id: c.parentId,
      code: c.code,
      statement: c.statement,
      description: c.description,
      item_type: c.itemType,
      case_identifier: c.caseIdentifier,
      case_uri: c.caseUri,
      case_last_change_at: c.caseLastChangeAt,
      position: c.position,
    })),
  );
const recordsetColumns = sql`x(id uuid, parent_id uuid, code text, statement text, description text,
  item_type text, case_identifier text, case_uri text, case_last_change_at timestamptz, position int)`;

/** Inserts many competencies of a framework in one statement. */
export async function insertCompetencies(
  tx: Tx,
  frameworkId: string,
  list: CompetencyWrite[],
): Promise<void> {
  if (!list.length) return;
  await tx.execute(sql`
    insert into competencies
      (id, framework_id, parent_id, code, statement, description, item_type, case_identifier, case_uri,
       case_last_change_at, position)
    select x.id, ${frameworkId}, x.parent_id, x.code, x.statement, x.description, x.item_type,
           x.case_identifier, x.case_uri, x.case_last_change_at, x.position
      from jsonb_to_recordset(${asRecordset(list)}::jsonb) as ${recordsetColumns}`);
}

/** Rewrites many competencies whole in one statement. */
export async function rewriteCompetencies(tx: Tx, list: CompetencyWrite[]): Promise<void> {
  if (!list.length) return;
  await tx.execute(sql`
    update competencies c
       set parent_id = x.parent_id, code = x.code, statement = x.statement, description = x.description,
           item_type = x.item_type, case_identifier = x.case_identifier, case_uri = x.case_uri,
           case_last_change_at = x.case_last_change_at, position = x.position, updated_at = now()
      from jsonb_to_recordset(${asRecordset(list)}::jsonb) as ${recordsetColumns}
     where c.id = x.id`);
}

export type CompetencyChoiceRow = {
  id: string;
  code: string;
  statement: string;
  framework_id: string;
  framework_title: string;
};

const choiceColumns = sql`c.id, c.code, c.statement, f.id as framework_id, f.title as framework_title`;

/**
 * Competencies in readable frameworks whose code or statement holds the words: codes that start with
 * them first, then other matches, each by framework and code.
 */
export async function searchCompetencies(
  tx: Tx,
  orgIds: string[],
  args: { q?: string; limit: number },
): Promise<CompetencyChoiceRow[]> {
  const q = args.q?.toLowerCase();
  const { rows } = await tx.execute<CompetencyChoiceRow>(sql`
    select ${choiceColumns}
      from competencies c join competency_frameworks f on f.id = c.framework_id
     where ${readable(orgIds)}
       ${q ? sql`and (strpos(lower(c.code), ${q}) > 0 or strpos(lower(c.statement), ${q}) > 0)` : sql``}
     order by ${q ? sql`(strpos(lower(c.code), ${q}) = 1) desc,` : sql``} f.title, f.id, c.code, c.statement, c.id
     limit ${args.limit}`);
  return rows;
}

/** The named competencies in readable frameworks, in the order named. */
export async function competenciesByIds(
  tx: Tx,
  orgIds: string[],
  competencyIds: string[],
): Promise<CompetencyChoiceRow[]> {
  if (!competencyIds.length) return [];
  const { rows } = await tx.execute<CompetencyChoiceRow>(sql`
    select ${choiceColumns}
      from unnest(${sql.param(competencyIds)}::uuid[]) with ordinality as wanted(id, ord)
      join competencies c on c.id = wanted.id
      join competency_frameworks f on f.id = c.framework_id
     where ${readable(orgIds)}
     order by wanted.ord`);
  return rows;
}

/** Names and kinds of the given organizations (districts and networks), by name. */
export async function issuerOrganizations(
  tx: Tx,
  orgIds: string[],
): Promise<Array<{ id: string; name: string; kind: 'district' | 'network' }>> {
  if (!orgIds.length) return [];
  const { rows } = await tx.execute<{ id: string; name: string; kind: 'district' | 'network' }>(sql`
    select id, name, kind from organizations
     where id = any(${sql.param(orgIds)}::uuid[]) and kind in ('district', 'network')
     order by name, id`);
  return rows;
}
