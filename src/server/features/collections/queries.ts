/**
 * All SQL of the collections feature. Collections and the resources in them are filtered by the
 * shared visibility policy (resources/audience.ts) in SQL, so nothing the viewer may not see leaves
 * the database: hidden items are counted, never selected.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { Audience } from '#shared/contracts/resources.ts';
import {
  audienceNameSql,
  resourceSummaryColumns,
  type ResourceSummaryRow,
  type Viewer,
  visibleSharedSql,
} from '../resources/index.ts';

export type CollectionRow = {
  id: string;
  owner_id: string;
  owner_name: string | null;
  audience: Audience;
  audience_id: string | null;
  audience_name: string | null;
  title: string;
  description: string;
  item_count: number;
  created_at: Date | string;
  updated_at: Date | string;
  /** updated_at as PostgreSQL prints it (microseconds kept), for cursors. */
  updated_key: string;
};

/** SQL: the columns of a CollectionRow from `collections` aliased `c`, as the viewer sees them. */
export const collectionColumns = (viewer: Viewer) => sql`
  c.id, c.owner_id, (select cu.name from users cu where cu.id = c.owner_id) as owner_name, c.audience,
  c.audience_id, ${audienceNameSql(viewer, 'c')} as audience_name, c.title, c.description, c.item_count,
  c.created_at, c.updated_at, c.updated_at::text as updated_key`;

/** The collection if it stands and the viewer may see it; with `lock`, locked until the transaction ends. */
export async function findVisibleCollection(
  tx: Tx,
  viewer: Viewer,
  collectionId: string,
  lock = false,
): Promise<CollectionRow | null> {
  const { rows } = await tx.execute<CollectionRow>(sql`
    select ${collectionColumns(viewer)} from collections c
     where c.id = ${collectionId} and c.deleted_at is null
       and ${visibleSharedSql(viewer, 'c', { homeShares: false })}
     ${lock ? sql`for no key update of c` : sql``}`);
  return rows[0] ?? null;
}

/** Collections the viewer may see, newest updated first, keyset-paged; one more than `limit`. */
export async function searchCollections(
  tx: Tx,
  viewer: Viewer,
  args: {
    q?: string;
    mine: boolean;
    after?: { at: string; id: string };
    limit: number;
  },
): Promise<CollectionRow[]> {
  const { rows } = await tx.execute<CollectionRow>(sql`
    select ${collectionColumns(viewer)} from collections c
     where c.deleted_at is null
       and ${visibleSharedSql(viewer, 'c', { homeShares: false })}
       ${args.mine ? sql`and c.owner_id = ${viewer.userId}` : sql``}
       ${
         args.q
           ? sql`and (strpos(lower(c.title), lower(${args.q})) > 0
                      or strpos(lower(c.description), lower(${args.q})) > 0)`
           : sql``
       }
       ${args.after ? sql`and (c.updated_at, c.id) < (${args.after.at}::timestamptz, ${args.after.id}::uuid)` : sql``}
     order by c.updated_at desc, c.id desc
     limit ${args.limit + 1}`);
  return rows;
}

export type CollectionItemRow = ResourceSummaryRow &
  Record<string, unknown> & {
    item_position: number;
    item_annotation: string;
    item_added_at: Date | string;
  };

/** The items whose resources the viewer may see, in order, and how many others there are. */
export async function listCollectionItems(
  tx: Tx,
  viewer: Viewer,
  collectionId: string,
): Promise<{ items: CollectionItemRow[]; hidden: number }> {
  const visible = visibleSharedSql(viewer, 'r', { homeShares: true });
  const [{ rows: items }, { rows: counts }] = await Promise.all([
    tx.execute<CollectionItemRow>(sql`
      select ${resourceSummaryColumns(viewer, 'r')}, ci.position as item_position,
             ci.annotation as item_annotation, ci.added_at as item_added_at
        from collection_items ci join resources r on r.id = ci.resource_id
       where ci.collection_id = ${collectionId} and r.deleted_at is null and ${visible}
       order by ci.position, ci.added_at`),
    // Resources since deleted are gone for everyone and not counted; the others are shared elsewhere.
    tx.execute<{ hidden: number }>(sql`
      select count(*)::int as hidden
        from collection_items ci join resources r on r.id = ci.resource_id
       where ci.collection_id = ${collectionId} and r.deleted_at is null and not ${visible}`),
  ]);
  return { items, hidden: counts[0]?.hidden ?? 0 };
}

