import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import type { ResourceItem } from '#server/db/schema.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeCursor, decodeTimeCursor, encodeCursor, keysetPage } from '#server/platform/cursor.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import { isPreviewable } from '#server/platform/file-types.ts';
import { renderMarkdown } from '#server/platform/markdown.ts';
import type {
  Audience,
  CreateResourceBody,
  PreviewKind,
  RemixBody,
  ResourceFileView,
  ResourceItemInput,
  ResourceItemView,
  ResourceVersionSummary,
  ResourceVersionView,
  ResourceView,
  UpdateResourceBody,
} from '#shared/contracts/resources.ts';
import { allowsRemix, LICENCES, type Licence, remixLicences } from '#shared/licences.ts';
import { diffVersions, type VersionContent } from '#shared/version-diff.ts';
import {
  audienceCommunity,
  checkAudience,
  checkRemixAudience,
  visibleResourceOr404,
  type VisibleResourceRow,
} from './audience.ts';
import { ownerNotice } from './owner-notice.ts';
import { toResourceSummary } from './present.ts';
import {
  countRemix,
  type FileRow,
  findRemixSource,
  findResourcePage,
  findUsableFiles,
  findVersion,
  insertResource,
  insertVersion,
  listRemixes,
  listVersions,
  markDeleted,
  setCurrentVersion,
  type VersionListRow,
  type VersionRow,
  type VersionWrite,
} from './resource-queries.ts';

const missing = () => new NotFoundError('No such resource.');

/** Alignment codes once each, compared in any case, the first writing kept. */
function distinctAlignments(tags: string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((tag) => {
    const code = tag.toLowerCase();
    if (seen.has(code)) return false;
    seen.add(code);
    return true;
  });
}

export function previewKind(contentType: string): PreviewKind | null {
  if (!isPreviewable(contentType)) return null;
  if (contentType.startsWith('image/')) return 'image';
  return contentType === 'application/pdf' ? 'pdf' : 'video';
}

export function presentFile(
  f: Pick<FileRow, 'id' | 'filename' | 'content_type' | 'byte_size'>,
): ResourceFileView {
  return {
    id: f.id,
    filename: f.filename,
    contentType: f.content_type,
    byteSize: f.byte_size,
    preview: previewKind(f.content_type),
  };
}

/** A version's files and links, with the addresses that serve each file through this resource. */
function presentItems(resourceId: string, items: ResourceItem[]): ResourceItemView[] {
  return items.map((item) => {
    if (item.type === 'link')
      return { type: 'link', url: item.url, title: item.title, commentary: item.commentary };
    const file = presentFile({
      id: item.fileId,
      filename: item.filename,
      content_type: item.contentType,
      byte_size: item.byteSize,
    });
    const downloadUrl = `/api/resources/${resourceId}/files/${item.fileId}`;
    return {
      type: 'file',
      file,
      downloadUrl,
      previewUrl: file.preview ? `${downloadUrl}?inline=1` : null,
      commentary: item.commentary,
    };
  });
}

/** Why a resource under this licence cannot be remixed, or null when it can. */
export function remixRefusal(licence: Licence): string | null {
  return allowsRemix(licence)
    ? null
    : `Its licence, ${LICENCES[licence].label}, does not allow others to adapt it, so it cannot be remixed.`;
}

/** The resource's page for the viewer; 404 when it is gone or not theirs to see. */
export async function getResource(args: { db: Db; actor: Actor; id: string }): Promise<ResourceView> {
  const row = await findResourcePage(args.db, args.actor, args.id);
  if (!row) throw missing();
  const isOwner = row.owner_id === args.actor.userId;
  const refusal = remixRefusal(row.licence);
  return {
    ...toResourceSummary(row),
    notesMd: row.notes_md,
    notesHtml: row.notes_html,
    items: presentItems(row.id, row.items),
    audienceId: isOwner ? row.audience_id : null,
    remixOfVersion: row.remix_of_version,
    visibleRemixCount: row.visible_remix_count,
    changeNote: row.change_note,
    createdAt: new Date(row.created_at).toISOString(),
    permissions: {
      canEdit: isOwner,
      canDelete: isOwner,
      canRemix: refusal === null,
      remixLicences: remixLicences(row.licence),
      remixRefusal: refusal,
    },
  };
}

/**
 * Turns the items a person sent into a version's items. A file must be one they uploaded, or one
 * already in a version of this resource; the same file twice is refused.
 */
