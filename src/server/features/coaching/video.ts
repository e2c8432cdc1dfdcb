import type { Tx } from '#server/db/client.ts';
import { grantVideo, revokeVideoGrantsBySource, videoAccess } from '#server/features/video/index.ts';
import type { Actor } from '#server/platform/auth.ts';

/**
 * What a coaching cycle asks of the video feature: every grant it makes is under one source per
 * cycle, so a member who leaves loses every video of the cycle at once (decision 076).
 */
export const grantSource = (cycleId: string) => `coaching:${cycleId}`;

/** Whether the video is the teacher's own, to share with the cycle (otherwise answered 400). */
export async function isTeachersVideo(tx: Tx, teacherId: string, videoId: string): Promise<boolean> {
  const access = await videoAccess({ tx, userId: teacherId, videoId });
  return access?.ownerId === teacherId;
}

/** Grants the cycle's members (all but the teacher, who owns it) the video, with leave to comment. */
export async function grantToMembers(
  tx: Tx,
  teacher: Actor,
  cycleId: string,
  videoIds: string[],
  userIds: string[],
): Promise<void> {
  for (const videoId of videoIds)
    for (const userId of userIds)
      if (userId !== teacher.userId)
        await grantVideo({
          tx,
          actor: teacher,
          videoId,
          to: { userId },
          mayComment: true,
          source: grantSource(cycleId),
        });
}

/** Ends a former member's access to every video of the cycle. */
export async function revokeFromMember(tx: Tx, cycleId: string, userId: string): Promise<void> {
  await revokeVideoGrantsBySource({ tx, source: grantSource(cycleId), userId });
}
