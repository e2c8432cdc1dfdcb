/**
 * Classroom video offered as evidence (issue 16): the clip is the earner's lesson video, shared by a
 * grant (source `evidence:<submission>`) with the credential's assessors and the earner's teammates,
 * for the clip's range only and with its comments only if the earner offered them. The grants follow
 * the evidence: a clip taken out loses its grant. A video its owner deleted leaves its answer in place,
 * shown as removed by its owner, and an award earned on it stays valid.
 */
import type { Tx } from '#server/db/client.ts';
import type { EvidenceAnswer } from '#server/db/schema.ts';
import type { Actor } from '#server/platform/auth.ts';
import type { EvidenceAnswerView } from '#shared/contracts/submissions.ts';
import { grantVideo, revokeVideoGrantsBySource, videoAccess } from '../../video/index.ts';
import { assessorIds, clipSubmissionsNotMemberOf, existingVideoIds, findVideoFacts } from './queries.ts';

const sourceOf = (submissionId: string) => `evidence:${submissionId}`;

const clipKey = (answers: EvidenceAnswer[]) =>
  answers
    .flatMap((a) =>
      a.videoClip
        ? [
            `${a.promptId}:${a.videoClip.videoId}:${a.videoClip.start}:${a.videoClip.end}:${a.videoClip.withComments}`,
          ]
        : [],
    )
    .sort()
    .join('|');

/**
 * Shares the evidence's clips of the actor's own videos with the submission's other members, and
 * (at submit) with the credential's assessors: a draft's clips are not theirs to see. When the clips
 * changed, the grants of clips taken out (or changed) are revoked first, the assessors' included,
 * until the evidence is submitted again. Clips of a teammate's video keep the grants their owner gave.
 */
export async function shareEvidenceVideos(
  tx: Tx,
  args: {
    actor: Actor;
    submissionId: string;
    credentialId: string;
    memberIds: string[];
    before: EvidenceAnswer[] | null;
    evidence: EvidenceAnswer[];
    /** Whether the assessors see the clips too: only once the evidence is submitted, never a draft. */
    withAssessors: boolean;
  },
): Promise<void> {
  const clips = args.evidence.flatMap((a) => (a.videoClip ? [a.videoClip] : []));
  const changed = args.before !== null && clipKey(args.before) !== clipKey(args.evidence);
  if (changed) await revokeVideoGrantsBySource({ tx, source: sourceOf(args.submissionId) });
  if (clips.length === 0 || (args.before !== null && !changed)) return;
  const assessors = args.withAssessors ? await assessorIds(tx, args.credentialId) : [];
  const viewers = [...new Set([...assessors, ...args.memberIds])].filter((id) => id !== args.actor.userId);
  for (const clip of clips) {
    const own = await videoAccess({ tx, userId: args.actor.userId, videoId: clip.videoId });
    if (!own?.manage) continue;
    for (const userId of viewers)
      await grantVideo({
        tx,
        actor: args.actor,
        videoId: clip.videoId,
        to: { userId },
        clip: { start: clip.start, end: clip.end },
        hideComments: !clip.withComments,
        mayComment: false,
        source: sourceOf(args.submissionId),
      });
  }
}

/** Ends every grant the submission's clips gave (it was withdrawn): its viewers' players stop at once. */
export async function unshareEvidenceVideos(tx: Tx, submissionId: string): Promise<void> {
  await revokeVideoGrantsBySource({ tx, source: sourceOf(submissionId) });
}

/**
 * People who are no longer the credential's assessors stop watching the clips of its submissions at
 * once, in the transaction that changed the assessors; those who are a submission's members keep theirs.
 */
export async function unshareWithFormerAssessors(
  tx: Tx,
  credentialId: string,
  userIds: string[],
): Promise<void> {
  for (const row of await clipSubmissionsNotMemberOf(tx, credentialId, userIds))
    await revokeVideoGrantsBySource({ tx, source: sourceOf(row.submission_id), userId: row.user_id });
}

/**
 * The answers as this viewer sees them, each clip with how its video stands: removed by its owner
 * (it no longer exists), or shared with the viewer (they may play it), with its title when shared.
 */
export async function describeEvidenceVideos(
  tx: Tx,
  actor: Actor,
  answers: EvidenceAnswerView[],
): Promise<EvidenceAnswerView[]> {
  const ids = [...new Set(answers.flatMap((a) => (a.videoClip ? [a.videoClip.videoId] : [])))];
  if (ids.length === 0) return answers;
  const existing = await existingVideoIds(tx, ids);
  const shown = new Map<string, NonNullable<EvidenceAnswerView['video']>>();
  for (const id of ids) {
    if (!existing.has(id)) {
      shown.set(id, { title: null, removed: true, shared: false });
      continue;
    }
    const access = await videoAccess({ tx, userId: actor.userId, videoId: id });
    const title = access ? ((await findVideoFacts(tx, id))?.title ?? null) : null;
    shown.set(id, { title, removed: false, shared: access !== null });
  }
  return answers.map((a) => (a.videoClip ? { ...a, video: shown.get(a.videoClip.videoId) } : a));
}