async function resolveItems(
  tx: Tx,
  actor: Actor,
  items: ResourceItemInput[],
  resourceId: string | null,
): Promise<ResourceItem[]> {
  const fileIds = items.flatMap((i) => (i.type === 'file' ? [i.fileId] : []));
  const files = new Map(
    (await findUsableFiles(tx, { fileIds, userId: actor.userId, resourceId })).map((f) => [f.id, f]),
  );
  const seen = new Set<string>();
  return items.map((item, index) => {
    if (item.type === 'link') return { ...item, commentary: item.commentary ?? '' };
    const path = `/body/items/${index}/fileId`;
    const file = files.get(item.fileId);
    if (!file) throw invalidField(path, 'is not a file you uploaded');
    if (seen.has(file.id)) throw invalidField(path, 'is already in this resource');
    seen.add(file.id);
    return {
      type: 'file',
      fileId: file.id,
      filename: file.filename,
      contentType: file.content_type,
      byteSize: file.byte_size,
      commentary: item.commentary ?? '',
    };
  });
}

/** Writes a new resource of the actor's, in their district and school, with its first version whole. */
async function insertNewResource(
  tx: Tx,
  actor: Actor,
  r: {
    id: string;
    audience: Audience;
    audienceId: string | null;
    remixOf?: { id: string; version: number };
    content: Omit<VersionWrite, 'resourceId' | 'version' | 'editedBy'>;
  },
): Promise<void> {
  const { content } = r;
  await insertResource(tx, {
    id: r.id,
    ownerId: actor.userId,
    districtId: actor.districtId,
    schoolId: actor.schoolId,
    audience: r.audience,
    audienceId: r.audienceId,
    remixOfId: r.remixOf?.id,
    remixOfVersion: r.remixOf?.version,
    kind: content.kind,
    title: content.title,
    summary: content.summary,
    subjects: content.subjects,
    gradeBands: content.gradeBands,
    alignments: content.alignments,
    licence: content.licence,
  });
  await insertVersion(tx, { ...content, resourceId: r.id, version: 1, editedBy: actor.userId });
}

/** Shares a resource: the resource, its first version and the files it holds, with a `shared` statement. */
export async function createResource(args: {
  db: Db;
  actor: Actor;
  body: CreateResourceBody;
}): Promise<ResourceView> {
  const { db, actor, body } = args;
  const id = await db.transaction((tx) => shareResourceIn(tx, actor, body));
  return getResource({ db, actor, id });
}

/**
 * Shares a resource inside the caller's transaction and answers its id: what another feature calls
 * when something it made becomes a resource (a lesson study's findings report), so the resource and
 * that feature's own change commit together.
 */
export async function shareResourceIn(tx: Tx, actor: Actor, body: CreateResourceBody): Promise<string> {
  const id = uuidv7();
  const audienceId = await checkAudience(tx, actor, body.audience, body.audienceId);
  const items = await resolveItems(tx, actor, body.items, null);
  await insertNewResource(tx, actor, {
    id,
    audience: body.audience,
    audienceId,
    content: {
      kind: body.kind,
      title: body.title,
      summary: body.summary,
      notesMd: body.notesMd,
      notesHtml: renderMarkdown(body.notesMd).html,
      subjects: body.subjects,
      gradeBands: body.gradeBands,
      alignments: distinctAlignments(body.alignments),
      licence: body.licence,
      items,
      changeNote: '',
    },
  });
  await recordActivity(tx, {
    actor,
    verb: 'shared',
    object: { type: 'resource', id, name: body.title },
    context: {
      communityId: audienceCommunity(body.audience, audienceId),
      extensions: { 'https://trellis.dev/xapi/extensions/audience': body.audience },
    },
  });
  return id;
}

/** The owner's resource, locked; 404 when the actor cannot see it, 403 when they can but do not own it. */
async function ownResource(tx: Tx, actor: Actor, id: string): Promise<VisibleResourceRow> {
  const head = await visibleResourceOr404(tx, actor, id, true);
  if (head.owner_id !== actor.userId)
    throw new ForbiddenError('Only the person who shared this resource may change it.');
  return head;
}