export async function insertCollection(
  tx: Tx,
  c: {
    id: string;
    ownerId: string;
    districtId: string;
    schoolId: string | null;
    audience: Audience;
    audienceId: string | null;
    title: string;
    description: string;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into collections (id, owner_id, district_id, school_id, audience, audience_id, title, description)
    values (${c.id}, ${c.ownerId}, ${c.districtId}, ${c.schoolId}, ${c.audience}, ${c.audienceId}, ${c.title},
            ${c.description})`);
}

export async function updateCollectionFields(
  tx: Tx,
  collectionId: string,
  fields: {
    title?: string;
    description?: string;
    audience?: { audience: Audience; audienceId: string | null };
  },
): Promise<void> {
  const sets = [sql`updated_at = now()`];
  if (fields.title !== undefined) sets.push(sql`title = ${fields.title}`);
  if (fields.description !== undefined) sets.push(sql`description = ${fields.description}`);
  if (fields.audience)
    sets.push(sql`audience = ${fields.audience.audience}`, sql`audience_id = ${fields.audience.audienceId}`);
  await tx.execute(sql`update collections set ${sql.join(sets, sql`, `)} where id = ${collectionId}`);
}

export async function softDeleteCollection(tx: Tx, collectionId: string): Promise<void> {
  await tx.execute(
    sql`update collections set deleted_at = now(), updated_at = now() where id = ${collectionId}`,
  );
}

/** The collection's items' resource ids in order (the collection should be locked). */
export async function itemOrder(tx: Tx, collectionId: string): Promise<string[]> {
  const { rows } = await tx.execute<{ resource_id: string }>(sql`
    select resource_id from collection_items where collection_id = ${collectionId} order by position, added_at`);
  return rows.map((r) => r.resource_id);
}

/** Appends the resource at the end; false when it is already in the collection. */
export async function appendItem(
  tx: Tx,
  collectionId: string,
  resourceId: string,
  annotation: string,
): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    insert into collection_items (collection_id, resource_id, position, annotation)
    values (${collectionId}, ${resourceId},
            (select coalesce(max(position) + 1, 0) from collection_items where collection_id = ${collectionId}),
            ${annotation})
    on conflict (collection_id, resource_id) do nothing
    returning 1`);
  return rows.length > 0;
}

export async function setItemAnnotation(
  tx: Tx,
  collectionId: string,
  resourceId: string,
  annotation: string,
): Promise<void> {
  await tx.execute(sql`
    update collection_items set annotation = ${annotation}
     where collection_id = ${collectionId} and resource_id = ${resourceId}`);
}

export async function deleteItem(tx: Tx, collectionId: string, resourceId: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    delete from collection_items where collection_id = ${collectionId} and resource_id = ${resourceId}
    returning 1`);
  return rows.length > 0;
}

/** Sets positions 0..n-1 in the given order, touching only rows whose place changes. */
export async function renumberItems(tx: Tx, collectionId: string, order: string[]): Promise<void> {
  if (!order.length) return;
  await tx.execute(sql`
    update collection_items ci set position = o.ord - 1
      from unnest(${sql.param(order)}::uuid[]) with ordinality as o(resource_id, ord)
     where ci.collection_id = ${collectionId} and ci.resource_id = o.resource_id and ci.position <> o.ord - 1`);
}

/** Keeps the collection's count of items and its last change right after its items changed. */
export async function touchCollection(tx: Tx, collectionId: string): Promise<void> {
  await tx.execute(sql`
    update collections
       set item_count = (select count(*) from collection_items where collection_id = ${collectionId}),
           updated_at = now()
     where id = ${collectionId}`);
}
