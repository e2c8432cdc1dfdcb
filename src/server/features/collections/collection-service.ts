import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeTimeCursor, keysetPage } from '#server/platform/cursor.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import {
  type AddCollectionItemBody,
  COLLECTION_ITEMS_MAX,
  type CollectionDetail,
  type CollectionListQuery,
  type CollectionListResponse,
  type CollectionSummary,
  type CreateCollectionBody,
  type UpdateCollectionBody,
  type UpdateCollectionItemBody,
} from '#shared/contracts/collections.ts';
import {
  audienceCommunity,
  checkAudience,
  toAudienceView,
  toResourceSummary,
  visibleResourceOr404,
} from '../resources/index.ts';
import {
  appendItem,
  type CollectionRow,
  deleteItem,
  findVisibleCollection,
  insertCollection,
  itemOrder,
  listCollectionItems,
  renumberItems,
  searchCollections,
  setItemAnnotation,
  softDeleteCollection,
  touchCollection,
  updateCollectionFields,
} from './queries.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

/** Only the owner changes a collection. */
export const canEditCollection = (actor: Pick<Actor, 'userId'>, row: Pick<CollectionRow, 'owner_id'>) =>
  row.owner_id === actor.userId;

async function loadVisibleCollection(tx: Tx, actor: Actor, collectionId: string, lock = false) {
  const row = await findVisibleCollection(tx, actor, collectionId, lock);
  if (!row) throw new NotFoundError('No such collection.');
  return row;
}

/** The collection, locked, for its owner: 404 when the actor may not see it, 403 when they only see it. */
async function loadOwnCollection(tx: Tx, actor: Actor, collectionId: string) {
  const row = await loadVisibleCollection(tx, actor, collectionId, true);
  if (!canEditCollection(actor, row))
    throw new ForbiddenError('Only the owner of this collection may change it.');
  return row;
}

