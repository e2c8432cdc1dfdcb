import type { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { LRUCache } from 'lru-cache';
import sharp from 'sharp';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { files, profiles, users } from '#server/db/schema.ts';
import { recordActivity } from '#server/platform/activity.ts';
import { type Actor, isDistrictAdmin } from '#server/platform/auth.ts';
import { decodeCursor, encodeCursor } from '#server/platform/cursor.ts';
import { invalidField, NotFoundError } from '#server/platform/errors.ts';
import type { Storage } from '#server/platform/storage.ts';
import {
  AUDIENCE_FIELDS,
  type DirectoryOptions,
  type DirectoryQuery,
  GRADE_BANDS,
  type Home,
  type OwnProfile,
  type ProfileView,
  type RecommendedField,
  SUBJECTS,
  type UpdateProfileBody,
} from '#shared/contracts/profiles.ts';
import {
  audienceOf,
  canEditProfile,
  canSeeField,
  canViewProfile,
  type Relation,
  relationTo,
} from './policy.ts';
import {
  countActiveByDistrict,
  type DirectoryFilters,
  type DirectoryRows,
  ensureProfileRow,
  findHomeBasics,
  findOwnProfile,
  findPeopleLikeYou,
  findProfileForViewer,
  listNetworkDistrictIds,
  listSearchableDistricts,
  type ProfileRow,
  readDirectoryVersion,
  refreshProfileSearch,
  searchDirectory,
} from './queries.ts';

export { refreshProfileSearch };

const photoUrl = (row: Pick<ProfileRow, 'id' | 'photo_key'>) =>
  row.photo_key
    ? `/api/profiles/${row.id}/photo?v=${row.photo_key.replace(/^photos\//, '').replace(/\.webp$/, '')}`
    : null;

/** Records in the activity stream that a person changed these fields of their own profile. */
function recordProfileUpdated(
  tx: Tx,
  args: { actor: Actor; schoolId?: string | null; fields: string[] },
): Promise<string> {
  const { actor } = args;
  return recordActivity(tx, {
    actor,
    verb: 'updated',
    object: { type: 'profile', id: actor.userId, name: actor.name },
    context: { schoolId: args.schoolId ?? null },
    result: { extensions: { 'https://trellis.dev/xapi/extensions/fields': args.fields } },
  });
}

/** A profile as a viewer of this relation may see it: hidden fields are left out entirely. */
export function presentProfile(row: ProfileRow, relation: Relation): ProfileView {
  const fv = row.field_visibility ?? {};
  const inside = relation !== 'public';
  const view: ProfileView = {
    id: row.id,
    name: row.name,
    roleTitle: row.role_title ?? null,
    district: inside ? { id: row.district_id, name: row.district_name } : null,
    school: inside && row.school_id && row.school_name ? { id: row.school_id, name: row.school_name } : null,
  };
  if (inside) view.schools = row.schools ?? [];
  const sees = (field: (typeof AUDIENCE_FIELDS)[number]) => canSeeField(relation, fv, field);
  if (sees('pronouns')) view.pronouns = row.pronouns ?? null;
  if (sees('photo')) view.photoUrl = photoUrl(row);
  if (sees('bio')) view.bio = row.bio ?? null;
  if (sees('subjects')) view.subjects = row.subjects ?? [];
  if (sees('gradeBands')) view.gradeBands = row.grade_bands ?? [];
  if (sees('yearsInEducation')) view.yearsInEducation = row.years_in_education ?? null;
  if (sees('expertise')) view.expertise = row.expertise ?? [];
  if (sees('mentoring')) {
    view.openToMentoring = row.open_to_mentoring ?? false;
    view.seekingMentor = row.seeking_mentor ?? false;
  }
  if (sees('email')) view.email = row.email;
  return view;
}

/**
 * The viewer's relation to the person of this profile row, or 404 when the viewer may not open the
 * profile: the one check behind every read of a profile, remembered or not.
 */
export function visibleRelation(
  actor: Actor | null,
  row: ProfileRow,
  sharesNetworkWithViewer: boolean,
): Relation {
  const relation = relationTo(actor, {
    userId: row.id,
    districtId: row.district_id,
    sharesNetworkWithViewer,
  });
  const adminOfTheirDistrict = !!actor && isDistrictAdmin(actor) && actor.districtId === row.district_id;
  if (
    !canViewProfile(
      relation,
      { status: row.status, fieldVisibility: row.field_visibility },
      adminOfTheirDistrict,
    )
  )
    throw new NotFoundError('No such person.');
  return relation;
}

/** Loads a profile and the viewer's relation to it, or 404 when the viewer may not open it. */
export async function loadVisibleProfile(db: Tx, actor: Actor | null, userId: string) {
  const row = await findProfileForViewer(db, userId, actor?.districtId ?? null);
  if (!row) throw new NotFoundError('No such person.');
  return { row, relation: visibleRelation(actor, row, row.shares_network) };
}

/** A person's profile as the viewer (signed in or not) may see it. */
export async function getProfile(args: { db: Db; actor: Actor | null; userId: string }) {
  const { row, relation } = await loadVisibleProfile(args.db, args.actor, args.userId);
  return { data: presentProfile(row, relation), abilities: { edit: canEditProfile(relation) } };
}

function presentOwnProfile(row: ProfileRow): OwnProfile {
  const fv = row.field_visibility ?? {};
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    roleTitle: row.role_title,
    district: { id: row.district_id, name: row.district_name },
    school: row.school_id && row.school_name ? { id: row.school_id, name: row.school_name } : null,
    pronouns: row.pronouns,
    photoUrl: photoUrl(row),
    bio: row.bio,
    subjects: row.subjects ?? [],
    gradeBands: row.grade_bands ?? [],
    yearsInEducation: row.years_in_education,
    expertise: row.expertise ?? [],
    openToMentoring: row.open_to_mentoring ?? false,
    seekingMentor: row.seeking_mentor ?? false,
    fieldVisibility: {
      profile: fv.profile ?? 'network',
      ...(Object.fromEntries(AUDIENCE_FIELDS.map((f) => [f, audienceOf(fv, f)])) as Record<
        (typeof AUDIENCE_FIELDS)[number],
        ReturnType<typeof audienceOf>
      >),
    },
  };
}

