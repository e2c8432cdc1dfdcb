/**
 * Evidence answers checked against the prompts they answer: each kind keeps only the field it
 * reads, and what it points at (a resource, an activity, an uploaded file) must be something the
 * earner may offer. An answer with nothing in it is dropped, so "answered" means something is there.
 * Every answer is private unless the earner says it may be public (`private: false`).
 */
import type { Tx } from '#server/db/client.ts';
import type { EvidenceAnswer, EvidencePrompt } from '#server/db/schema.ts';
import type { Actor } from '#server/platform/auth.ts';
import { type FieldError, InvalidError } from '#server/platform/errors.ts';
import { cleanFilename } from '#server/platform/file-types.ts';
import { REFLECTION_MAX } from '#shared/contracts/submissions.ts';
import type { EvidenceAnswerInput } from '#shared/contracts/submissions.ts';
import { findVisibleResource } from '../../resources/index.ts';
import { videoAccess } from '../../video/index.ts';
import { findActivities, findSubmissionFiles, findVideoFacts } from './queries.ts';

/** A prompt as people know it, quoted (cut short when long), for messages: never its internal key. */
export function promptTitle(prompt: Pick<EvidencePrompt, 'prompt'>): string {
  const words = prompt.prompt.trim().replace(/\s+/g, ' ');
  return `“${words.length > 60 ? `${words.slice(0, 59).trimEnd()}…` : words}”`;
}

/** Whether a stored file's type suits the prompt: video for a video prompt, anything else but video for a file. */
export const fileSuitsPrompt = (kind: EvidencePrompt['kind'], contentType: string) =>
  kind === 'video' ? contentType.startsWith('video/') : kind === 'file' && !contentType.startsWith('video/');

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && Boolean(url.hostname);
  } catch {
    return false;
  }
}

/** The one field an answer of this kind carries, or undefined when it carries nothing. */
function shapeAnswer(prompt: EvidencePrompt, input: EvidenceAnswerInput): EvidenceAnswer | undefined {
  // Every answer is private (members, assessors) until the earner chooses to make it public.
  const base = { promptId: prompt.id, private: input.private ?? true };
  switch (prompt.kind) {
    case 'reflection':
      return input.text?.trim() ? { ...base, text: input.text } : undefined;
    case 'link':
      return input.url ? { ...base, url: input.url } : undefined;
    case 'resource':
      return input.resourceId ? { ...base, resourceId: input.resourceId } : undefined;
    case 'activity':
      return input.statementId ? { ...base, statementId: input.statementId } : undefined;
    case 'video':
      // A clip of a lesson video stays private whatever the earner asks: it may show students.
      if (input.videoClip)
        return { ...base, private: true, videoClip: { ...input.videoClip, consentedAt: '' } };
      return input.fileId
        ? { ...base, fileId: input.fileId, filename: cleanFilename(input.filename) }
        : undefined;
    case 'file':
      return input.fileId
        ? { ...base, fileId: input.fileId, filename: cleanFilename(input.filename) }
        : undefined;
  }
}

/** What is wrong with the form of an answer's text or address, if anything. */
function formatProblem(answer: EvidenceAnswer): { field: string; message: string } | null {
  if (answer.text !== undefined && answer.text.length > REFLECTION_MAX)
    return { field: 'text', message: `must be at most ${REFLECTION_MAX} characters` };
  if (answer.url !== undefined && !isWebUrl(answer.url))
    return { field: 'url', message: 'must be an http or https address' };
  return null;
}

/** The field of an answer that points at something, for a change check and error paths. */
const pointer = (answer: EvidenceAnswer) =>
  answer.resourceId ??
  answer.statementId ??
  answer.fileId ??
  (answer.videoClip
    ? `video:${answer.videoClip.videoId}:${answer.videoClip.start}:${answer.videoClip.end}:${answer.videoClip.withComments}`
    : undefined);

/**
 * The answers, checked and shaped, in the prompts' order. A resource, activity or file already in the
 * stored evidence is not checked again (a teammate put it there, and it stays theirs to offer);
 * new ones must be visible to the member, their own activity, or uploaded to this submission.
 * Any problem is a 400 naming `/body/evidence/<index>/<field>`, and nothing is saved.
 */