/** Edits a resource: a new version, whole, becomes the current one; the older ones stay. */
export async function updateResource(args: {
  db: Db;
  actor: Actor;
  id: string;
  body: UpdateResourceBody;
}): Promise<ResourceView> {
  const { db, actor, body } = args;
  await db.transaction(async (tx) => {
    const head = await ownResource(tx, actor, args.id);
    const current = await findVersion(tx, head.id, head.version);
    if (!current) throw missing();
    const audienceChanged = body.audience !== undefined || body.audienceId !== undefined;
    const audience = body.audience ?? head.audience;
    const audienceId = audienceChanged
      ? await checkAudience(
          tx,
          actor,
          audience,
          body.audienceId !== undefined ? body.audienceId : head.audience_id,
        )
      : head.audience_id;
    if (audienceChanged) {
      const source = await findRemixSource(tx, head.id);
      if (source) await checkRemixAudience(tx, source, audience, audienceId);
    }
    const notesMd = body.notesMd ?? current.notes_md;
    const version = head.version + 1;
    const write: VersionWrite = {
      resourceId: head.id,
      version,
      kind: body.kind ?? current.kind,
      title: body.title ?? current.title,
      summary: body.summary ?? current.summary,
      notesMd,
      notesHtml: body.notesMd === undefined ? current.notes_html : renderMarkdown(notesMd).html,
      subjects: body.subjects ?? current.subjects,
      gradeBands: body.gradeBands ?? current.grade_bands,
      alignments: body.alignments ? distinctAlignments(body.alignments) : current.alignments,
      licence: body.licence ?? current.licence,
      items: body.items ? await resolveItems(tx, actor, body.items, head.id) : current.items,
      changeNote: body.changeNote,
      editedBy: actor.userId,
    };
    await insertVersion(tx, write);
    await setCurrentVersion(tx, { ...write, audience, audienceId });
    await recordActivity(tx, {
      actor,
      verb: 'updated',
      object: { type: 'resource', id: head.id, name: write.title },
      context: { communityId: audienceCommunity(audience, audienceId) },
      result: { extensions: { 'https://trellis.dev/xapi/extensions/version': version } },
    });
  });
  return getResource({ db, actor, id: args.id });
}

/** Withdraws a resource: it disappears from every page, list and download. */
export async function deleteResource(args: { db: Db; actor: Actor; id: string }): Promise<void> {
  await args.db.transaction(async (tx) => {
    const head = await ownResource(tx, args.actor, args.id);
    await markDeleted(tx, head.id);
  });
}

/** A resource the viewer may see, or 404. */
function presentVersionSummary(v: VersionListRow): ResourceVersionSummary {
  return {
    version: v.version,
    changeNote: v.change_note,
    editor: { id: v.edited_by, name: v.editor_name },
    createdAt: new Date(v.created_at).toISOString(),
  };
}

/** A resource's versions, newest first. */
export async function listResourceVersions(args: {
  db: Db;
  actor: Actor;
  id: string;
  query: { cursor?: string; limit: number };
}) {
  const { db, query } = args;
  await visibleResourceOr404(db, args.actor, args.id);
  let before: number | undefined;
  if (query.cursor) {
    const bad = () => invalidField('/querystring/cursor', 'is not a cursor this list gave');
    const [version] = decodeCursor(query.cursor, 2, bad);
    if (typeof version !== 'number' || !Number.isInteger(version)) throw bad();
    before = version;
  }
  const rows = await listVersions(db, { resourceId: args.id, before, limit: query.limit });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(presentVersionSummary),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.version, args.id]) : null,
  };
}

async function visibleVersion(tx: Tx, id: string, version: number): Promise<VersionRow> {
  const row = await findVersion(tx, id, version);
  if (!row) throw new NotFoundError(`This resource has no version ${version}.`);
  return row;
}

/** One version of a resource, whole, as it was. */
export async function getResourceVersion(args: {
  db: Db;
  actor: Actor;
  id: string;
  version: number;
}): Promise<ResourceVersionView> {
  const head = await visibleResourceOr404(args.db, args.actor, args.id);
  const v = await visibleVersion(args.db, head.id, args.version);
  return {
    ...presentVersionSummary(v),
    resourceId: head.id,
    currentVersion: head.version,
    kind: v.kind,
    title: v.title,
    summary: v.summary,
    notesHtml: v.notes_html,
    subjects: v.subjects,
    gradeBands: v.grade_bands,
    alignments: v.alignments,
    licence: v.licence,
    items: presentItems(head.id, v.items),
  };
}