/** One's own profile, every field, with the audiences chosen for them. */
export async function getOwnProfile(args: { db: Db; actor: Actor }): Promise<OwnProfile> {
  const row = await findOwnProfile(args.db, args.actor.userId);
  if (!row) throw new NotFoundError('No such person.');
  return presentOwnProfile(row);
}

/** Tags are compared case-insensitively, so they are kept in lower case, trimmed, without repeats. */
export function normalizeTag(tag: string): string {
  return tag.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Edits one's own profile; search vectors and the activity stream change in the same transaction. */
export async function updateOwnProfile(args: {
  db: Db;
  actor: Actor;
  body: UpdateProfileBody;
}): Promise<OwnProfile> {
  const { actor, body } = args;
  return args.db.transaction(async (tx) => {
    await ensureProfileRow(tx, actor.userId);
    if (body.name !== undefined)
      await tx
        .update(users)
        .set({ name: body.name, updatedAt: new Date() })
        .where(eq(users.id, actor.userId));

    const changes: PgUpdateSetSource<typeof profiles> = {};
    if (body.pronouns !== undefined) changes.pronouns = body.pronouns || null;
    if (body.roleTitle !== undefined) changes.roleTitle = body.roleTitle || null;
    if (body.subjects !== undefined) changes.subjects = SUBJECTS.filter((s) => body.subjects?.includes(s));
    if (body.gradeBands !== undefined)
      changes.gradeBands = GRADE_BANDS.filter((g) => body.gradeBands?.includes(g));
    if (body.yearsInEducation !== undefined) changes.yearsInEducation = body.yearsInEducation;
    if (body.bio !== undefined) changes.bio = body.bio?.trim() ? body.bio : null;
    if (body.expertise !== undefined) changes.expertise = [...new Set(body.expertise.map(normalizeTag))];
    if (body.openToMentoring !== undefined) changes.openToMentoring = body.openToMentoring;
    if (body.seekingMentor !== undefined) changes.seekingMentor = body.seekingMentor;
    if (body.fieldVisibility !== undefined) {
      // Merge, so a client may change one audience without restating the others.
      changes.fieldVisibility = sql`${profiles.fieldVisibility} || ${JSON.stringify(body.fieldVisibility)}::jsonb`;
    }
    await tx
      .update(profiles)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(profiles.userId, actor.userId));
    await refreshProfileSearch(tx, [actor.userId]);

    const row = await findOwnProfile(tx, actor.userId);
    if (!row) throw new NotFoundError('No such person.');
    await recordProfileUpdated(tx, {
      actor: { ...actor, name: row.name },
      schoolId: row.school_id,
      fields: Object.keys(body),
    });
    return presentOwnProfile(row);
  });
}

