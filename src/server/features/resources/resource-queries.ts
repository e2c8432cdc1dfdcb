import { sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import type { Pool } from 'pg';
import { namedQuery, runNamed, statementOf } from '#server/db/named-query.ts';
import type { ResourceItem } from '#server/db/schema.ts';
import type { Audience, ResourceKind } from '#shared/contracts/resources.ts';
import type { Licence } from '#shared/licences.ts';
import { type Viewer, visibleSharedSql } from './audience.ts';
import { type ResourceSummaryRow, resourceSummaryColumns } from './present.ts';

/** A resource's page: its summary, its current version whole and what the viewer may do. */
export type ResourcePageRow = ResourceSummaryRow & {
  audience_id: string | null;
  notes_md: string;
  notes_html: string;
  items: ResourceItem[];
  change_note: string;
  remix_of_version: number | null;
  created_at: Date;
  visible_remix_count: number;
};

/**
 * The page's statement for one viewer, with the resource's id as a marker no uuid can equal: the
 * visibility rules are composed with Drizzle (audience.ts), and building that tree and walking it
 * for values cost a quarter of the page's Node time on every request. Remembered per actor object:
 * a signed-in actor is frozen and shared by every request of its session, and replaced by a new
 * object when anything it stands on changes (platform/auth.ts, session-cache.ts), so the values
 * read from it can never outlive it. An actor not remembered by the session cache is a new
 * object on each request and simply builds afresh.
 */
const PAGE_STATEMENT = 'trellis-resources-page';
const ID_MARK = '\u0000resource-id';
const pageValues = new WeakMap<Viewer, { text: string; values: unknown[]; idAt: number[] }>();

function resourcePageSql(viewer: Viewer, id: string) {
  // The visible remixes are found by remix_of_id alone (offset 0 keeps the other conditions out
  // of that scan): planned generically, `deleted_at is null` drew in a bitmap of the whole
  // library index, every live resource, to count a handful of remixes.
  return sql`select ${resourceSummaryColumns(viewer, 'r')}, r.audience_id, r.remix_of_version, r.created_at,
               v.notes_md, v.notes_html, v.items, v.change_note,
               (select count(*)::int
                  from (select x.* from resources x where x.remix_of_id = r.id offset 0) x
                 where x.deleted_at is null
                   and ${visibleSharedSql(viewer, 'x', { homeShares: true })}) as visible_remix_count
          from resources r
          join resource_versions v on v.resource_id = r.id and v.version = r.version
         where r.id = ${id} and r.deleted_at is null and ${visibleSharedSql(viewer, 'r', { homeShares: true })}`;
}

/** The resource as the viewer may see it now (not deleted, visible), with its current version. */
export async function findResourcePage(db: Db, viewer: Viewer, id: string): Promise<ResourcePageRow | null> {
  let built = pageValues.get(viewer);
  if (!built) {
    const { text, values } = statementOf(PAGE_STATEMENT, resourcePageSql(viewer, ID_MARK));
    built = { text, values, idAt: values.flatMap((v, i) => (v === ID_MARK ? [i] : [])) };
    pageValues.set(viewer, built);
  }
  const values = built.values.slice();
  for (const i of built.idAt) values[i] = id;
  // Tests hold the remembered values to a build for this id, so a value the marker missed fails.
  if (process.env.NODE_ENV === 'test') {
    const fresh = statementOf(PAGE_STATEMENT, resourcePageSql(viewer, id));
    if (fresh.text !== built.text || JSON.stringify(fresh.values) !== JSON.stringify(values))
      throw new Error('The resource page statement remembered for this viewer differs from its build.');
  }
  // The pool drizzle was opened on (client.ts): named statements need the driver itself.
  const pool = (db as Db & { $client: Pool }).$client;
  const { rows } = await runNamed<ResourcePageRow>(pool, PAGE_STATEMENT, built.text, values);
  return rows[0] ?? null;
}

export type VersionRow = {
  resource_id: string;
  version: number;
  kind: ResourceKind;
  title: string;
  summary: string;
  notes_md: string;
  notes_html: string;
  subjects: string[];
  grade_bands: string[];
  alignments: string[];
  licence: Licence;
  items: ResourceItem[];
  change_note: string;
  edited_by: string;
  editor_name: string;
  created_at: Date;
};

export async function findVersion(tx: Tx, resourceId: string, version: number): Promise<VersionRow | null> {
  const { rows } = await tx.execute<VersionRow>(sql`
    select v.*, u.name as editor_name
      from resource_versions v join users u on u.id = v.edited_by
     where v.resource_id = ${resourceId} and v.version = ${version}`);
  return rows[0] ?? null;
}

export type VersionListRow = Pick<
  VersionRow,
  'version' | 'change_note' | 'edited_by' | 'editor_name' | 'created_at'
>;

/** A resource's history, newest first, paged by version number. */
export async function listVersions(
  tx: Tx,
  args: { resourceId: string; before?: number; limit: number },
): Promise<VersionListRow[]> {
  const { rows } = await tx.execute<VersionListRow>(sql`
    select v.version, v.change_note, v.edited_by, u.name as editor_name, v.created_at
      from resource_versions v join users u on u.id = v.edited_by
     where v.resource_id = ${args.resourceId}
       ${args.before ? sql`and v.version < ${args.before}` : sql``}
     order by v.version desc
     limit ${args.limit + 1}`);
  return rows;
}

// A mapped copy: an interface is not indexable, as execute<T> asks.
export type RemixListRow = Pick<ResourceSummaryRow, keyof ResourceSummaryRow> & { created_key: string };

/** Remixes of a resource the viewer may see, newest first, keyset-paged. */
export async function listRemixes(
  tx: Tx,
  viewer: Viewer,
  args: { resourceId: string; cursor?: { at: string; id: string }; limit: number },
): Promise<RemixListRow[]> {
  const after = args.cursor
    ? sql`and (r.created_at, r.id) < (${args.cursor.at}::timestamptz, ${args.cursor.id}::uuid)`
    : sql``;
  const { rows } = await tx.execute<RemixListRow>(sql`
    select ${resourceSummaryColumns(viewer, 'r')}, r.created_at::text as created_key
      from resources r
     where r.remix_of_id = ${args.resourceId} and r.deleted_at is null
       and ${visibleSharedSql(viewer, 'r', { homeShares: true })}
       ${after}
     order by r.created_at desc, r.id desc
     limit ${args.limit + 1}`);
  return rows;
}

export type FileRow = {
  id: string;
  uploader_id: string;
  file_key: string;
  filename: string;
  content_type: string;
  byte_size: number;
};

/**
 * Of these files, those the person may put in the resource: ones they uploaded, or ones already in
 * a version of that resource (a remix's copied files, an earlier version's).
 */
export async function findUsableFiles(
  tx: Tx,
  args: { fileIds: string[]; userId: string; resourceId: string | null },
): Promise<FileRow[]> {
  if (args.fileIds.length === 0) return [];
  const inResource = args.resourceId
    ? sql`or exists (select 1 from resource_version_files vf where vf.file_id = f.id
                       and vf.resource_id = ${args.resourceId})`
    : sql``;
  const { rows } = await tx.execute<FileRow>(sql`
    select f.id, f.uploader_id, f.file_key, f.filename, f.content_type, f.byte_size
      from resource_files f
     where f.id = any(${sql.param(args.fileIds)}::uuid[])
       and (f.uploader_id = ${args.userId} ${inResource})`);
  return rows;
}

export interface VersionWrite {
  resourceId: string;
  version: number;
  kind: ResourceKind;
  title: string;
  summary: string;
  notesMd: string;
  notesHtml: string;
  subjects: string[];
  gradeBands: string[];
  alignments: string[];
  licence: Licence;
  items: ResourceItem[];
  changeNote: string;
  editedBy: string;
}

/** Writes a version whole, and which files it holds (the files a download may reach through it). */
export async function insertVersion(tx: Tx, v: VersionWrite): Promise<void> {
  await tx.execute(sql`
    insert into resource_versions (resource_id, version, kind, title, summary, notes_md, notes_html, subjects,
                                   grade_bands, alignments, licence, items, change_note, edited_by)
    values (${v.resourceId}, ${v.version}, ${v.kind}, ${v.title}, ${v.summary}, ${v.notesMd}, ${v.notesHtml},
            ${sql.param(v.subjects)}::text[], ${sql.param(v.gradeBands)}::text[], ${sql.param(v.alignments)}::text[],
            ${v.licence}, ${JSON.stringify(v.items)}::jsonb, ${v.changeNote}, ${v.editedBy})`);
  const fileIds = [...new Set(v.items.flatMap((i) => (i.type === 'file' ? [i.fileId] : [])))];
  if (fileIds.length)
    await tx.execute(sql`
      insert into resource_version_files (resource_id, version, file_id)
      select ${v.resourceId}, ${v.version}, unnest(${sql.param(fileIds)}::uuid[])`);
}

export async function insertResource(
  tx: Tx,
  r: {
    id: string;
    ownerId: string;
    districtId: string;
    schoolId: string | null;
    audience: Audience;
    audienceId: string | null;
    remixOfId?: string;
    remixOfVersion?: number;
  } & Omit<
    VersionWrite,
    'resourceId' | 'version' | 'notesMd' | 'notesHtml' | 'items' | 'changeNote' | 'editedBy'
  >,
): Promise<void> {
  await tx.execute(sql`
    insert into resources (id, owner_id, district_id, school_id, audience, audience_id, kind, title, summary,
                           subjects, grade_bands, alignments, licence, remix_of_id, remix_of_version)
    values (${r.id}, ${r.ownerId}, ${r.districtId}, ${r.schoolId}, ${r.audience}, ${r.audienceId}, ${r.kind},
            ${r.title}, ${r.summary}, ${sql.param(r.subjects)}::text[], ${sql.param(r.gradeBands)}::text[],
            ${sql.param(r.alignments)}::text[], ${r.licence}, ${r.remixOfId ?? null}, ${r.remixOfVersion ?? null})`);
}

/** Makes a new version the resource's current one, copying the fields lists and search read. */
export async function setCurrentVersion(
  tx: Tx,
  v: VersionWrite & { audience: Audience; audienceId: string | null },
): Promise<void> {
  await tx.execute(sql`
    update resources
       set version = ${v.version}, kind = ${v.kind}, title = ${v.title}, summary = ${v.summary},
           subjects = ${sql.param(v.subjects)}::text[], grade_bands = ${sql.param(v.gradeBands)}::text[],
           alignments = ${sql.param(v.alignments)}::text[], licence = ${v.licence},
           audience = ${v.audience}, audience_id = ${v.audienceId}, updated_at = now()
     where id = ${v.resourceId}`);
}

export async function markDeleted(tx: Tx, id: string): Promise<void> {
  await tx.execute(sql`update resources set deleted_at = now(), updated_at = now() where id = ${id}`);
}

/** The resource a remix was made from, whether or not the owner may still see it. */
export async function findRemixSource(
  tx: Tx,
  remixId: string,
): Promise<{ id: string; audience: Audience; audience_id: string | null } | null> {
  const { rows } = await tx.execute<{ id: string; audience: Audience; audience_id: string | null }>(sql`
    select s.id, s.audience, s.audience_id from resources r join resources s on s.id = r.remix_of_id
     where r.id = ${remixId}`);
  return rows[0] ?? null;
}

export async function countRemix(tx: Tx, sourceId: string): Promise<void> {
  await tx.execute(sql`update resources set remix_count = remix_count + 1 where id = ${sourceId}`);
}

/**
 * A file the viewer may download through this resource: the resource stands, the viewer may see
 * it, and some version of it holds the file.
 */
export async function findDownloadableFile(
  db: Db,
  viewer: Viewer,
  args: { resourceId: string; fileId: string },
): Promise<FileRow | null> {
  const rows = await namedQuery<FileRow>(
    db,
    'resources-download',
    sql`select f.id, f.uploader_id, f.file_key, f.filename, f.content_type, f.byte_size
          from resources r
          join resource_files f on f.id = ${args.fileId}
         where r.id = ${args.resourceId} and r.deleted_at is null
           and ${visibleSharedSql(viewer, 'r', { homeShares: true })}
           and exists (select 1 from resource_version_files vf where vf.resource_id = r.id and vf.file_id = f.id)
           -- A file a remix copied from its source (or the source's source) is served only to
           -- people who may still see every resource it came through: a remix is no way around
           -- its source's audience, even after the source is narrowed.
           and not exists (
             with recursive lineage(id) as (
               select r.remix_of_id
               union
               select s.remix_of_id from resources s join lineage l on s.id = l.id where s.remix_of_id is not null)
             select 1 from lineage l join resources s on s.id = l.id
              where exists (select 1 from resource_version_files vf where vf.resource_id = s.id and vf.file_id = f.id)
                and not ${visibleSharedSql(viewer, 's', { homeShares: true })})`,
  );
  return rows[0] ?? null;
}

export async function insertResourceFile(
  tx: Tx,
  f: { id: string; uploaderId: string; key: string; filename: string; contentType: string; byteSize: number },
): Promise<void> {
  await tx.execute(sql`insert into files (key, owner_id, content_type, byte_size)
    values (${f.key}, ${f.uploaderId}, ${f.contentType}, ${f.byteSize})`);
  await tx.execute(sql`insert into resource_files (id, uploader_id, file_key, filename, content_type, byte_size)
    values (${f.id}, ${f.uploaderId}, ${f.key}, ${f.filename}, ${f.contentType}, ${f.byteSize})`);
}
