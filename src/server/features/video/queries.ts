/**
 * All SQL of lesson videos. Reads that return a video's content take an id the caller has checked
 * with `videoAccess`; lists apply the same rule in SQL (`readableVideosSql`).
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import { reachable } from '#server/features/profiles/index.ts';
import type { CaptionCue, CommentTagKind, RenditionKind, VideoStatus } from '#shared/contracts/video.ts';

/** The communities whose members a community grant reaches: where the person is an active member. */
const communitiesOf = (userId: string) =>
  sql`select community_id from community_members where user_id = ${userId} and status = 'active'`;

/**
 * The one access rule, in SQL, for lists: the person's own videos and those an unrevoked grant
 * gives them (to them, or to a community they are an active member of), where the owner's
 * district allows video at all and its policy allows a viewer from the person's district.
 */
export function readableVideosSql(userId: string): SQL {
  return sql`(
    select v.id from videos v where v.owner_id = ${userId}
    union
    select g.video_id from video_grants g
      join videos v on v.id = g.video_id
      left join district_video_policies p on p.district_id = v.district_id
     where g.revoked_at is null
       and (g.user_id = ${userId} or g.community_id in (${communitiesOf(userId)}))
       and coalesce(p.video_allowed, true)
       and (coalesce(p.share_across_districts, true)
            or v.district_id = (select district_id from users where id = ${userId}))
  )`;
}

export type AccessRow = {
  id: string;
  owner_id: string;
  district_id: string;
  status: VideoStatus;
  grant_id: string | null;
  clip_start: number | null;
  clip_end: number | null;
  hide_comments: boolean | null;
  may_comment: boolean | null;
};

/**
 * The most generous unrevoked grant the person holds on video `v` (the whole video before a clip, a
 * grant to them before one to a community), where the owner's district policy allows it; none for
 * the owner. A lateral join: `left join lateral (<this>) g on true`.
 */
const bestGrantOf = (userId: string) => sql`
        select g.* from video_grants g
          left join district_video_policies p on p.district_id = v.district_id
         where g.video_id = v.id and g.revoked_at is null and v.owner_id <> ${userId}
           and (g.user_id = ${userId} or g.community_id in (${communitiesOf(userId)}))
           and coalesce(p.video_allowed, true)
           and (coalesce(p.share_across_districts, true)
                or v.district_id = (select district_id from users where id = ${userId}))
         order by (g.clip_start is null) desc, (g.user_id is not null) desc, g.hide_comments, g.may_comment desc
         limit 1`;

/**
 * The video and the most generous grant the person holds on it. No grant and not the owner: the
 * row's grant is null.
 */
export async function findAccess(tx: Tx, userId: string, videoId: string): Promise<AccessRow | null> {
  const { rows } = await tx.execute<AccessRow>(sql`
    select v.id, v.owner_id, v.district_id, v.status,
           g.id as grant_id, g.clip_start, g.clip_end, g.hide_comments, g.may_comment
      from videos v
      left join lateral (${bestGrantOf(userId)}) g on true
     where v.id = ${videoId}`);
  return rows[0] ?? null;
}

export type VideoRow = {
  id: string;
  owner_id: string;
  owner_name: string;
  district_id: string;
  title: string;
  status: VideoStatus;
  status_detail: string | null;
  progress: number;
  duration_seconds: number | null;
  source_key: string | null;
  trim_start: number | null;
  trim_end: number | null;
  consent_confirmed_at: Date;
  created_at: Date;
};

const VIDEO_COLUMNS = sql`v.id, v.owner_id, u.name as owner_name, v.district_id, v.title, v.status, v.status_detail,
  v.progress, v.duration_seconds, v.source_key, v.trim_start, v.trim_end, v.consent_confirmed_at, v.created_at`;

export async function findVideo(tx: Tx, videoId: string): Promise<VideoRow | null> {
  const { rows } = await tx.execute<VideoRow>(sql`
    select ${VIDEO_COLUMNS} from videos v join users u on u.id = v.owner_id where v.id = ${videoId}`);
  return rows[0] ?? null;
}