const PHOTO_FORMATS = new Set(['jpeg', 'png', 'webp']);
const PHOTO_SIZE = 512;
// Decompression bombs: a small file may claim enormous dimensions.
const PHOTO_MAX_PIXELS = 40_000_000;

/**
 * Checks that the bytes are a JPEG, PNG or WebP image (by content, never by name or declared type)
 * and re-encodes them as WebP no larger than 512×512. Re-encoding drops every metadata block (EXIF,
 * GPS, device), since sharp keeps none unless asked.
 */
export async function processPhoto(input: Buffer): Promise<Buffer> {
  let format: string | undefined;
  try {
    format = (await sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS }).metadata()).format;
  } catch {
    throw invalidField('/body/photo', 'must be a JPEG, PNG or WebP image');
  }
  if (!format || !PHOTO_FORMATS.has(format))
    throw invalidField('/body/photo', 'must be a JPEG, PNG or WebP image');
  try {
    return await sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS })
      .rotate()
      .resize(PHOTO_SIZE, PHOTO_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw invalidField('/body/photo', 'could not be read as an image; it may be damaged');
  }
}

/** The error for an upload over the size limit, naming the field. */
/** A photo is at most 5 MB as uploaded; it is re-encoded smaller. */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

/** Replaces one's photo with the re-encoded upload; the previous photo is deleted. */
export async function setProfilePhoto(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  upload: Buffer;
}): Promise<OwnProfile> {
  const photo = await processPhoto(args.upload);
  const key = `photos/${uuidv7()}.webp`;
  await args.storage.put(key, photo);
  let previous: string | null = null;
  try {
    const profile = await args.db.transaction(async (tx) => {
      await ensureProfileRow(tx, args.actor.userId);
      const [current] = await tx
        .select({ photoKey: profiles.photoKey })
        .from(profiles)
        .where(eq(profiles.userId, args.actor.userId))
        .for('update');
      previous = current?.photoKey ?? null;
      await tx.insert(files).values({
        key,
        ownerId: args.actor.userId,
        contentType: 'image/webp',
        byteSize: photo.length,
      });
      await tx
        .update(profiles)
        .set({ photoKey: key, updatedAt: new Date() })
        .where(eq(profiles.userId, args.actor.userId));
      if (previous) await tx.delete(files).where(eq(files.key, previous));
      await recordProfileUpdated(tx, { actor: args.actor, fields: ['photo'] });
      const row = await findOwnProfile(tx, args.actor.userId);
      if (!row) throw new NotFoundError('No such person.');
      return presentOwnProfile(row);
    });
    if (previous) await args.storage.delete(previous);
    return profile;
  } catch (error) {
    await args.storage.delete(key);
    throw error;
  }
}