export async function checkEvidence(
  tx: Tx,
  args: {
    actor: Actor;
    submissionId: string;
    prompts: EvidencePrompt[];
    stored: EvidenceAnswer[];
    answers: EvidenceAnswerInput[];
  },
): Promise<EvidenceAnswer[]> {
  const errors: FieldError[] = [];
  // What each error's field is called in the detail people read: the prompt's words, not its key.
  const named = new Map<string, string>();
  const byId = new Map(args.prompts.map((p) => [p.id, p]));
  const storedPointers = new Map(args.stored.map((a) => [a.promptId, pointer(a)]));
  const seen = new Set<string>();
  const shaped: Array<{
    index: number;
    prompt: EvidencePrompt;
    answer: EvidenceAnswer;
    input: EvidenceAnswerInput;
  }> = [];
  for (const [index, input] of args.answers.entries()) {
    const prompt = byId.get(input.promptId);
    const at = (field: string) => {
      const path = `/body/evidence/${index}/${field}`;
      named.set(path, prompt ? promptTitle(prompt) : `Answer ${index + 1}`);
      return path;
    };
    if (!prompt) {
      errors.push({ path: at('promptId'), message: 'is not a prompt of this credential' });
      continue;
    }
    if (seen.has(prompt.id)) {
      errors.push({ path: at('promptId'), message: 'is answered twice' });
      continue;
    }
    seen.add(prompt.id);
    const answer = shapeAnswer(prompt, input);
    if (!answer) continue;
    const problem = formatProblem(answer);
    if (problem) errors.push({ path: at(problem.field), message: problem.message });
    else shaped.push({ index, prompt, answer, input });
  }

  const fresh = shaped.filter(
    (s) => pointer(s.answer) && storedPointers.get(s.prompt.id) !== pointer(s.answer),
  );
  const fileIds = shaped.flatMap((s) => (s.answer.fileId ? [s.answer.fileId] : []));
  const files = await findSubmissionFiles(tx, args.submissionId, fileIds);
  const ownActivities = new Set(
    (
      await findActivities(
        tx,
        fresh.flatMap((s) => (s.answer.statementId ? [s.answer.statementId] : [])),
        args.actor.userId,
      )
    ).map((a) => a.id),
  );
  const storedClips = new Map(args.stored.map((a) => [a.promptId, a.videoClip]));
  for (const { index, prompt, answer, input } of shaped) {
    const at = (field: string) => {
      const path = `/body/evidence/${index}/${field}`;
      named.set(path, promptTitle(prompt));
      return path;
    };
    const isFresh = fresh.some((f) => f.index === index);
    if (answer.fileId) {
      const file = files.get(answer.fileId);
      if (!file) errors.push({ path: at('fileId'), message: 'is not a file uploaded to this submission' });
      else if (!fileSuitsPrompt(prompt.kind, file.contentType))
        errors.push({
          path: at('fileId'),
          message: prompt.kind === 'video' ? 'must be a video' : 'must be a document or an image',
        });
      else answer.contentType = file.contentType;
    }
    if (answer.videoClip && !isFresh)
      answer.videoClip.consentedAt = storedClips.get(prompt.id)?.consentedAt ?? new Date().toISOString();
    if (!isFresh) continue;
    if (answer.videoClip) {
      const problem = await clipProblem(tx, args.actor, answer.videoClip, input.videoConsent === true);
      if (problem) errors.push({ path: at(problem.field), message: problem.message });
      else answer.videoClip.consentedAt = new Date().toISOString();
    }
    if (answer.resourceId && !(await findVisibleResource(tx, args.actor, answer.resourceId)))
      errors.push({ path: at('resourceId'), message: 'is not a resource you may see' });
    if (answer.statementId && !ownActivities.has(answer.statementId))
      errors.push({ path: at('statementId'), message: 'is not an activity of yours' });
  }
  if (errors.length)
    throw new InvalidError(
      errors.map((e) => `${named.get(e.path) ?? e.path}: ${e.message}`).join('; '),
      errors,
    );
  const order = new Map(args.prompts.map((p, i) => [p.id, i]));
  return shaped
    .map((s) => s.answer)
    .sort((a, b) => (order.get(a.promptId) ?? 0) - (order.get(b.promptId) ?? 0));
}

/**
 * What is wrong with a clip newly offered as evidence: the earner's consent, a range that is one, and
 * a video of their own that is ready and long enough.
 */
async function clipProblem(
  tx: Tx,
  actor: Actor,
  clip: NonNullable<EvidenceAnswer['videoClip']>,
  consent: boolean,
): Promise<{ field: string; message: string } | null> {
  if (clip.end <= clip.start) return { field: 'videoClip/end', message: 'must be after the start' };
  const access = await videoAccess({ tx, userId: actor.userId, videoId: clip.videoId });
  if (!access?.manage) return { field: 'videoClip/videoId', message: 'is not a video of yours' };
  const video = await findVideoFacts(tx, clip.videoId);
  if (video?.status !== 'ready') return { field: 'videoClip/videoId', message: 'is not ready to play yet' };
  if (video.seconds !== null && clip.end > video.seconds + 0.5)
    return {
      field: 'videoClip/end',
      message: `must be within the video (${Math.floor(video.seconds)} seconds long)`,
    };
  if (!consent)
    return {
      field: 'videoConsent',
      message: 'confirm that the credential’s assessors may watch this clip',
    };
  return null;
}

/** The required prompts the evidence leaves unanswered. */
export const unansweredPrompts = (prompts: EvidencePrompt[], evidence: EvidenceAnswer[]) => {
  const answered = new Set(evidence.map((a) => a.promptId));
  return prompts.filter((p) => p.required && !answered.has(p.id));
};