export async function insertVideo(
  tx: Tx,
  args: { id: string; ownerId: string; districtId: string; title: string; consentText: string },
): Promise<void> {
  await tx.execute(sql`
    insert into videos (id, owner_id, district_id, title, status, consent_confirmed_at, consent_text)
    values (${args.id}, ${args.ownerId}, ${args.districtId}, ${args.title}, 'uploading', now(), ${args.consentText})`);
}

export async function markUploaded(
  tx: Tx,
  args: { id: string; sourceKey: string; sourceBytes: number; durationSeconds: number },
): Promise<void> {
  await tx.execute(sql`
    update videos set status = 'processing', status_detail = null, progress = 0, source_key = ${args.sourceKey},
           source_bytes = ${args.sourceBytes}, duration_seconds = ${args.durationSeconds}, updated_at = now()
     where id = ${args.id}`);
}

export async function setStatus(
  tx: Tx,
  args: {
    id: string;
    status: VideoStatus;
    detail?: string | null;
    progress?: number;
    startedProcessing?: boolean;
  },
): Promise<void> {
  await tx.execute(sql`
    update videos set status = ${args.status}, status_detail = ${args.detail ?? null},
           progress = coalesce(${args.progress ?? null}::int, progress),
           processing_started_at = case when ${args.startedProcessing ?? false} then coalesce(processing_started_at, now()) else processing_started_at end,
           updated_at = now()
     where id = ${args.id}`);
}

/** Writes progress; `updated_at` moving is what tells the sweep the worker is alive. */
export async function setProgress(tx: Tx, id: string, progress: number): Promise<void> {
  await tx.execute(
    sql`update videos set progress = ${progress}, updated_at = now() where id = ${id} and status = 'processing'`,
  );
}

/** Videos processing whose progress has not moved for `minutes`: their worker died. */
export async function silentVideos(tx: Tx, minutes: number): Promise<{ id: string; district_id: string }[]> {
  const { rows } = await tx.execute<{ id: string; district_id: string }>(sql`
    select id, district_id from videos
     where status = 'processing' and processing_started_at is not null
       and updated_at < now() - make_interval(mins => ${minutes}) limit 100`);
  return rows;
}

export async function updateVideo(
  tx: Tx,
  args: { id: string; title?: string; trim?: { start: number; end: number } | null },
): Promise<void> {
  const setTrim = args.trim !== undefined;
  await tx.execute(sql`
    update videos set title = coalesce(${args.title ?? null}, title),
           trim_start = case when ${setTrim} then ${args.trim?.start ?? null}::real else trim_start end,
           trim_end = case when ${setTrim} then ${args.trim?.end ?? null}::real else trim_end end,
           status = case when ${setTrim} then 'processing' else status end,
           progress = case when ${setTrim} then 0 else progress end,
           processing_started_at = case when ${setTrim} then null else processing_started_at end,
           updated_at = now()
     where id = ${args.id}`);
}

export async function deleteVideoRow(tx: Tx, id: string): Promise<void> {
  await tx.execute(sql`delete from videos where id = ${id}`);
}

export type ListRow = VideoRow & { clip_start: number | null; clip_end: number | null };