/** Removes one's photo, its file row and the stored file. */
export async function removeProfilePhoto(args: { db: Db; storage: Storage; actor: Actor }): Promise<void> {
  const previous = await args.db.transaction(async (tx) => {
    const [current] = await tx
      .select({ photoKey: profiles.photoKey })
      .from(profiles)
      .where(eq(profiles.userId, args.actor.userId))
      .for('update');
    const key = current?.photoKey ?? null;
    if (!key) return null;
    await tx
      .update(profiles)
      .set({ photoKey: null, updatedAt: new Date() })
      .where(eq(profiles.userId, args.actor.userId));
    await tx.delete(files).where(eq(files.key, key));
    await recordProfileUpdated(tx, { actor: args.actor, fields: ['photo'] });
    return key;
  });
  if (previous) await args.storage.delete(previous);
}

/** A person's photo, when the viewer may see it; 404 otherwise. */
export async function readProfilePhoto(args: {
  db: Db;
  storage: Storage;
  actor: Actor | null;
  userId: string;
}): Promise<{ stream: Readable; size: number }> {
  const { row, relation } = await loadVisibleProfile(args.db, args.actor, args.userId);
  if (!row.photo_key || !canSeeField(relation, row.field_visibility, 'photo'))
    throw new NotFoundError('No photo.');
  const file = await args.storage.get(row.photo_key);
  if (!file) throw new NotFoundError('No photo.');
  return file;
}

/** A directory cursor: the rank (a search) or sort name (a listing) of the last person, and their id. */
function decodeDirectoryCursor(cursor: string, ranked: boolean): { key: string | number; id: string } {
  const bad = () => invalidField('/querystring/cursor', 'is not a cursor from this search');
  const [key, id] = decodeCursor(cursor, 2, bad) as [unknown, string];
  if (ranked ? typeof key !== 'number' || !Number.isFinite(key) : typeof key !== 'string') throw bad();
  return { key: key as string | number, id };
}

/**
 * The words of a query as a prefix query on names (`ana:*A & gar:*A`: weight A holds only the name),
 * so people are found as their names are typed. Only letters and digits pass, so it is always valid.
 */
export function prefixQuery(q: string): string | null {
  const words =
    q
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 8) ?? [];
  return words.length ? words.map((w) => `${w}:*A`).join(' & ') : null;
}

/**
 * Directory pages, cached per (viewer's district and networks, query, filters, cursor) with the data
 * version they were read at. Everyone in a district is offered the same people and fields, so the
 * popular searches (and each district's opening page) are answered without searching again until
 * something that could change them is committed.
 */
/** Each of this feature's caches keeps at most this many bytes (as JSON), however many entries. */
const CACHE_BYTES = 32 * 1024 * 1024;
/**
 * About the bytes an entry takes as JSON, counted without writing it: its strings' lengths and a few
 * bytes for every other value and key. Writing each page and each row as JSON only to weigh it was a
 * sixth of a directory search's Node time (decision 043).
 */
function approximateSize(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (value === null || typeof value !== 'object') return 8;
  let size = 2;
  if (Array.isArray(value)) {
    for (const item of value) size += approximateSize(item) + 1;
    return size;
  }
  for (const key in value) size += key.length + 4 + approximateSize((value as Record<string, unknown>)[key]);
  return size;
}
const cachedSize = (entry: unknown) => approximateSize(entry) || 1;

const directoryCache = new LRUCache<
  string,
  { version: string; rows: Awaited<ReturnType<typeof searchDirectory>> }
>({
  max: 5_000,
  ttl: 10 * 60_000,
  maxSize: CACHE_BYTES,
  sizeCalculation: cachedSize,
});

/**
 * People's rows as directory pages show them, with the data version they were read at: a search
 * that misses the page cache still finds most of its page here (the first matches of a district
 * come back for many words and prefixes), and reads only the others.
 */
const directoryRows = new LRUCache<string, { version: string; row: ProfileRow; size: number }>({
  max: 20_000,
  maxSize: CACHE_BYTES,
  sizeCalculation: (entry) => entry.size,
});

/** The remembered rows valid at this version, for searchDirectory to take and to fill. */
const directoryRowsAt = (version: string): DirectoryRows => ({
  get: (userId) => {
    const cached = directoryRows.get(userId);
    return cached?.version === version ? cached.row : undefined;
  },
  set: (userId, row) => {
    directoryRows.set(userId, { version, row, size: cachedSize(row) });
  },
});