export function presentSummary(row: CollectionRow): CollectionSummary {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    owner: { id: row.owner_id, name: row.owner_name ?? '' },
    audience: toAudienceView(row.audience, row.audience_name),
    itemCount: row.item_count,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Collections the actor may see, newest updated first, filtered by words and ownership. */
export async function listCollections(args: {
  db: Db;
  actor: Actor;
  query: CollectionListQuery;
}): Promise<CollectionListResponse> {
  const { query } = args;
  const rows = await searchCollections(args.db, args.actor, {
    q: query.q?.trim() || undefined,
    mine: query.mine,
    after: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
    limit: query.limit,
  });
  const { shown, nextCursor } = keysetPage(rows, query.limit, (row) => [row.updated_key, row.id]);
  return { data: shown.map(presentSummary), nextCursor };
}

/** A collection with the items the actor may see, in order; 404 when they may not see it. */
export async function getCollection(args: {
  db: Tx;
  actor: Actor;
  collectionId: string;
}): Promise<CollectionDetail> {
  const row = await loadVisibleCollection(args.db, args.actor, args.collectionId);
  const { items, hidden } = await listCollectionItems(args.db, args.actor, row.id);
  const owner = canEditCollection(args.actor, row);
  return {
    ...presentSummary(row),
    audienceId: owner ? row.audience_id : null,
    items: items.map((item) => ({
      position: item.item_position,
      annotation: item.item_annotation,
      addedAt: iso(item.item_added_at),
      resource: toResourceSummary(item),
    })),
    hiddenItemCount: hidden,
    abilities: { edit: owner },
  };
}

/** Creates a collection shared with an audience the actor may share to, and records it. */
export async function createCollection(args: {
  db: Db;
  actor: Actor;
  body: CreateCollectionBody;
}): Promise<CollectionDetail> {
  const { actor, body } = args;
  const id = uuidv7();
  await args.db.transaction(async (tx) => {
    const audienceId = await checkAudience(tx, actor, body.audience, body.audienceId);
    await insertCollection(tx, {
      id,
      ownerId: actor.userId,
      districtId: actor.districtId,
      schoolId: actor.schoolId,
      audience: body.audience,
      audienceId,
      title: body.title,
      description: body.description,
    });
    await recordActivity(tx, {
      actor,
      verb: 'created',
      object: { type: 'collection', id, name: body.title },
      context: { communityId: audienceCommunity(body.audience, audienceId) },
    });
  });
  return getCollection({ db: args.db, actor, collectionId: id });
}

/** The owner edits the title, description or audience. */
export async function updateCollection(args: {
  db: Db;
  actor: Actor;
  collectionId: string;
  body: UpdateCollectionBody;
}): Promise<CollectionDetail> {
  const { actor, body } = args;
  if (body.audience === undefined && body.audienceId !== undefined)
    throw invalidField('/body/audience', 'is required when audienceId is given');
  await args.db.transaction(async (tx) => {
    const row = await loadOwnCollection(tx, actor, args.collectionId);
    const audience =
      body.audience === undefined
        ? undefined
        : {
            audience: body.audience,
            audienceId: await checkAudience(tx, actor, body.audience, body.audienceId),
          };
    await updateCollectionFields(tx, row.id, { title: body.title, description: body.description, audience });
    await recordActivity(tx, {
      actor,
      verb: 'updated',
      object: { type: 'collection', id: row.id, name: body.title ?? row.title },
      context: {
        communityId: audience
          ? audienceCommunity(audience.audience, audience.audienceId)
          : audienceCommunity(row.audience, row.audience_id),
      },
    });
  });
  return getCollection({ db: args.db, actor, collectionId: args.collectionId });
}

/** The owner deletes a collection; it disappears for everyone, its resources stay. */
export async function deleteCollection(args: { db: Db; actor: Actor; collectionId: string }): Promise<void> {
  await args.db.transaction(async (tx) => {
    const row = await loadOwnCollection(tx, args.actor, args.collectionId);
    await softDeleteCollection(tx, row.id);
  });
}

/** The owner adds a resource they may see at the end of the collection, with an annotation. */
export async function addCollectionItem(args: {
  db: Db;
  actor: Actor;
  collectionId: string;
  body: AddCollectionItemBody;
}): Promise<CollectionDetail> {
  const { actor, body } = args;
  await args.db.transaction(async (tx) => {
    const row = await loadOwnCollection(tx, actor, args.collectionId);
    await visibleResourceOr404(tx, actor, body.resourceId);
    if (row.item_count >= COLLECTION_ITEMS_MAX)
      throw new ConflictError(`A collection holds at most ${COLLECTION_ITEMS_MAX} resources.`);
    if (!(await appendItem(tx, row.id, body.resourceId, body.annotation)))
      throw new ConflictError('This resource is already in the collection.', [
        { path: '/body/resourceId', message: 'is already in this collection' },
      ]);
    await touchCollection(tx, row.id);
  });
  return getCollection({ db: args.db, actor, collectionId: args.collectionId });
}

/** The owner edits an item's annotation or moves it; the others are renumbered so places stay 0..n-1. */
export async function updateCollectionItem(args: {
  db: Db;
  actor: Actor;
  collectionId: string;
  resourceId: string;
  body: UpdateCollectionItemBody;
}): Promise<CollectionDetail> {
  const { actor, body } = args;
  await args.db.transaction(async (tx) => {
    const row = await loadOwnCollection(tx, actor, args.collectionId);
    const order = await itemOrder(tx, row.id);
    const from = order.indexOf(args.resourceId);
    if (from < 0) throw new NotFoundError('This resource is not in the collection.');
    if (body.annotation !== undefined) await setItemAnnotation(tx, row.id, args.resourceId, body.annotation);
    if (body.position !== undefined) {
      order.splice(from, 1);
      order.splice(Math.min(body.position, order.length), 0, args.resourceId);
    }
    // Renumbering on every edit also mends any gap left behind, so places are always 0..n-1.
    await renumberItems(tx, row.id, order);
    await touchCollection(tx, row.id);
  });
  return getCollection({ db: args.db, actor, collectionId: args.collectionId });
}

/** The owner removes an item; the ones after it move up. */
export async function removeCollectionItem(args: {
  db: Db;
  actor: Actor;
  collectionId: string;
  resourceId: string;
}): Promise<CollectionDetail> {
  const { actor } = args;
  await args.db.transaction(async (tx) => {
    const row = await loadOwnCollection(tx, actor, args.collectionId);
    if (!(await deleteItem(tx, row.id, args.resourceId)))
      throw new NotFoundError('This resource is not in the collection.');
    await renumberItems(tx, row.id, await itemOrder(tx, row.id));
    await touchCollection(tx, row.id);
  });
  return getCollection({ db: args.db, actor, collectionId: args.collectionId });
}