/** The person's own videos and those shared with them, newest first. */
export async function listVideos(
  tx: Tx,
  args: {
    userId: string;
    whose: 'mine' | 'shared' | 'all';
    after: { at: string; id: string } | null;
    limit: number;
  },
): Promise<ListRow[]> {
  const { userId, whose, after } = args;
  const which =
    whose === 'mine'
      ? sql`v.owner_id = ${userId}`
      : whose === 'shared'
        ? sql`v.owner_id <> ${userId} and v.id in ${readableVideosSql(userId)}`
        : sql`v.id in ${readableVideosSql(userId)}`;
  const { rows } = await tx.execute<ListRow>(sql`
    select ${VIDEO_COLUMNS},
           (select g.clip_start from video_grants g where g.video_id = v.id and g.revoked_at is null
              and v.owner_id <> ${userId}
              and (g.user_id = ${userId} or g.community_id in (${communitiesOf(userId)}))
            order by (g.clip_start is null) desc limit 1) as clip_start,
           (select g.clip_end from video_grants g where g.video_id = v.id and g.revoked_at is null
              and v.owner_id <> ${userId}
              and (g.user_id = ${userId} or g.community_id in (${communitiesOf(userId)}))
            order by (g.clip_start is null) desc limit 1) as clip_end
      from videos v join users u on u.id = v.owner_id
     where ${which}
       ${after ? sql`and (v.created_at, v.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
     order by v.created_at desc, v.id desc
     limit ${args.limit + 1}`);
  return rows;
}

export type RenditionRow = {
  id: string;
  kind: RenditionKind;
  grant_id: string | null;
  storage_key: string;
  byte_size: number;
  width: number | null;
  height: number | null;
};

export async function renditionsOf(tx: Tx, videoId: string): Promise<RenditionRow[]> {
  const { rows } = await tx.execute<RenditionRow>(sql`
    select id, kind, grant_id, storage_key, byte_size::float8 as byte_size, width, height
      from video_renditions where video_id = ${videoId} order by kind, created_at`);
  return rows;
}

export async function findRenditionByKey(
  tx: Tx,
  videoId: string,
  storageKey: string,
): Promise<RenditionRow | null> {
  const { rows } = await tx.execute<RenditionRow>(sql`
    select id, kind, grant_id, storage_key, byte_size::float8 as byte_size, width, height
      from video_renditions where video_id = ${videoId} and storage_key = ${storageKey}`);
  return rows[0] ?? null;
}

export async function saveRendition(
  tx: Tx,
  args: {
    videoId: string;
    kind: RenditionKind;
    grantId?: string | null;
    storageKey: string;
    byteSize: number;
    width: number | null;
    height: number | null;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into video_renditions (id, video_id, kind, grant_id, storage_key, byte_size, width, height)
    values (gen_random_uuid(), ${args.videoId}, ${args.kind}, ${args.grantId ?? null}, ${args.storageKey},
            ${args.byteSize}, ${args.width}, ${args.height})
    on conflict (video_id, kind, coalesce(grant_id, '00000000-0000-0000-0000-000000000000'))
    do update set storage_key = excluded.storage_key, byte_size = excluded.byte_size,
                  width = excluded.width, height = excluded.height, created_at = now()`);
}

export async function deleteRenditions(tx: Tx, videoId: string, kinds: RenditionKind[]): Promise<string[]> {
  const { rows } = await tx.execute<{ storage_key: string }>(sql`
    delete from video_renditions where video_id = ${videoId}
       and kind in (${sql.join(
         kinds.map((k) => sql`${k}`),
         sql`, `,
       )}) returning storage_key`);
  return rows.map((r) => r.storage_key);
}

export type CommentRow = {
  id: string;
  author_id: string;
  author_name: string;
  parent_id: string | null;
  at_seconds: number;
  tag_kind: CommentTagKind | null;
  tag_id: string | null;
  tag_label: string | null;
  body: string;
  created_at: Date;
  updated_at: Date;
};

const COMMENT_COLUMNS = sql`c.id, c.author_id, u.name as author_name, c.parent_id, c.at_seconds, c.tag_kind,
  c.tag_id, c.tag_label, c.body, c.created_at, c.updated_at`;

/** The video's comments (those within `range` when the viewer sees a clip), in the order of the video. */
export async function listComments(
  tx: Tx,
  videoId: string,
  range: { start: number; end: number } | null,
  limit = 1000,
): Promise<CommentRow[]> {
  const { rows } = await tx.execute<CommentRow>(sql`
    select ${COMMENT_COLUMNS} from video_comments c join users u on u.id = c.author_id
     where c.video_id = ${videoId}
       ${range ? sql`and c.at_seconds between ${range.start} and ${range.end}` : sql``}
     order by c.at_seconds, c.created_at, c.id
     limit ${limit}`);
  return rows;
}

const jsonTime = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The JSON text of `VideoComment[]` for video `videoId`, those within [start, end] when both are not
 * null, times shifted by `shift` (a clip's start), as `listComments` would be presented: on a page
 * of 200 comments, building and checking them in Node cost more than reading them. Null when none.
 */
const commentsJsonSql = (a: { videoId: SQL; start: SQL; end: SQL; shift: SQL; userId: string }) => sql`
    select json_agg(json_build_object(
             'id', c.id,
             'author', json_build_object('id', c.author_id, 'name', u.name),
             'parentId', c.parent_id,
             'atSeconds', c.at_seconds::numeric - ${a.shift}::numeric,
             'tag', case when c.tag_kind is null then null
                         else json_build_object('kind', c.tag_kind, 'id', c.tag_id, 'label', coalesce(c.tag_label, '')) end,
             'body', c.body,
             'createdAt', ${jsonTime(sql`c.created_at`)},
             'updatedAt', ${jsonTime(sql`c.updated_at`)},
             'mine', c.author_id = ${a.userId}::uuid
           ) order by c.at_seconds, c.created_at, c.id)::text
      from (select * from video_comments c
             where c.video_id = ${a.videoId}
               and (${a.start} is null or ${a.end} is null or c.at_seconds between ${a.start} and ${a.end})
             order by c.at_seconds, c.created_at, c.id limit 1000) c
      join users u on u.id = c.author_id`;

export type VideoPageRow = VideoRow &
  Pick<AccessRow, 'grant_id' | 'clip_start' | 'clip_end' | 'hide_comments' | 'may_comment'> & {
    /** `VideoComment[]` as JSON text; null when there are none or the viewer may not see them. */
    comments: string | null;
    caption_language: string | null;
    caption_source: CaptionRow['source'] | null;
    caption_cues: CaptionCue[] | null;
  };

/**
 * The video page in one named statement (decision 091): the video, the viewer's most generous
 * grant, its comments as JSON text (within the viewer's clip, shifted to its start; none when the
 * grant hides them) and its captions. No row for anyone the access rule gives nothing, so policy
 * holds in SQL as in `readableVideosSql`; Node decides abilities from the grant as `videoAccess` does.
 */
export async function findVideoPage(db: Db, userId: string, videoId: string): Promise<VideoPageRow | null> {
  const rows = await namedQuery<VideoPageRow>(
    db,
    'video-page',
    sql`
    select ${VIDEO_COLUMNS},
           g.id as grant_id, g.clip_start, g.clip_end, g.hide_comments, g.may_comment,
           case when v.owner_id = ${userId} or not g.hide_comments then (${commentsJsonSql({
             videoId: sql`v.id`,
             start: sql`g.clip_start`,
             end: sql`g.clip_end`,
             shift: sql`coalesce(g.clip_start, 0)`,
             userId,
           })}) end as comments,
           cap.language as caption_language, cap.source as caption_source, cap.cues as caption_cues
      from videos v
      join users u on u.id = v.owner_id
      left join lateral (${bestGrantOf(userId)}) g on true
      left join video_captions cap on cap.video_id = v.id
     where v.id = ${videoId} and (v.owner_id = ${userId} or g.id is not null)`,
  );
  return rows[0] ?? null;
}

export async function findComment(tx: Tx, videoId: string, commentId: string): Promise<CommentRow | null> {
  const { rows } = await tx.execute<CommentRow>(sql`
    select ${COMMENT_COLUMNS} from video_comments c join users u on u.id = c.author_id
     where c.video_id = ${videoId} and c.id = ${commentId}`);
  return rows[0] ?? null;
}

export async function insertComment(
  tx: Tx,
  args: {
    id: string;
    videoId: string;
    authorId: string;
    parentId: string | null;
    atSeconds: number;
    tag: { kind: CommentTagKind; id: string | null; label: string } | null;
    body: string;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into video_comments (id, video_id, author_id, parent_id, at_seconds, tag_kind, tag_id, tag_label, body)
    values (${args.id}, ${args.videoId}, ${args.authorId}, ${args.parentId}, ${args.atSeconds},
            ${args.tag?.kind ?? null}, ${args.tag?.id ?? null}, ${args.tag?.label ?? null}, ${args.body})`);
}

export async function updateComment(
  tx: Tx,
  args: {
    id: string;
    body?: string;
    atSeconds?: number;
    tag?: { kind: CommentTagKind; id: string | null; label: string } | null;
  },
): Promise<void> {
  const setTag = args.tag !== undefined;
  await tx.execute(sql`
    update video_comments set body = coalesce(${args.body ?? null}, body),
           at_seconds = coalesce(${args.atSeconds ?? null}::real, at_seconds),
           tag_kind = case when ${setTag} then ${args.tag?.kind ?? null} else tag_kind end,
           tag_id = case when ${setTag} then ${args.tag?.id ?? null} else tag_id end,
           tag_label = case when ${setTag} then ${args.tag?.label ?? null} else tag_label end,
           updated_at = now()
     where id = ${args.id}`);
}

/** Removes a comment and the replies to it. */
export async function deleteComment(tx: Tx, videoId: string, commentId: string): Promise<void> {
  await tx.execute(sql`
    delete from video_comments where video_id = ${videoId} and (id = ${commentId} or parent_id = ${commentId})`);
}

export type CaptionRow = {
  language: string;
  vtt: string;
  cues: CaptionCue[];
  source: 'upload' | 'edit' | 'automatic';
};

export async function findCaptions(tx: Tx, videoId: string): Promise<CaptionRow | null> {
  const { rows } = await tx.execute<CaptionRow>(sql`
    select language, vtt, cues, source from video_captions where video_id = ${videoId}`);
  return rows[0] ?? null;
}

export async function saveCaptions(
  tx: Tx,
  args: {
    videoId: string;
    language: string;
    vtt: string;
    cues: CaptionCue[];
    source: CaptionRow['source'];
    by: string | null;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into video_captions (video_id, language, vtt, cues, source, updated_by, updated_at)
    values (${args.videoId}, ${args.language}, ${args.vtt}, ${JSON.stringify(args.cues)}::jsonb, ${args.source}, ${args.by}, now())
    on conflict (video_id) do update set language = excluded.language, vtt = excluded.vtt, cues = excluded.cues,
      source = excluded.source, updated_by = excluded.updated_by, updated_at = now()`);
}

export async function deleteCaptions(tx: Tx, videoId: string): Promise<void> {
  await tx.execute(sql`delete from video_captions where video_id = ${videoId}`);
}

export type GrantRow = {
  id: string;
  video_id: string;
  user_id: string | null;
  user_name: string | null;
  community_id: string | null;
  community_name: string | null;
  clip_start: number | null;
  clip_end: number | null;
  hide_comments: boolean;
  may_comment: boolean;
  source: string;
  created_at: Date;
  revoked_at: Date | null;
};

const GRANT_COLUMNS = sql`g.id, g.video_id, g.user_id, u.name as user_name, g.community_id, c.name as community_name,
  g.clip_start, g.clip_end, g.hide_comments, g.may_comment, g.source, g.created_at, g.revoked_at`;

export async function listGrants(tx: Tx, videoId: string): Promise<GrantRow[]> {
  const { rows } = await tx.execute<GrantRow>(sql`
    select ${GRANT_COLUMNS} from video_grants g
      left join users u on u.id = g.user_id left join communities c on c.id = g.community_id
     where g.video_id = ${videoId} order by g.revoked_at is not null, g.created_at desc, g.id`);
  return rows;
}

export async function findGrant(tx: Tx, grantId: string): Promise<GrantRow | null> {
  const { rows } = await tx.execute<GrantRow>(sql`
    select ${GRANT_COLUMNS} from video_grants g
      left join users u on u.id = g.user_id left join communities c on c.id = g.community_id
     where g.id = ${grantId}`);
  return rows[0] ?? null;
}

/** An unrevoked grant like the one asked for (same grantee, range and source), so granting again changes nothing. */
export async function findSameGrant(
  tx: Tx,
  args: {
    videoId: string;
    userId: string | null;
    communityId: string | null;
    clip: { start: number; end: number } | null;
    source: string;
  },
): Promise<string | null> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    select id from video_grants
     where video_id = ${args.videoId} and revoked_at is null and source = ${args.source}
       and user_id is not distinct from ${args.userId}::uuid and community_id is not distinct from ${args.communityId}::uuid
       and clip_start is not distinct from ${args.clip?.start ?? null}::real
       and clip_end is not distinct from ${args.clip?.end ?? null}::real
     limit 1`);
  return rows[0]?.id ?? null;
}

export async function insertGrant(
  tx: Tx,
  args: {
    id: string;
    videoId: string;
    userId: string | null;
    communityId: string | null;
    clip: { start: number; end: number } | null;
    hideComments: boolean;
    mayComment: boolean;
    source: string;
    grantedBy: string | null;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into video_grants (id, video_id, user_id, community_id, clip_start, clip_end, hide_comments, may_comment, source, granted_by)
    values (${args.id}, ${args.videoId}, ${args.userId}, ${args.communityId}, ${args.clip?.start ?? null},
            ${args.clip?.end ?? null}, ${args.hideComments}, ${args.mayComment}, ${args.source}, ${args.grantedBy})`);
}