/**
 * A directory page from the cache while the data version it was read at stands. Site search asks
 * for its people here too, so a repeated search reads them without searching again.
 */
export async function cachedDirectoryPage(db: Db, filters: DirectoryFilters) {
  const key = JSON.stringify(filters);
  const version = await readDirectoryVersion(db);
  const cached = directoryCache.get(key);
  if (cached?.version === version) return cached.rows;
  const rows = await searchDirectory(db, filters, directoryRowsAt(version));
  // A page holds the rows just weighed for directoryRows: its size is theirs, not weighed again.
  let size = 64;
  for (const row of rows) size += directoryRows.peek(row.id)?.size ?? cachedSize(row);
  directoryCache.set(key, { version, rows }, { size });
  return rows;
}

/** Whether the viewer may see a micro-credential: the credentials feature lends it (app.isCredentialVisible). */
export type CredentialCheck = (db: Db, actor: Actor, credentialId: string) => Promise<boolean>;

/** A page of the people the viewer may find, matched only on fields the viewer may see. */
export async function listDirectory(args: {
  db: Db;
  actor: Actor;
  query: DirectoryQuery;
  isCredentialVisible: CredentialCheck;
}) {
  const { actor, query } = args;
  if (query.credentialId && !(await args.isCredentialVisible(args.db, actor, query.credentialId)))
    throw invalidField('/querystring/credentialId', 'is not a credential you can see');
  return directoryPage(args.db, actor, query);
}

/**
 * The directory as an API client of a district reads it: as a colleague of the district would, with
 * no one of another district (not even of its networks) and no deactivated person.
 */
export async function listDistrictDirectory(args: { db: Db; districtId: string; query: DirectoryQuery }) {
  // Who holds which credential is a matter of the credential's own audience, which a client is not in.
  if (args.query.credentialId)
    throw invalidField('/querystring/credentialId', 'is not available to API clients');
  return directoryPage(args.db, { userId: null, districtId: args.districtId, networkIds: [] }, args.query);
}

/** A person's profile as an API client of a district sees it: only people of its district. */
export async function getDistrictProfile(args: { db: Db; districtId: string; userId: string }) {
  const row = await findProfileForViewer(args.db, args.userId, args.districtId);
  if (!row || row.district_id !== args.districtId || row.status !== 'active')
    throw new NotFoundError('No such person.');
  return { data: presentProfile(row, 'district'), abilities: { edit: false } };
}

async function directoryPage(
  db: Db,
  viewer: { userId: string | null; districtId: string; networkIds: string[] },
  query: DirectoryQuery,
) {
  const q = query.q?.trim() ? { text: query.q.trim(), prefix: prefixQuery(query.q) } : undefined;
  const filters = {
    viewerDistrictId: viewer.districtId,
    viewerNetworkIds: [...viewer.networkIds].sort(),
    q,
    subject: query.subject,
    gradeBand: query.gradeBand,
    expertise: query.expertise?.trim() ? normalizeTag(query.expertise) : undefined,
    schoolId: query.schoolId,
    districtId: query.districtId,
    mentoring: query.mentoring,
    credentialId: query.credentialId,
    after: query.cursor ? decodeDirectoryCursor(query.cursor, !!q) : undefined,
    limit: query.limit,
  };
  const rows = query.credentialId
    ? // Awards are earned, revoked, listed and expire without touching the directory's data
      // version, so a search by credential is always read fresh.
      await searchDirectory(db, filters)
    : await cachedDirectoryPage(db, filters);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map((row) =>
      presentProfile(
        row,
        row.id === viewer.userId ? 'self' : row.district_id === viewer.districtId ? 'district' : 'network',
      ),
    ),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.sort_key, last.id]) : null,
  };
}