const content = (v: VersionRow): VersionContent => ({
  kind: v.kind,
  title: v.title,
  summary: v.summary,
  notesMd: v.notes_md,
  subjects: v.subjects,
  gradeBands: v.grade_bands,
  alignments: v.alignments,
  licence: v.licence,
  items: v.items.map((i) =>
    i.type === 'file'
      ? { type: 'file', fileId: i.fileId, filename: i.filename, commentary: i.commentary }
      : { type: 'link', url: i.url, title: i.title, commentary: i.commentary },
  ),
});

/** What changed between two versions; by default from the one before the current to the current. */
export async function getResourceChanges(args: {
  db: Db;
  actor: Actor;
  id: string;
  query: { from?: number; to?: number };
}) {
  const head = await visibleResourceOr404(args.db, args.actor, args.id);
  const to = args.query.to ?? head.version;
  const from = args.query.from ?? Math.max(1, to - 1);
  if (from > to) throw invalidField('/querystring/from', 'must not be after the version compared to');
  const [a, b] = await Promise.all([
    visibleVersion(args.db, head.id, from),
    visibleVersion(args.db, head.id, to),
  ]);
  return {
    resourceId: head.id,
    title: head.title,
    from: presentVersionSummary(a),
    to: presentVersionSummary(b),
    currentVersion: head.version,
    changes: diffVersions(content(a), content(b)),
  };
}

/**
 * Remixes a resource: a new resource of the actor's, copying the source's current version and its
 * files, that links back to it. Refused when the viewer cannot see the source (404), its licence
 * forbids derivatives (409), or the licence asked for is not one the source allows (400).
 */
export async function remixResource(args: {
  db: Db;
  actor: Actor;
  id: string;
  body: RemixBody;
}): Promise<ResourceView> {
  const { db, actor, body } = args;
  const id = uuidv7();
  await db.transaction(async (tx) => {
    const source = await visibleResourceOr404(tx, actor, args.id, true);
    const refusal = remixRefusal(source.licence);
    if (refusal) throw new ConflictError(refusal);
    const allowed = remixLicences(source.licence);
    if (!allowed.includes(body.licence))
      throw invalidField(
        '/body/licence',
        `must be one the source's licence (${LICENCES[source.licence].label}) allows: ${allowed.map((l) => LICENCES[l].label).join(', ')}`,
      );
    const audienceId = await checkAudience(tx, actor, body.audience, body.audienceId);
    await checkRemixAudience(tx, source, body.audience, audienceId);
    const v = await findVersion(tx, source.id, source.version);
    if (!v) throw missing();
    await insertNewResource(tx, actor, {
      id,
      audience: body.audience,
      audienceId,
      remixOf: { id: source.id, version: source.version },
      content: {
        kind: v.kind,
        title: body.title ?? v.title,
        summary: v.summary,
        notesMd: v.notes_md,
        notesHtml: v.notes_html,
        subjects: v.subjects,
        gradeBands: v.grade_bands,
        alignments: v.alignments,
        licence: body.licence,
        items: v.items,
        // Not the source's title: the remix's history is read by people the source is not shared with.
        changeNote: `Remixed from version ${v.version} of its source.`,
      },
    });
    await countRemix(tx, source.id);
    await recordActivity(tx, {
      actor,
      verb: 'remixed',
      // The source is the object: its spread view counts the remixes made from it.
      object: { type: 'resource', id: source.id, name: v.title },
      context: {
        communityId: audienceCommunity(body.audience, audienceId),
        extensions: { 'https://trellis.dev/xapi/extensions/remix': id },
      },
      result: { extensions: { 'https://trellis.dev/xapi/extensions/remix': id } },
      notify: [ownerNotice('resource_remixed', { ...source, title: v.title })],
    });
  });
  return getResource({ db, actor, id });
}

/** Remixes of a resource the viewer may see, newest first. */
export async function listResourceRemixes(args: {
  db: Db;
  actor: Actor;
  id: string;
  query: { cursor?: string; limit: number };
}) {
  const { db, actor, query } = args;
  await visibleResourceOr404(db, actor, args.id);
  const rows = await listRemixes(db, actor, {
    resourceId: args.id,
    cursor: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
    limit: query.limit,
  });
  const { shown, nextCursor } = keysetPage(rows, query.limit, (row) => [row.created_key, row.id]);
  return { data: shown.map(toResourceSummary), nextCursor };
}