export async function revokeGrant(tx: Tx, grantId: string): Promise<void> {
  await tx.execute(
    sql`update video_grants set revoked_at = now() where id = ${grantId} and revoked_at is null`,
  );
}

export async function revokeGrantsBySource(tx: Tx, source: string, userId: string | null): Promise<number> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    update video_grants set revoked_at = now()
     where source = ${source} and revoked_at is null ${userId ? sql`and user_id = ${userId}` : sql``}
     returning id`);
  return rows.length;
}

export async function districtOf(tx: Tx, userId: string): Promise<string | null> {
  const { rows } = await tx.execute<{ district_id: string }>(
    sql`select district_id from users where id = ${userId}`,
  );
  return rows[0]?.district_id ?? null;
}

export async function communityDistrictsOutside(
  tx: Tx,
  communityId: string,
  districtId: string,
): Promise<boolean> {
  const { rows } = await tx.execute<{ outside: boolean }>(sql`
    select exists (select 1 from community_members m join users u on u.id = m.user_id
                    where m.community_id = ${communityId} and m.status = 'active' and u.district_id <> ${districtId}) as outside`);
  return rows[0]?.outside ?? false;
}

/**
 * The people a video's owner may share it with: active, not themselves, in their district or one
 * sharing a network with it, and only their own district's when its policy keeps videos within the
 * district. One rule for the share picker's list and for the share itself.
 */
const shareableSql = (
  viewer: { userId: string; districtId: string; networkIds: string[] },
  withinDistrict: boolean,
) =>
  sql`u.id <> ${viewer.userId} and ${reachable(viewer.districtId, viewer.networkIds)}
      and (${!withinDistrict} or u.district_id = ${viewer.districtId})`;

/** Whether the owner may share with this person (`shareableSql`). */
export async function isShareablePerson(
  tx: Tx,
  viewer: { userId: string; districtId: string; networkIds: string[] },
  withinDistrict: boolean,
  userId: string,
): Promise<boolean> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    select u.id from users u where u.id = ${userId} and ${shareableSql(viewer, withinDistrict)}`);
  return rows.length > 0;
}