/** What the directory's filters offer this viewer. */
export async function getDirectoryOptions(args: { db: Db; actor: Actor }): Promise<DirectoryOptions> {
  return {
    subjects: [...SUBJECTS],
    gradeBands: [...GRADE_BANDS],
    districts: await listSearchableDistricts(args.db, args.actor.districtId, args.actor.networkIds),
  };
}

function missingFields(row: ProfileRow): RecommendedField[] {
  const missing: RecommendedField[] = [];
  if (!row.photo_key) missing.push('photo');
  if (!row.role_title) missing.push('roleTitle');
  if (!row.school_id) missing.push('school');
  if (!row.subjects?.length) missing.push('subjects');
  if (!row.grade_bands?.length) missing.push('gradeBands');
  if (row.years_in_education === null) missing.push('yearsInEducation');
  if (!row.bio) missing.push('bio');
  if (!row.expertise?.length) missing.push('expertise');
  return missing;
}

// "People like you" and the head counts depend only on people, profiles, school assignments,
// organizations and networks, every change to which bumps the directory version in its transaction
// (migrations 0001 and 0025). The home page is read constantly: both are kept per district (and
// networks, subjects and grade bands) with the version they were read at, and read again once it moves.
const peopleLikeYouCache = new LRUCache<string, { version: string; rows: ProfileRow[] }>({
  max: 5_000,
  maxSize: CACHE_BYTES,
  sizeCalculation: cachedSize,
});
const countCache = new LRUCache<string, { version: string; district: number; network: number }>({
  max: 10_000,
});

async function colleagueCounts(db: Db, districtId: string, version: string) {
  const cached = countCache.get(districtId);
  if (cached?.version === version) return cached;
  const others = await listNetworkDistrictIds(db, districtId);
  const counts = await countActiveByDistrict(db, [districtId, ...others]);
  const entry = {
    version,
    district: counts.get(districtId) ?? 0,
    network: others.reduce((sum, id) => sum + (counts.get(id) ?? 0), 0),
  };
  countCache.set(districtId, entry);
  return entry;
}

async function cachedPeopleLikeYou(
  db: Db,
  version: string,
  args: Parameters<typeof findPeopleLikeYou>[1],
): Promise<ProfileRow[]> {
  // Subjects and grade bands are matched by overlap and networks as a set: their order does not matter.
  const sorted = (xs: string[]) => [...xs].sort();
  const key = JSON.stringify([
    args.viewerDistrictId,
    sorted(args.viewerNetworkIds),
    sorted(args.subjects),
    sorted(args.gradeBands),
    args.limit,
  ]);
  const cached = peopleLikeYouCache.get(key);
  if (cached?.version === version) return cached.rows;
  const rows = await findPeopleLikeYou(db, args);
  peopleLikeYouCache.set(key, { version, rows });
  return rows;
}

/** The signed-in home: who and where one is, what the profile lacks, and colleagues to meet. */
export async function getHome(args: { db: Db; actor: Actor }): Promise<Home> {
  const { actor } = args;
  const row = await findHomeBasics(args.db, actor.userId);
  if (!row) throw new NotFoundError('No such person.');
  // Read with the row, so anything committed after it is read fresh.
  const version = row.directory_version ?? '0';
  const [people, counts] = await Promise.all([
    cachedPeopleLikeYou(args.db, version, {
      viewerDistrictId: actor.districtId,
      viewerNetworkIds: actor.networkIds,
      subjects: row.subjects ?? [],
      gradeBands: row.grade_bands ?? [],
      limit: 6,
    }),
    colleagueCounts(args.db, actor.districtId, version),
  ]);
  const missing = missingFields(row);
  return {
    person: { id: row.id, name: row.name },
    district: { id: row.district_id, name: row.district_name },
    school: row.school_id && row.school_name ? { id: row.school_id, name: row.school_name } : null,
    networks: row.networks,
    completeness: {
      missing,
      percent: Math.round((100 * (8 - missing.length)) / 8),
    },
    peopleLikeYou: people.map((p) => presentProfile(p, 'network')),
    counts: { district: Math.max(0, counts.district - 1), network: counts.network },
  };
}
