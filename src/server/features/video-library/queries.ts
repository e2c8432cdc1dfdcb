import { sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import { readableVideosSql } from '#server/features/video/index.ts';

export type ClipRow = {
  id: string;
  video_id: string;
  community_id: string;
  title: string;
  note: string;
  shared_by: string;
  shared_by_name: string;
  clip_start: number | null;
  clip_end: number | null;
  hide_comments: boolean;
  grant_id: string;
  duration_seconds: number | null;
  created_at: string;
};

const clipColumns = sql`
  k.id, k.video_id, k.community_id, k.title, k.note, k.shared_by, u.name as shared_by_name,
  k.clip_start, k.clip_end, k.hide_comments, k.grant_id, v.duration_seconds, k.created_at::text as created_at`;

/** A community's library, newest first: clips not taken back, of videos that still exist. */
export async function listCommunityClips(
  tx: Tx,
  args: { communityId: string; viewerId: string; after?: { at: string; id: string }; limit: number },
): Promise<ClipRow[]> {
  // Only clips the viewer may still play: the grant behind the clip stands (it is revoked from the
  // video's own sharing panel too) and the video's access rule, district policy included, lets them.
  const { rows } = await tx.execute<ClipRow>(sql`
    select ${clipColumns}
      from community_video_clips k
      join videos v on v.id = k.video_id
      join video_grants g on g.id = k.grant_id and g.revoked_at is null
      join users u on u.id = k.shared_by
     where k.community_id = ${args.communityId} and k.revoked_at is null and v.status = 'ready'
       and k.video_id in ${readableVideosSql(args.viewerId)}
       ${args.after ? sql`and (k.created_at, k.id) < (${args.after.at}::timestamptz, ${args.after.id}::uuid)` : sql``}
     order by k.created_at desc, k.id desc
     limit ${args.limit + 1}`);
  return rows;
}

/** One clip of a community's library not taken back. */
export async function findCommunityClip(
  tx: Tx,
  args: { communityId: string; clipId: string },
): Promise<ClipRow | undefined> {
  const { rows } = await tx.execute<ClipRow>(sql`
    select ${clipColumns}
      from community_video_clips k
      join videos v on v.id = k.video_id
      join users u on u.id = k.shared_by
     where k.id = ${args.clipId} and k.community_id = ${args.communityId} and k.revoked_at is null
       for update of k`);
  return rows[0];
}

/** Whether this video is in this community's library already. */
export async function clipOfVideoInCommunity(
  tx: Tx,
  args: { videoId: string; communityId: string },
): Promise<string | undefined> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    select id from community_video_clips
     where video_id = ${args.videoId} and community_id = ${args.communityId} and revoked_at is null`);
  return rows[0]?.id;
}

export async function insertCommunityClip(
  tx: Tx,
  args: {
    id: string;
    videoId: string;
    communityId: string;
    sharedBy: string;
    title: string;
    note: string;
    clip: { start: number; end: number } | null;
    hideComments: boolean;
    grantId: string;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into community_video_clips
           (id, video_id, community_id, shared_by, title, note, clip_start, clip_end, hide_comments, grant_id)
    values (${args.id}, ${args.videoId}, ${args.communityId}, ${args.sharedBy}, ${args.title}, ${args.note},
            ${args.clip?.start ?? null}, ${args.clip?.end ?? null}, ${args.hideComments}, ${args.grantId})`);
}

export async function markClipRevoked(tx: Tx, clipId: string): Promise<void> {
  await tx.execute(sql`update community_video_clips set revoked_at = now() where id = ${clipId}`);
}

/**
 * Whether a community reaches beyond a district: a network's community (no district of its own), or
 * one of another district, or one with active members of another district.
 */
export async function reachesOtherDistricts(
  tx: Tx,
  args: { communityId: string; districtId: string },
): Promise<boolean> {
  const { rows } = await tx.execute<{ outside: boolean }>(sql`
    select (c.district_id is distinct from ${args.districtId}::uuid)
           or exists (select 1 from community_members m join users u on u.id = m.user_id
                       where m.community_id = c.id and m.status = 'active' and u.district_id <> ${args.districtId}::uuid)
           as outside
      from communities c where c.id = ${args.communityId}`);
  return rows[0]?.outside ?? true;
}