/** People the owner may share with whose names match, by name (`shareableSql`). */
export async function shareablePeople(
  tx: Tx,
  viewer: { userId: string; districtId: string; networkIds: string[] },
  withinDistrict: boolean,
  args: { q: string; limit: number },
): Promise<Array<{ id: string; name: string; district_name: string | null }>> {
  const { rows } = await tx.execute<{ id: string; name: string; district_name: string | null }>(sql`
    select u.id, u.name, d.name as district_name
      from users u left join organizations d on d.id = u.district_id
     where ${shareableSql(viewer, withinDistrict)}
       and u.name ilike ${`%${args.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}
     order by u.name, u.id
     limit ${args.limit}`);
  return rows;
}

/** Whether the person is an active member of the community. */
export async function isActiveMemberOf(tx: Tx, userId: string, communityId: string): Promise<boolean> {
  const { rows } = await tx.execute<{ one: number }>(sql`
    select 1 as one from community_members
     where community_id = ${communityId} and user_id = ${userId} and status = 'active'`);
  return rows.length > 0;
}

export async function communityExists(tx: Tx, communityId: string): Promise<boolean> {
  const { rows } = await tx.execute<{ id: string }>(
    sql`select id from communities where id = ${communityId}`,
  );
  return rows.length > 0;
}

export async function insertView(
  tx: Tx,
  args: { videoId: string; viewerId: string; grantId: string | null; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await tx.execute(sql`
    insert into video_views (id, video_id, viewer_id, grant_id, token_hash, expires_at)
    values (gen_random_uuid(), ${args.videoId}, ${args.viewerId}, ${args.grantId}, ${args.tokenHash}, ${args.expiresAt})`);
}

export async function findViewByToken(
  tx: Tx,
  tokenHash: string,
): Promise<{ video_id: string; viewer_id: string; expires_at: Date } | null> {
  const { rows } = await tx.execute<{ video_id: string; viewer_id: string; expires_at: Date }>(sql`
    select video_id, viewer_id, expires_at from video_views where token_hash = ${tokenHash}`);
  return rows[0] ?? null;
}

export async function listViews(
  tx: Tx,
  videoId: string,
): Promise<{ viewer_id: string; viewer_name: string; started_at: Date }[]> {
  const { rows } = await tx.execute<{ viewer_id: string; viewer_name: string; started_at: Date }>(sql`
    select w.viewer_id, u.name as viewer_name, w.started_at from video_views w join users u on u.id = w.viewer_id
     where w.video_id = ${videoId} order by w.started_at desc limit 500`);
  return rows;
}

export type PolicyRow = {
  video_allowed: boolean;
  share_across_districts: boolean;
  retention_days: number | null;
  consent_text: string | null;
};

export async function findPolicy(tx: Tx, districtId: string): Promise<PolicyRow | null> {
  const { rows } = await tx.execute<PolicyRow>(sql`
    select video_allowed, share_across_districts, retention_days, consent_text
      from district_video_policies where district_id = ${districtId}`);
  return rows[0] ?? null;
}

export async function upsertPolicy(
  tx: Tx,
  args: { districtId: string; actorId: string | null; policy: PolicyRow },
): Promise<void> {
  const p = args.policy;
  await tx.execute(sql`
    insert into district_video_policies (district_id, video_allowed, share_across_districts, retention_days, consent_text, updated_by, updated_at)
    values (${args.districtId}, ${p.video_allowed}, ${p.share_across_districts}, ${p.retention_days}, ${p.consent_text}, ${args.actorId}, now())
    on conflict (district_id) do update set video_allowed = excluded.video_allowed,
      share_across_districts = excluded.share_across_districts, retention_days = excluded.retention_days,
      consent_text = excluded.consent_text, updated_by = excluded.updated_by, updated_at = now()`);
}

/** Videos kept longer than their district allows. */
export async function expiredVideoIds(tx: Tx, limit: number): Promise<string[]> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    select v.id from videos v join district_video_policies p on p.district_id = v.district_id
     where p.retention_days is not null and v.created_at < now() - make_interval(days => p.retention_days)
     order by v.created_at limit ${limit}`);
  return rows.map((r) => r.id);
}

/** Uploads begun longer ago than `hours` and never finished. */
export async function abandonedUploads(tx: Tx, hours: number): Promise<string[]> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    select id from videos where status = 'uploading' and updated_at < now() - make_interval(hours => ${hours})
     order by updated_at limit 500`);
  return rows.map((r) => r.id);
}

/** Videos left `processing` past the time their transcode may take (its job lost, a crash): failed visibly. */
export async function stuckVideos(tx: Tx): Promise<string[]> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    select id from videos where status = 'processing' and processing_started_at is not null
       and processing_started_at < now() - make_interval(secs => greatest(3600, coalesce(duration_seconds, 0) * 6))
     limit 500`);
  return rows.map((r) => r.id);
}

export async function touchUpload(tx: Tx, id: string): Promise<void> {
  await tx.execute(sql`update videos set updated_at = now() where id = ${id} and status = 'uploading'`);
}

/** The storage keys of every file of the person's videos (for erasure). */
export async function filesOfOwner(tx: Tx, ownerId: string): Promise<string[]> {
  const { rows } = await tx.execute<{ key: string }>(sql`
    select r.storage_key as key from video_renditions r join videos v on v.id = r.video_id where v.owner_id = ${ownerId}
    union all
    select source_key from videos where owner_id = ${ownerId} and source_key is not null`);
  return rows.map((r) => r.key);
}
